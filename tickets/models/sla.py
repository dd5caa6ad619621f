"""Service levels: calendars, policies and their targets, and promises."""

from datetime import time
from typing import TYPE_CHECKING, Any, ClassVar
from zoneinfo import ZoneInfo, available_timezones

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from ..businesstime import Schedule
from .core import Priority

if TYPE_CHECKING:
    from .core import Ticket


def validate_time_zone(value: str) -> None:
    if value not in available_timezones():
        raise ValidationError(
            _("%(value)r is not a time zone (e.g. Europe/London).") % {"value": value}
        )


class Organisation(models.Model):
    name = models.CharField(max_length=200, unique=True)
    is_vip = models.BooleanField(
        "VIP",
        default=False,
        help_text=_("Every customer of this organisation is a VIP."),
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class BusinessCalendar(models.Model):
    name = models.CharField(max_length=100, unique=True)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    holiday_country = models.CharField(
        max_length=8,
        blank=True,
        help_text=_("ISO code for loading public holidays, e.g. GB, DE, US."),
    )
    holiday_subdivision = models.CharField(
        max_length=8, blank=True, help_text=_("Optional region, e.g. ENG, BY, CA.")
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} ({self.time_zone})"

    @cached_property
    def schedule(self) -> Schedule:
        hours: dict[int, list[tuple[int, int]]] = {}
        for hours_range in self.working_hours.all():
            hours.setdefault(hours_range.weekday, []).append(hours_range.minutes)
        return Schedule(
            ZoneInfo(self.time_zone),
            hours,
            frozenset(holiday.date for holiday in self.holidays.all()),
        )


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class WorkingHours(models.Model):
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="working_hours"
    )
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices)
    start = models.TimeField()
    end = models.TimeField(help_text=_("00:00 means midnight at the end of the day."))

    class Meta:
        ordering = ("weekday", "start")
        verbose_name_plural = "working hours"

    def __str__(self) -> str:
        # Also as just written, times still as typed ("09:00"): the audit
        # trail names the row on saving it.
        start, end = (str(t)[:5] for t in (self.start, self.end))
        return f"{self.get_weekday_display()} {start}-{end}"

    @property
    def minutes(self) -> tuple[int, int]:
        end = 1440 if self.end == time(0, 0) else self.end.hour * 60 + self.end.minute
        return self.start.hour * 60 + self.start.minute, end

    def clean(self) -> None:
        if self.start is not None and self.end is not None:
            start, end = self.minutes
            if start >= end:
                raise ValidationError(_("The range must end after it starts."))


class Holiday(models.Model):
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.CASCADE, related_name="holidays"
    )
    date = models.DateField()
    name = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ("date",)
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["calendar", "date"], name="one_holiday_a_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class SLAPolicy(models.Model):
    """Targets for the tickets it applies to; the first match in order wins."""

    name = models.CharField(max_length=100, unique=True)
    order = models.PositiveIntegerField(
        default=100, help_text=_("Lower first: the first policy that applies is used.")
    )
    is_active = models.BooleanField(default=True)
    calendar = models.ForeignKey(
        BusinessCalendar,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("Business hours the targets count in; empty means 24/7."),
    )
    queues = models.ManyToManyField(
        "tickets.Queue", blank=True, help_text=_("Empty: any queue.")
    )
    priorities = models.JSONField(
        default=list, blank=True, help_text=_("Empty: any priority.")
    )
    organisations = models.ManyToManyField(
        Organisation, blank=True, help_text=_("Empty: any organisation.")
    )
    vip_only = models.BooleanField(
        "VIP customers only",
        default=False,
        help_text=_("Only customers flagged VIP, or of a VIP organisation."),
    )
    warn_at_percent = models.PositiveSmallIntegerField(
        default=75,
        validators=[MinValueValidator(1), MaxValueValidator(99)],
        help_text=_("Warn when this share of a target has passed."),
    )
    escalation_group = models.ForeignKey(
        Group,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        help_text=_("Told when a deadline is breached."),
    )

    class Meta:
        ordering = ("order", "pk")
        verbose_name = "SLA policy"
        verbose_name_plural = "SLA policies"

    def __str__(self) -> str:
        return self.name

    def applies_to(self, ticket: "Ticket") -> bool:
        customer = ticket.customer
        organisation = customer.organisation
        vip = customer.is_vip or bool(organisation and organisation.is_vip)
        return (
            (not self.priorities or ticket.priority in self.priorities)
            and (not self.vip_only or vip)
            and self._in(self.queues, ticket.queue_id)
            and self._in(self.organisations, customer.organisation_id)
        )

    @staticmethod
    def _in(related: "models.Manager[Any]", pk: int | None) -> bool:
        chosen = [item.pk for item in related.all()]  # served by a prefetch
        return not chosen or pk in chosen


class SLATarget(models.Model):
    policy = models.ForeignKey(
        SLAPolicy, on_delete=models.CASCADE, related_name="targets"
    )
    priority = models.CharField(max_length=16, choices=Priority.choices)
    first_response_minutes = models.PositiveIntegerField(
        help_text=_("Business minutes (a business day of 9:00-17:30 is 510).")
    )
    next_response_minutes = models.PositiveIntegerField()
    resolution_minutes = models.PositiveIntegerField()

    class Meta:
        ordering = ("policy", "priority")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["policy", "priority"], name="one_target_a_priority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.get_priority_display()}"


class Promise(models.Model):
    """Something an agent promised the customer, with a date (P8)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        KEPT = "kept", _("Kept")
        CANCELLED = "cancelled", _("Cancelled")

    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="promises"
    )
    description = models.CharField(max_length=300)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reminded_for = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("due_at",)
        indexes: ClassVar = [models.Index(fields=["state", "due_at"])]

    def __str__(self) -> str:
        return f"{self.description} (by {self.due_at:%Y-%m-%d %H:%M})"
