"""Words for what happened to a ticket, in the reader's language, from the
facts each event keeps: ``describe`` for a line of a ticket's history (the
agent's timeline, the API), ``notice_words`` for a watchdog's alert (also
its email). One place knows every kind; pages and emails ask it."""

from datetime import datetime
from html import unescape

from django.template.defaultfilters import linebreaksbr
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from helpdesk.core.locales import format_when

from . import sla
from .models import Priority, TicketEvent, display_name
from .models.history import payload_of
from .models.payloads import (
    Assigned,
    CcAdded,
    Created,
    FollowupSent,
    IncidentLinked,
    IncidentUpdateSent,
    Payload,
    PriorityChanged,
    PromiseDue,
    PromiseKept,
    PromiseMade,
    PromiseMoved,
    QueueChanged,
    Rated,
    Returned,
    SilenceAlert,
    SlaBreached,
    SlaWarning,
    StatusChanged,
    StillWorking,
)
from .organised_words import describe_organised

Kind = TicketEvent.Kind


def notice_words(event: TicketEvent, time_zone: str = "") -> str:
    """A watchdog's words, in the active language, from the facts the event
    keeps (tickets.models.payloads); events written before they kept them,
    their stored words."""
    ticket, payload = event.ticket, payload_of(event)
    zone = time_zone or sla.time_zone(ticket)
    values = {"ref": ticket.reference, "name": ticket.customer.name}
    match payload:
        case SlaWarning(deadline=deadline, due_at=due) if due:
            values["when"] = format_when(due, zone)
            if deadline == "answer":
                return _("The answer to %(ref)s is due %(when)s.") % values
            return _("The resolution to %(ref)s is due %(when)s.") % values
        case SlaBreached(deadline=deadline, due_at=due) if due:
            values["when"] = format_when(due, zone)
            if deadline == "answer":
                return _("The answer to %(ref)s was due %(when)s and is late.") % values
            return _("The resolution to %(ref)s was due %(when)s and is late.") % values
        case SilenceAlert(hours=hours) if hours:
            return ngettext(
                "%(name)s has had no news about %(ref)s for %(hours)d hour. "
                "A short update would reassure them.",
                "%(name)s has had no news about %(ref)s for %(hours)d hours. "
                "A short update would reassure them.",
                hours,
            ) % (values | {"hours": hours})
        case StillWorking():
            return _(
                "An automatic update told the customer the ticket is still being "
                "worked on."
            )
        case PromiseDue(promise=promise, due_at=due) if promise and due:
            values |= {"what": promise.description, "when": format_when(due, zone)}
            if due <= (event.created_at or timezone.now()):
                return (
                    _(
                        "We promised %(name)s “%(what)s” by %(when)s; it was due. "
                        "Keep it, or move it: the customer is told."
                    )
                    % values
                )
            return (
                _(
                    "We promised %(name)s “%(what)s” by %(when)s; it is due. Keep "
                    "it, or move it: the customer is told."
                )
                % values
            )
    return event.reason


def priority_words(value: str) -> str:
    """A priority kept by an event, in the reader's language (older events
    kept the label: as is)."""
    return str(Priority(value).label) if value in Priority.values else value


def person_words(name: str) -> str:
    """A person kept by an event; "" is nobody."""
    return name or _("nobody")


def _by(event: TicketEvent) -> SafeString:
    """ " by the customer", " by Sam Agent", or nothing."""
    if event.by_customer:
        return format_html(" {}", _("by the customer"))
    if event.actor is not None:
        return format_html(" {} {}", _("by"), display_name(event.actor))
    return SafeString("")


def _said(text: str) -> SafeString:
    return format_html(": “{}”", text) if text else SafeString("")


def _day(moment: datetime) -> str:
    """A moment kept by the event, as a day and time in the page's time zone
    (as every time on the timeline)."""
    return format_when(moment, timezone.get_current_timezone_name(), "day")


