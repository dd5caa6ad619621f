from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import outbox
from .models import Notification


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
