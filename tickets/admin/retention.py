"""Retention schedules in the admin: each with what it would remove now
(its dry run), checked when saved; run by the beat once switched on."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from ..models.retention import RetentionSchedule
from ..services.retention import retention_dry_run

LEAST_DAYS_FOR_TICKETS = 30


class RetentionForm(forms.ModelForm[RetentionSchedule]):
    class Meta:
        model = RetentionSchedule
        fields = ("name", "what", "after_days", "queue", "organisation", "is_active")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        days = cleaned.get("after_days") or 0
        what = cleaned.get("what")
        if (
            what == RetentionSchedule.What.CLOSED_TICKETS
            and days < LEAST_DAYS_FOR_TICKETS
        ):
            self.add_error(
                "after_days",
                _("Closed tickets are kept at least %(days)d days: a shorter "
                  "schedule would remove tickets customers may still reopen.")
                % {"days": LEAST_DAYS_FOR_TICKETS},
            )  # fmt: skip
        if what != RetentionSchedule.What.CLOSED_TICKETS and (
            cleaned.get("queue") or cleaned.get("organisation")
        ):
            self.add_error(
                "queue", _("Only closed tickets are kept per queue or organisation.")
            )
        return cleaned


@admin.register(RetentionSchedule)
class RetentionAdmin(admin.ModelAdmin[RetentionSchedule]):
    form = RetentionForm
    list_display = (
        "name", "what", "after_days", "is_active", "would_remove", "last_run_at",
        "last_removed",
    )  # fmt: skip
    list_editable = ("is_active",)
    readonly_fields = ("would_remove", "last_run_at", "last_removed")

    @admin.display(description=_("Would remove now (dry run)"))
    def would_remove(self, schedule: RetentionSchedule) -> int | str:
        return retention_dry_run(schedule) if schedule.pk else ""