def describe(event: TicketEvent, time_zone: str) -> SafeString:
    """One line of a ticket's history, as HTML, in the active language; the
    moments in ``time_zone`` (the ticket's calendar)."""
    payload = payload_of(event)
    label = event.get_kind_display()
    match payload:
        case Created(message=message):
            if event.actor is not None:
                return format_html(
                    "{} ({})",
                    _("Ticket opened by %(agent)s for the customer")
                    % {"agent": display_name(event.actor)},
                    message.get_source_display() if message else "",
                )
            return format_html("{}", _("Ticket opened by the customer"))
        case StatusChanged():
            return format_html(
                "{} {} &rarr; <strong>{}</strong>{}{}",
                _("Status"),
                event.get_old_status_display(),
                event.get_new_status_display(),
                _by(event),
                _said(payload.reason),
            )
        case PromiseMade() | PromiseMoved() | PromiseKept() | PromiseDue():
            return _promise(event, payload, time_zone)
        case IncidentUpdateSent(incident_update=update, title=title):
            return format_html(
                '<strong>{}</strong> ({}, {}): “{}”<br><span class="reason">{}</span>',
                _("Incident update"),
                update.get_status_display(),
                _("emailed to the customer") if update.is_public else _("internal"),
                title,
                linebreaksbr(update.body),
            )
        case IncidentLinked(was=was, now=now):
            if now:
                head = format_html(
                    "{} <strong>{}</strong>", _("Linked to the incident"), now
                )
            else:
                head = format_html("{} {}", _("Unlinked from the incident"), was)
            return format_html("{}{}", head, _by(event))
        case FollowupSent():
            return format_html("{}", _("Follow-up sent: “Is everything working now?”"))
        case Rated(score=score, comment=comment):
            return format_html(
                '{} <strong class="rating rating-{}">{}</strong>{}',
                _("The customer rated the help"),
                score,
                score,
                _said(comment),
            )
        case SlaWarning() | SlaBreached() | SilenceAlert() | StillWorking():
            return format_html(
                "<strong>{}</strong>: {}", label, notice_words(event, time_zone)
            )
        case Returned(reason=reason):
            return format_html("<strong>{}</strong>: {}", label, reason)
        case PriorityChanged(was=was, now=now):
            return _change(event, priority_words(was), priority_words(now))
        case Assigned(was=was, now=now):
            return _change(event, person_words(was), person_words(now))
        case QueueChanged(was=was, now=now):
            return _change(event, was, now)
        case CcAdded(email=email):
            return _change(event, "", email)
    organised = describe_organised(event, payload)
    if organised is not None:
        return format_html("{}{}", organised, _by(event) if event.actor else "")
    return format_html("{}", label)


def describe_text(event: TicketEvent, time_zone: str) -> str:
    """The same line as plain text (the API, plain-text emails)."""
    html = describe(event, time_zone).replace("<br>", "\n")
    return unescape(strip_tags(html))


def _change(event: TicketEvent, was: str, now: str) -> SafeString:
    """ "Priority changed: Normal → High by Sam Agent"."""
    return format_html(
        "{}: {}<strong>{}</strong>{}",
        event.get_kind_display(),
        format_html("{} &rarr; ", was) if was else "",
        now,
        _by(event) if event.actor else "",
    )


def _promise(event: TicketEvent, payload: Payload, time_zone: str) -> SafeString:
    promise = getattr(payload, "promise", None)
    if promise is None:  # deleted with its ticket's history kept
        return format_html("{}", event.get_kind_display())
    was = getattr(payload, "was", None)
    due = getattr(payload, "due_at", None)
    reason = ""
    if event.reason:
        words = (
            notice_words(event, time_zone)
            if isinstance(payload, PromiseDue)
            else event.reason
        )
        reason = format_html('<br><span class="reason">{}</span>', words)
    return format_html(
        "{}: “{}”{}{}{}{}",
        event.get_kind_display(),
        promise.description,
        format_html(" {} &rarr;", _day(was)) if was else "",
        format_html(" <strong>{}</strong>", _day(due)) if due else "",
        _by(event) if event.actor else "",
        reason,
    )
