from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django import template
from django.conf import settings
from django.contrib.auth.models import User
from django.utils import formats, timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _

from ..models import TicketEvent
from ..permissions import can_view_reports
from ..selectors.alerts import BELL_CAP, unread_alerts
from ..wording import describe, notice_words

register = template.Library()
register.filter("can_view_reports", can_view_reports)


@register.filter
def deadline(value: datetime | None) -> str:
    """'in 3 hours' or 'overdue by 20 minutes'."""
    if value is None:
        return ""
    now = timezone.now()
    if value >= now:
        return _("in %(time)s") % {"time": timeuntil(value, now, depth=1)}
    return _("overdue by %(time)s") % {"time": timesince(value, now, depth=1)}


@register.filter
def age(value: datetime | None) -> str:
    """'3 hours ago', or 'just now' within the first minute."""
    if value is None:
        return ""
    if (timezone.now() - value).total_seconds() < 60:
        return _("just now")
    return _("%(time)s ago") % {"time": timesince(value, depth=1)}


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
        return _("%(m)d min") % {"m": whole}
    hours, mins = divmod(whole, 60)
    if hours < 24:
        if mins:
            return _("%(h)d h %(m)d min") % {"h": hours, "m": mins}
        return _("%(h)d h") % {"h": hours}
    days, hours = divmod(hours, 24)
    if hours:
        return _("%(d)d d %(h)d h") % {"d": days, "h": hours}
    return _("%(d)d d") % {"d": days}


@register.filter
def share(value: float | None) -> str:
    """0.873 -> '87%'; nothing to count -> a dash."""
    if value is None:
        return "-"
    return _("%(percent)s%%") % {"percent": formats.number_format(value * 100, 0)}


@register.filter
def notice(event: TicketEvent, time_zone: str = "") -> str:
    """A watchdog's alert in the reader's language (in the calendar's zone)."""
    return notice_words(event, time_zone)


@register.filter(name="describe")
def describe_event(event: TicketEvent, time_zone: str = "") -> str:
    """A line of the ticket's history (tickets.wording.describe); in the
    server's zone where the page names none (the bell's list)."""
    return describe(event, time_zone or str(settings.TIME_ZONE))


@register.filter
def has_pk(items: Iterable[Any], pk: int) -> bool:
    """Whether one of these (people, choices) is the one with this key."""
    return any(item.pk == pk for item in items)


@register.simple_tag(takes_context=True)
def unread_alerts_of(context: template.Context, user: User) -> str:
    """The bell's count (tickets.selectors.alerts), "99+" past its cap;
    counted already where the view marked some read (the ticket page)."""
    known = getattr(context.get("request"), "unread_alerts", None)
    count = unread_alerts(user) if known is None else known
    return "99+" if count >= BELL_CAP else str(count)
