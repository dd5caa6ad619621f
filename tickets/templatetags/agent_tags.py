from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.timesince import timesince, timeuntil

register = template.Library()


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
