"""Mailboxes in Django admin: the server and how to sign in (the password
is written, never shown, and kept encrypted), what becomes of a message
once it is stored, and how the last polls went."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import Mailbox
from ..services.mailboxes import mailbox_password_set, mailbox_poll


class MailboxForm(forms.ModelForm[Mailbox]):
    password = forms.CharField(
        label=gettext_lazy("password"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy(
            "Kept encrypted. Leave empty to keep the one saved before."
        ),
    )

    class Meta:
        model = Mailbox
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
            "folder",
            "after_fetch",
            "move_to",
            "poll_seconds",
            "import_existing",
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.instance.password_sealed and not data.get("password"):
            self.add_error("password", _("The mailbox needs its password."))
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
                    "password",
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
