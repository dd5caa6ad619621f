from datetime import datetime

from django import template
from django.utils import formats, timezone
from django.utils.timesince import timesince, timeuntil
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk.locales import format_when

from .. import sla
from ..models import TicketEvent
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
    """A watchdog's words, in the reader's language, from the facts the
    event keeps; events without them keep the words they were written in."""
    kind, ticket = event.kind, event.ticket
    due: datetime | None = None
    if event.new_value[:4].isdigit() and "T" in event.new_value:
        due = datetime.fromisoformat(event.new_value)
    when = format_when(due, time_zone or sla.time_zone(ticket)) if due else ""
    values = {"ref": ticket.reference, "when": when, "name": ticket.customer.name}
    sentences: dict[tuple[str, str], str] = {
        (TicketEvent.Kind.SLA_WARNING, "answer"): _(
            "The answer to %(ref)s is due %(when)s."
        ),
        (TicketEvent.Kind.SLA_WARNING, "resolution"): _(
            "The resolution to %(ref)s is due %(when)s."
        ),
        (TicketEvent.Kind.SLA_BREACHED, "answer"): _(
            "The answer to %(ref)s was due %(when)s and is late."
        ),
        (TicketEvent.Kind.SLA_BREACHED, "resolution"): _(
            "The resolution to %(ref)s was due %(when)s and is late."
        ),
    }
    if (kind, event.old_value) in sentences and due:
        return sentences[(kind, event.old_value)] % values
    if kind == TicketEvent.Kind.SILENCE_ALERT and event.new_value.isdigit():
        return ngettext(
            "%(name)s has had no news about %(ref)s for %(hours)d hour. "
            "A short update would reassure them.",
            "%(name)s has had no news about %(ref)s for %(hours)d hours. "
            "A short update would reassure them.",
            int(event.new_value),
        ) % (values | {"hours": int(event.new_value)})
    if kind == TicketEvent.Kind.STILL_WORKING:
        return _(
            "An automatic update told the customer the ticket is still being worked on."
        )
    if kind == TicketEvent.Kind.PROMISE_DUE and event.promise and due:
        values["what"] = event.promise.description
        if due <= event.created_at:
            return (
                _(
                    "We promised %(name)s “%(what)s” by %(when)s; it was due. Keep it, "
                    "or move it: the customer is told."
                )
                % values
            )
        return (
            _(
                "We promised %(name)s “%(what)s” by %(when)s; it is due. Keep it, "
                "or move it: the customer is told."
            )
            % values
        )
    return event.reason
