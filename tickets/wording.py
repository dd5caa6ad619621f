"""Words for what happened to a ticket, in the reader's language, from the
facts each event keeps: ``describe`` for a line of a ticket's history (the
agent's timeline, the API), ``notice_words`` for a watchdog's alert (also
its email). One place knows every kind; pages and emails ask it."""

from datetime import datetime

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk.core.locales import format_when

from . import sla
from .models import TicketEvent, display_name

Kind = TicketEvent.Kind


def notice_words(event: TicketEvent, time_zone: str = "") -> str:
    """A watchdog's words, in the active language, from the facts the event
    keeps (which deadline in ``old_value``, the moment or the hours in
    ``new_value``); events written before they kept them, their stored words."""
    kind, ticket = event.kind, event.ticket
    due: datetime | None = None
    if event.new_value[:4].isdigit() and "T" in event.new_value:
        due = datetime.fromisoformat(event.new_value)
    when = format_when(due, time_zone or sla.time_zone(ticket)) if due else ""
    values = {"ref": ticket.reference, "when": when, "name": ticket.customer.name}
    deadlines: dict[tuple[str, str], str] = {
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
    if (kind, event.old_value) in deadlines and due:
        return deadlines[(kind, event.old_value)] % values
    if kind == TicketEvent.Kind.SILENCE_ALERT and event.new_value.isdigit():
        hours = int(event.new_value)
        return ngettext(
            "%(name)s has had no news about %(ref)s for %(hours)d hour. "
            "A short update would reassure them.",
            "%(name)s has had no news about %(ref)s for %(hours)d hours. "
            "A short update would reassure them.",
            hours,
        ) % (values | {"hours": hours})
    if kind == TicketEvent.Kind.STILL_WORKING:
        return _(
            "An automatic update told the customer the ticket is still being worked on."
        )
    if kind == TicketEvent.Kind.PROMISE_DUE and event.promise and due:
        values["what"] = event.promise.description
        if due <= (event.created_at or timezone.now()):
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


def _by(event: TicketEvent) -> SafeString:
    """ " by the customer", " by Sam Agent", or nothing."""
    if event.by_customer:
        return format_html(" {}", _("by the customer"))
    if event.actor is not None:
        return format_html(" {} {}", _("by"), display_name(event.actor))
    return SafeString("")


def _said(text: str) -> SafeString:
    return format_html(": “{}”", text) if text else SafeString("")


def _day(value: str) -> str:
    """An ISO moment kept by the event, as a day and time in the page's time
    zone (as every time on the timeline); other text as is."""
    try:
        moment = datetime.fromisoformat(value) if value else None
    except ValueError:
        return value
    if moment is None or timezone.is_naive(moment):
        return value
    return format_when(moment, timezone.get_current_timezone_name(), "day")


def describe(event: TicketEvent, time_zone: str) -> SafeString:
    """One line of a ticket's history, as HTML, in the active language; the
    moments in ``time_zone`` (the ticket's calendar)."""
    kind = event.kind
    if kind == Kind.CREATED:
        return format_html("{}", _("Ticket opened by the customer"))
    if kind == Kind.STATUS_CHANGED:
        return format_html(
            "{} {} &rarr; <strong>{}</strong>{}{}",
            _("Status"),
            event.get_old_status_display(),
            event.get_new_status_display(),
            _by(event),
            _said(event.reason),
        )
    if event.promise_id is not None and event.promise is not None:
        return _promise(event, time_zone)
    if kind == Kind.INCIDENT_UPDATE and event.incident_update is not None:
        update = event.incident_update
        return format_html(
            '<strong>{}</strong> ({}, {}): “{}”<br><span class="reason">{}</span>',
            _("Incident update"),
            update.get_status_display(),
            _("emailed to the customer") if update.is_public else _("internal"),
            event.new_value,
            linebreaksbr(update.body),
        )
    if kind == Kind.INCIDENT_LINKED:
        if event.new_value:
            head = format_html(
                "{} <strong>{}</strong>", _("Linked to the incident"), event.new_value
            )
        else:
            head = format_html(
                "{} {}", _("Unlinked from the incident"), event.old_value
            )
        return format_html("{}{}", head, _by(event))
    if kind == Kind.FOLLOWUP:
        return format_html("{}", _("Follow-up sent: “Is everything working now?”"))
    if kind == Kind.RATED:
        return format_html(
            '{} <strong class="rating rating-{}">{}</strong>{}',
            _("The customer rated the help"),
            event.new_value,
            event.new_value,
            _said(event.reason),
        )
    if event.is_notice:
        return format_html(
            "<strong>{}</strong>: {}",
            event.get_kind_display(),
            notice_words(event, time_zone),
        )
    was = format_html("{} &rarr; ", _day(event.old_value))
    return format_html(
        "{}: {}<strong>{}</strong>{}",
        event.get_kind_display(),
        was if event.old_value else "",
        _day(event.new_value),
        _by(event) if event.actor else "",
    )


def _promise(event: TicketEvent, time_zone: str) -> SafeString:
    promise = event.promise
    assert promise is not None  # noqa: S101 - the caller checked
    was = format_html(" {} &rarr;", _day(event.old_value)) if event.old_value else ""
    now = (
        format_html(" <strong>{}</strong>", _day(event.new_value))
        if event.new_value
        else ""
    )
    reason = ""
    if event.reason:
        words = (
            notice_words(event, time_zone)
            if event.kind == Kind.PROMISE_DUE
            else event.reason
        )
        reason = format_html('<br><span class="reason">{}</span>', words)
    return format_html(
        "{}: “{}”{}{}{}{}",
        event.get_kind_display(),
        promise.description,
        was,
        now,
        _by(event) if event.actor else "",
        reason,
    )
