"""One door for "change one thing on a ticket": its status, assignee, priority
or queue. The ticket page, bulk actions, Django admin and the API all read
the raw value here and apply it through the single-ticket service, so each
surface gets the same rules, events, deadlines and emails."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from helpdesk.core.parsing import as_id

from ..models import Incident, Priority, Queue, Status, Ticket, TicketEvent
from ..selectors.workspace import agents
from .assignment import ticket_assign, ticket_change_priority, ticket_move_queue
from .errors import InvalidChange, TicketError
from .lifecycle import ticket_change_status
from .linking import incident_link

CHANGEABLE = ("status", "assignee", "priority", "queue", "incident")


@dataclass(frozen=True)
class TicketChange:
    """A parsed change: ``what`` names the field, ``value`` is the new one
    (a Status, a Priority, a Queue, an agent, an Incident, or None for
    nobody or no incident)."""

    what: str
    value: Status | Priority | Queue | User | Incident | None


def change_read(*, what: str, value: object) -> TicketChange:
    """Read a raw value as a surface received it ("resolved", "7", "", None).

    ``assignee`` takes an agent's id, or nothing (or 0) for nobody. Raises
    InvalidChange with a sentence for the person when the value is no choice.
    """
    raw = "" if value is None else str(value).strip()
    if what == "status" and raw in Status.values:
        return TicketChange(what, Status(raw))
    if what == "priority" and raw in Priority.values:
        return TicketChange(what, Priority(raw))
    if what == "assignee":
        if raw in ("", "0"):
            return TicketChange(what, None)
        pk = as_id(raw)
        agent = agents().filter(pk=pk).first() if pk else None
        if agent is not None:
            return TicketChange(what, agent)
    if what == "incident":
        if raw in ("", "0"):
            return TicketChange(what, None)
        pk = as_id(raw)
        incident = Incident.objects.filter(pk=pk).first() if pk else None
        if incident is not None:
            return TicketChange(what, incident)
    if what == "queue" and (pk := as_id(raw)):
        queue = Queue.objects.filter(pk=pk).first()
        if queue is not None:
            return TicketChange(what, queue)
    if what not in CHANGEABLE:
        raise InvalidChange(
            _("A ticket's %(what)s cannot be changed here.") % {"what": what}
        )
    raise InvalidChange(
        _("%(raw)r is not a valid choice to %(what)s.") % {"raw": raw, "what": what}
    )


@transaction.atomic
def ticket_change(
    *, ticket: Ticket, change: TicketChange, actor: User, reason: str = ""
) -> TicketEvent:
    """Apply one parsed change through the service that owns its rules."""
    value = change.value
    if change.what == "status" and isinstance(value, str):
        return ticket_change_status(
            ticket=ticket, new_status=value, actor=actor, reason=reason
        )
    if change.what == "priority" and isinstance(value, str):
        return ticket_change_priority(ticket=ticket, priority=value, actor=actor)
    if change.what == "queue" and isinstance(value, Queue):
        return ticket_move_queue(ticket=ticket, queue=value, actor=actor)
    if change.what == "assignee" and (value is None or isinstance(value, User)):
        return ticket_assign(ticket=ticket, assignee=value, actor=actor)
    if change.what == "incident" and (value is None or isinstance(value, Incident)):
        linked = incident_link(incident=value, tickets=[ticket], actor=actor)
        if not linked:
            raise TicketError(
                _("%(ref)s is already linked to %(incident)s.")
                % {"ref": ticket.reference, "incident": value}
                if value
                else _("%(ref)s is not linked to an incident.")
                % {"ref": ticket.reference}
            )
        return linked[0]
    raise InvalidChange(
        _("A ticket's %(what)s cannot be set to %(value)r.")
        % {"what": change.what, "value": value}
    )


@dataclass
class BulkOutcome:
    done: list[Ticket] = field(default_factory=list)
    refused: list[tuple[Ticket, str]] = field(default_factory=list)


def tickets_bulk_change(
    *, tickets: Iterable[Ticket], change: TicketChange, actor: User
) -> BulkOutcome:
    """The same change to many tickets, each in its own transaction with its
    own events and emails; refusals are collected, not raised."""
    outcome = BulkOutcome()
    for ticket in tickets:
        try:
            ticket_change(ticket=ticket, change=change, actor=actor)
        except TicketError as error:
            outcome.refused.append((ticket, str(error)))
        else:
            outcome.done.append(ticket)
    return outcome


# Where each changeable thing is kept on the ticket, as change_read reads it.
_HELD = {
    "status": "status",
    "priority": "priority",
    "assignee": "assignee_id",
    "queue": "queue_id",
    "incident": "incident_id",
}


def values_before(*, tickets: Iterable[Ticket], what: str) -> dict[str, str]:
    """Each ticket's value of ``what`` before a change (by ticket id, as
    text): what an Undo puts back."""
    held = _HELD[what]
    return {
        str(ticket.pk): "" if (value := getattr(ticket, held)) is None else str(value)
        for ticket in tickets
    }


def tickets_bulk_undo(
    *, tickets: Iterable[Ticket], what: str, before: dict[str, str], actor: User
) -> BulkOutcome:
    """Put each ticket's ``what`` back as it was, through the same services
    (so the history, deadlines and emails follow). A ticket already back
    where it was is left alone; one the rules refuse is reported."""
    outcome = BulkOutcome()
    held = _HELD[what]
    for ticket in tickets:
        was = before.get(str(ticket.pk))
        now = getattr(ticket, held)
        if was is None or ("" if now is None else str(now)) == was:
            continue
        try:
            change = change_read(what=what, value=was)
            ticket_change(ticket=ticket, change=change, actor=actor)
        except TicketError as error:
            outcome.refused.append((ticket, str(error)))
        else:
            outcome.done.append(ticket)
    return outcome
