from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from tickets.models import TicketEvent

from . import outbox
from .models import Notification, Webhook, WebhookDelivery
from .webhooks import address_problem


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    list_display = (
        "created_at",
        "kind",
        "ticket",
        "recipient_email",
        "state",
        "delayed",
        "attempts",
        "sent_at",
        "problem",
    )
    list_display_links = ("created_at", "kind")
    list_filter = ("state", "kind")
    date_hierarchy = "created_at"
    list_per_page = 50
    list_select_related = ("ticket",)
    search_fields = ("recipient_email",)
    readonly_fields = tuple(f.name for f in Notification._meta.fields)
    actions = ("retry_now",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("Problem"))
    def problem(self, notification: Notification) -> str:
        """The last error, short enough to keep every column in view."""
        error = notification.last_error
        return error if len(error) <= 80 else error[:79] + "…"

    @admin.display(boolean=True, description=_("Delayed"))
    def delayed(self, notification: Notification) -> bool:
        return notification.is_delayed

    @admin.action(description=_("Send again now (failed or pending)"))
    def retry_now(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = outbox.notification_retry(
            ids=list(queryset.values_list("pk", flat=True))
        )
        messages.success(
            request,
            ngettext(
                "%(count)d email queued again.", "%(count)d emails queued again.", count
            )
            % {"count": count},
        )


class WebhookForm(forms.ModelForm[Webhook]):
    url = forms.URLField(max_length=500, assume_scheme="https", label=_("Address"))
    kinds = forms.MultipleChoiceField(
        choices=TicketEvent.Kind.choices,
        widget=forms.CheckboxSelectMultiple,
        label=_("Events"),
        help_text=_("A signed JSON post for each (README, “Automation”)."),
    )

    class Meta:
        model = Webhook
        fields = ("name", "url", "kinds", "is_active")

    def clean_url(self) -> str:
        url = str(self.cleaned_data["url"])
        if problem := address_problem(url):
            raise forms.ValidationError(
                _("We do not post to this address: %(problem)s.") % {"problem": problem}
            )
        return url


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin[Webhook]):
    form = WebhookForm
    list_display = ("name", "url", "is_active", "failing_since", "log")
    readonly_fields = ("failing_since", "switched_off_reason", "log")

    @admin.display(description=_("Deliveries"))
    def log(self, hook: Webhook) -> SafeString:
        url = reverse("admin:notifications_webhookdelivery_changelist")
        return format_html(
            '<a href="{}?hook__id__exact={}">{}</a>', url, hook.pk, _("Log")
        )

    def save_model(
        self, request: HttpRequest, obj: Webhook, form: Any, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if not change:  # the secret, once: the receiver checks signatures with it
            messages.warning(
                request,
                _(
                    "Signing secret for %(name)s (shown once; keep it with the "
                    "receiver): %(secret)s"
                )
                % {"name": obj.name, "secret": obj.secret},
            )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin[WebhookDelivery]):
    list_display = (
        "created_at",
        "hook",
        "style",
        "url",
        "state",
        "status_code",
        "attempts",
        "delivered_at",
        "last_error",
    )
    list_filter = ("state", "style", "hook")
    date_hierarchy = "created_at"
    list_select_related = ("hook",)
    readonly_fields = tuple(f.name for f in WebhookDelivery._meta.fields)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


from . import admin_wording  # noqa: E402, F401 - registers the email wording
