from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil

from ..permissions import can_view_reports

register = template.Library()
register.filter("can_view_reports", can_view_reports)


@register.filter
def deadline(value: datetime | None) -> str:
    """'in 3 hours' or 'overdue by 20 minutes'."""
    if value is None:
        return ""
    now = timezone.now()
    if value >= now:
        return f"in {timeuntil(value, now, depth=1)}"
    return f"overdue by {timesince(value, now, depth=1)}"


@register.filter
def age(value: datetime | None) -> str:
    """'3 hours ago', or 'just now' within the first minute."""
    if value is None:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return "just now"
    return f"{timesince(value, depth=1)} ago"


@register.filter
def get_item(mapping: dict[str, object], key: str) -> object:
    return mapping.get(key)


@register.filter
def minutes(value: float | None) -> str:
    """45 -> '45 min', 87 -> '1 h 27 min', 3000 -> '2 d 2 h'."""
    if value is None:
        return "-"
    whole = round(value)
    if whole < 60:
        return f"{whole} min"
    hours, mins = divmod(whole, 60)
    if hours < 24:
        return f"{hours} h {mins} min" if mins else f"{hours} h"
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h" if hours else f"{days} d"


@register.filter
def share(value: float | None) -> str:
    """0.873 -> '87%'; nothing to count -> a dash."""
    return "-" if value is None else f"{value:.0%}"
