"""Service-level targets as people write them: "4 h", "1 day", "2 days 4 h",
"90 min" (a plain number is hours), in business time. A business day is
the policy calendar's working day (9:00-17:30 is 8 h 30 min); around the
clock, 24 hours. Stored as business minutes, shown the same way back, and
listed in the priorities' real order (urgent first)."""

import re
from collections import Counter
from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from ..models import BusinessCalendar, Priority, SLATarget

# A number and its unit, as written in English or German (and as shown
# back: "1 business day 2 h 30 min", "1 Arbeitstag 2 Std. 30 Min.").
PART = re.compile(
    r"(\d+(?:[.,]\d+)?)\s*"
    r"(business\s+days?|days?|arbeitstage?|tage?|d"
    r"|hours?|hrs?|stunden?|std\.?|h"
    r"|minutes?|minuten?|min\.|mins?|m)?(?![a-zäöü])",
    re.IGNORECASE,
)
DAY_UNITS = ("b", "d", "a", "t")
AROUND_THE_CLOCK = 24 * 60


def day_minutes(calendar: BusinessCalendar | None) -> int:
    """The calendar's usual working day, in minutes (the most common)."""
    if calendar is None or calendar.pk is None:
        return AROUND_THE_CLOCK
    lengths = Counter(
        end - start for start, end in (h.minutes for h in calendar.working_hours.all())
    )
    return lengths.most_common(1)[0][0] if lengths else AROUND_THE_CLOCK


def minutes_read(text: str, day: int) -> int:
    """ "2 days 4 h" as business minutes; ValueError when it is not one."""
    cleaned = text.strip().lower()
    if not cleaned:
        raise ValueError(f"not a time: {text!r}")
    total, end = 0.0, 0
    for match in PART.finditer(cleaned):
        if match.start() != end and cleaned[end : match.start()].strip(" ,+and"):
            raise ValueError(f"not a time: {text!r}")
        number = float(match.group(1).replace(",", "."))
        unit = (match.group(2) or "h")[0].lower()
        scale = day if unit in DAY_UNITS else 60 if unit in ("h", "s") else 1
        total += number * scale
        end = match.end()
    if end == 0 or cleaned[end:].strip() or total <= 0:
        raise ValueError(f"not a time: {text!r}")
    return round(total)


def minutes_shown(minutes: int | None, day: int) -> str:
    """Business minutes as "1 business day 2 h 30 min"."""
    if minutes is None:
        return ""
    days, rest = (
        divmod(minutes, day)
        if day != AROUND_THE_CLOCK or minutes >= day
        else (0, minutes)
    )
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(
            ngettext("%(n)d business day", "%(n)d business days", days) % {"n": days}
        )
    if hours:
        parts.append(_("%(n)d h") % {"n": hours})
    if mins or not parts:
        parts.append(_("%(n)d min") % {"n": mins})
    return " ".join(str(p) for p in parts)


class DurationInput(forms.TextInput):
    day = AROUND_THE_CLOCK

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, int):
            return minutes_shown(value, self.day)
        shown: str | None = super().format_value(value)
        return shown


class SLATargetForm(forms.ModelForm[SLATarget]):
    FIELDS = ("first_response_minutes", "next_response_minutes", "resolution_minutes")

    class Meta:
        model = SLATarget
        fields = (
            "priority",
            "first_response_minutes",
            "next_response_minutes",
            "resolution_minutes",
        )
        labels = {  # noqa: RUF012
            "first_response_minutes": _("First response within"),
            "next_response_minutes": _("Next response within"),
            "resolution_minutes": _("Resolution within"),
        }

    def __init__(
        self, *args: Any, calendar: BusinessCalendar | None = None, **kwargs: Any
    ) -> None:
        """``calendar``: the policy's, as the admin's form has it (the
        policy itself may not be saved yet)."""
        super().__init__(*args, **kwargs)
        self.day = day_minutes(calendar)
        for name in self.FIELDS:
            widget = DurationInput(
                attrs={"size": 14, "placeholder": _("e.g. 4 h, 1 day")}
            )
            widget.day = self.day
            self.fields[name] = forms.CharField(
                label=self.fields[name].label,
                widget=widget,
                help_text=_("Business time: 30 min, 4 h, 1 day, 2 days 4 h."),
            )

    def _duration(self, name: str) -> int:
        raw = self.cleaned_data.get(name, "")
        try:
            return minutes_read(str(raw), self.day)
        except ValueError:
            raise forms.ValidationError(
                _("Write a time such as “30 min”, “4 h” or “2 days”.")
            ) from None

    def clean_first_response_minutes(self) -> int:
        return self._duration("first_response_minutes")

    def clean_next_response_minutes(self) -> int:
        return self._duration("next_response_minutes")

    def clean_resolution_minutes(self) -> int:
        return self._duration("resolution_minutes")


PRIORITY_ORDER = Case(
    *(
        When(priority=value, then=Value(i))
        for i, value in enumerate(reversed(Priority.values))
    ),
    output_field=IntegerField(),
)


class SLATargetInline(admin.StackedInline[SLATarget, Any]):
    model = SLATarget
    form = SLATargetForm
    extra = 0
    max_num = len(Priority.choices)

    def get_queryset(self, request: HttpRequest) -> QuerySet[SLATarget]:
        """Urgent first, as a team reads its promises."""
        return (
            super().get_queryset(request).annotate(rank=PRIORITY_ORDER).order_by("rank")
        )
