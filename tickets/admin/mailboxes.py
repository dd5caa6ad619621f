"""Mailboxes in Django admin: the server and how to sign in (the password
is written, never shown, and kept encrypted), what becomes of a message
once it is stored, and how the last polls went."""

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.db.models import Field, QuerySet, URLField
from django.http import HttpRequest
from django.urls import URLPattern, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Mailbox
from ..services.mailbox_auth import mailbox_client_secret_set, mailbox_password_set
from ..services.mailboxes import mailbox_poll
from . import mailbox_oauth

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise

SUBMISSION_PORT = 587
OAUTH2_FIELDS = (
    "oauth_provider",
    "oauth_client_id",
    "oauth_tenant",
    "oauth_authorize_url",
    "oauth_token_url",
    "oauth_scope",
    "smtp_host",
    "smtp_port",
)


def _https(db_field: Field[Any, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """An address typed without a scheme is https (Django 6's default)."""
    return (
        kwargs | {"assume_scheme": "https"}
        if isinstance(db_field, URLField)
        else kwargs
    )


def _form_field(db_field: Field[Any, Any], **kwargs: Any) -> forms.Field | None:
    return db_field.formfield(**_https(db_field, kwargs))


def _secret(label: "StrOrPromise", help_text: "StrOrPromise") -> forms.CharField:
    """Written, never shown again: kept encrypted by the service."""
    return forms.CharField(
        label=label,
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=help_text,
    )


class MailboxForm(forms.ModelForm[Mailbox]):
    password = _secret(
        gettext_lazy("password"),
        gettext_lazy("Kept encrypted. Leave empty to keep the one saved before."),
    )
    client_secret = _secret(
        gettext_lazy("client secret"),
        gettext_lazy(
            "The application's secret, kept encrypted. Leave empty to keep "
            "the one saved before."
        ),
    )

    class Meta:
        model = Mailbox
        formfield_callback = _form_field
        fields = (
            "name",
            "address",
            "aliases",
            "queue",
            "is_active",
            "protocol",
            "host",
            "port",
            "security",
            "trusted_certificate",
            "username",
            "auth",
            *OAUTH2_FIELDS,
            "folder",
            "after_fetch",
            "move_to",
            "poll_seconds",
            "import_existing",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("auth", "oauth_provider", "smtp_port"):  # left out: defaults
            self.fields[name].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["auth"] = data.get("auth") or Mailbox.Auth.PASSWORD
        data["oauth_provider"] = (
            data.get("oauth_provider") or Mailbox.Provider.MICROSOFT
        )
        data["smtp_port"] = data.get("smtp_port") or SUBMISSION_PORT
        if data.get("auth") == Mailbox.Auth.OAUTH2:
            self._clean_oauth2(data)
        else:
            if not self.instance.password_sealed and not data.get("password"):
                self.add_error("password", _("The mailbox needs its password."))
            if data.get("smtp_host"):
                self.add_error(
                    "smtp_host", _("Only for a mailbox signed in with OAuth2.")
                )
        if data.get("after_fetch") == Mailbox.AfterFetch.MOVE and not data.get(
            "move_to"
        ):
            self.add_error("move_to", _("Name the folder to move messages to."))
        if data.get("protocol") == Mailbox.Protocol.POP3 and data.get(
            "after_fetch"
        ) in (Mailbox.AfterFetch.SEEN, Mailbox.AfterFetch.MOVE):
            self.add_error(
                "after_fetch",
                _("POP3 can only delete a message or leave it."),
            )
        if data.get("protocol") == Mailbox.Protocol.POP3 and data.get(
            "import_existing"
        ):
            self.add_error(
                "import_existing",
                _(
                    "Only IMAP can tell old mail from new; for POP3, import an "
                    "export with “manage.py import_email --history”."
                ),
            )
        return data

    def _clean_oauth2(self, data: dict[str, Any]) -> None:
        if data.get("protocol") != Mailbox.Protocol.IMAP:
            self.add_error("auth", _("OAuth2 is for IMAP mailboxes."))
        if not data.get("oauth_client_id"):
            self.add_error(
                "oauth_client_id", _("The application's ID from the provider.")
            )
        if not self.instance.oauth_client_secret_sealed and not data.get(
            "client_secret"
        ):
            self.add_error("client_secret", _("The application's secret."))
        if data.get("oauth_provider") == Mailbox.Provider.OTHER:
            for name in ("oauth_authorize_url", "oauth_token_url", "oauth_scope"):
                if not data.get(name):
                    self.add_error(name, _("Needed for another provider."))


@admin.register(Mailbox)
class MailboxAdmin(admin.ModelAdmin[Mailbox]):
    form = MailboxForm
    list_display = (
        "name",
        "address",
        "queue",
        "protocol",
        "is_active",
        "last_success_at",
        "waiting",
        "fetched_total",
        "status",
    )
    list_filter = ("is_active", "protocol")
    actions = ("poll_now",)
    readonly_fields = (
        "connection",
        "status",
        "last_polled_at",
        "last_success_at",
        "last_error_at",
        "waiting",
        "fetched_total",
    )
    fieldsets = (
        (None, {"fields": ("name", "address", "aliases", "queue", "is_active")}),
        (
            gettext_lazy("Server"),
            {
                "fields": (
                    "protocol",
                    "host",
                    "port",
                    "security",
                    "trusted_certificate",
                    "username",
                    "auth",
                    "password",
                )
            },
        ),
        (
            gettext_lazy("OAuth2 (Microsoft 365, Google Workspace)"),
            {
                "fields": (
                    "oauth_provider",
                    "oauth_client_id",
                    "client_secret",
                    *OAUTH2_FIELDS[2:],
                    "connection",
                )
            },
        ),
        (
            gettext_lazy("Fetching"),
            {
                "fields": (
                    "folder",
                    "after_fetch",
                    "move_to",
                    "poll_seconds",
                    "import_existing",
                )
            },
        ),
        (
            gettext_lazy("Last polls"),
            {
                "fields": (
                    "status",
                    "last_polled_at",
                    "last_success_at",
                    "last_error_at",
                    "waiting",
                    "fetched_total",
                )
            },
        ),
    )

    @admin.display(description=gettext_lazy("status"))
    def status(self, box: Mailbox) -> str:
        if box.last_error:
            return box.last_error
        if box.last_success_at is None:
            return _("Not polled yet.")
        return _("Working.")

    def save_model(
        self, request: HttpRequest, obj: Mailbox, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        password = form.cleaned_data.get("password")
        if password:
            mailbox_password_set(mailbox=obj, password=password)
        secret = form.cleaned_data.get("client_secret")
        if secret:
            mailbox_client_secret_set(mailbox=obj, secret=secret)

    def formfield_for_dbfield(
        self, db_field: Field[Any, Any], request: HttpRequest, **kwargs: Any
    ) -> forms.Field | None:
        return super().formfield_for_dbfield(
            db_field, request, **_https(db_field, kwargs)
        )

    def get_urls(self) -> list[URLPattern]:
        own = [
            path(
                "<int:mailbox_id>/connect/",
                self.admin_site.admin_view(mailbox_oauth.connect),
                name="tickets_mailbox_connect",
            ),
            path(
                "oauth/callback/",
                self.admin_site.admin_view(mailbox_oauth.callback),
                name="tickets_mailbox_oauth_callback",
            ),
        ]
        return own + super().get_urls()

    @admin.display(description=gettext_lazy("OAuth2 connection"))
    def connection(self, box: Mailbox) -> str:
        return mailbox_oauth.connection(box)

    @admin.action(description=gettext_lazy("Poll the chosen mailboxes now"))
    def poll_now(self, request: HttpRequest, queryset: QuerySet[Mailbox]) -> None:
        for box in queryset:
            poll = mailbox_poll(mailbox_id=box.pk)
            box.refresh_from_db()
            if poll is None:
                messages.warning(
                    request,
                    _("%(box)s: being polled already, or switched off.")
                    % {"box": box.name},
                )
            elif box.last_error:
                messages.error(request, f"{box.name}: {box.last_error}")
            else:
                messages.success(
                    request,
                    _("%(box)s: %(fetched)d taken, %(waiting)d waiting.")
                    % {
                        "box": box.name,
                        "fetched": poll.fetched,
                        "waiting": poll.waiting,
                    },
                )
