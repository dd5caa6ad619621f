"""The facts reports count, written by the services as they happen (issue 12).

Each function is called from the service where its fact becomes known, in
that service's transaction, so that a fact commits or rolls back with the
change it describes. Counters and the "once missed, missed" flags are
written with expressions in one UPDATE: two writers never lose a count.
"""

from datetime import datetime

from django.db.models import Case, F, Value, When
from django.utils import timezone

from .. import sla
from ..models import Channel, Message, Status, Ticket, TicketFacts
from ..selectors.report_counts import longest_silence

DONE = (Status.RESOLVED, Status.CLOSED)


def _write(ticket_id: int, **fields: object) -> None:
    """Change one ticket's facts; its day's summary is redone after."""
    TicketFacts.objects.filter(pk=ticket_id).update(changed_at=timezone.now(), **fields)


def _sticky_miss(field: str, met: bool | None) -> Case:
    """A target once missed stays missed; otherwise it takes ``met``."""
    return Case(When(**{field: False}, then=Value(False)), default=Value(met))


# The channel a ticket came by, from its first message's source.
CHANNEL_OF_SOURCE: dict[str, str] = {
    Message.Source.WEB: Channel.WEB,
    Message.Source.PORTAL: Channel.WEB,
    Message.Source.EMAIL: Channel.EMAIL,
    Message.Source.API: Channel.API,
    Message.Source.AGENT: Channel.AGENT,
    Message.Source.PHONE: Channel.AGENT,
    Message.Source.CHAT: Channel.AGENT,
}


def facts_open(ticket: Ticket, *, source: str, articles_suggested: int) -> None:
    """A new ticket: its dimensions, and the customer's wait begins."""
    organisation = ticket.customer.organisation_id
    TicketFacts.objects.create(
        ticket=ticket,
        created_at=ticket.created_at,
        channel=CHANNEL_OF_SOURCE.get(source, Channel.WEB),
        queue_id=ticket.queue_id,
        priority=ticket.priority,
        sla_policy_id=ticket.sla_policy_id,
        organisation_id=organisation,
        assignee_id=ticket.assignee_id,
        silent_since=ticket.created_at,
        articles_suggested=articles_suggested,
        changed_at=ticket.created_at,
    )


def facts_dims(ticket: Ticket) -> None:
    """Queue, priority, policy or owner changed: reports follow the ticket."""
    _write(
        ticket.pk,
        queue_id=ticket.queue_id,
        priority=ticket.priority,
        sla_policy_id=ticket.sla_policy_id,
        assignee_id=ticket.assignee_id,
    )


def facts_replied(
    ticket: Ticket, *, at: datetime, owed: datetime | None, counted: bool, first: bool
) -> None:
    """A public reply at ``at``. ``owed`` is the answer's deadline before it
    (None: nothing was owed), ``counted`` whether the watchdog already
    counted that deadline as missed, ``first`` whether it is the first."""
    if first:
        due = ticket.first_response_due_at
        _write(
            ticket.pk,
            first_responded_at=at,
            first_response_minutes=sla.business_minutes(ticket, ticket.created_at, at),
            first_response_met=_sticky_miss(
                "first_response_met", None if due is None else at <= due
            ),
        )
    elif owed is not None and not counted:
        name = "next_responses_met" if at <= owed else "next_responses_missed"
        _write(ticket.pk, **{name: F(name) + 1})


def facts_transition(ticket: Ticket, old: str, new: str, at: datetime) -> None:
    """After ``sla.transition`` set the ticket's clock fields: a resolution,
    a reopening, and the customer's wait stopping or starting again."""
    fields: dict[str, object] = {}
    if new in DONE and old not in DONE:
        stopped = ticket.sla_paused_at or at  # waiting stopped the clock earlier
        running = sla.business_minutes(ticket, ticket.created_at, stopped)
        due = ticket.resolution_due_at
        fields |= {
            "resolved_at": at,
            "resolution_minutes": max(running - ticket.sla_paused_minutes, 0),
            "resolution_met": _sticky_miss(
                "resolution_met", None if due is None else stopped <= due
            ),
        }
    elif old in DONE and new not in DONE:
        fields |= {
            "resolved_at": None,
            "reopened_from": F("resolved_at"),
            "resolution_minutes": None,
            "resolution_met": _sticky_miss("resolution_met", None),
            "reopened": F("reopened") + 1,
        }
    if new in Status.PAUSED and old in Status.ACTIVE:
        fields |= {"longest_silence": longest_silence(at), "silent_since": None}
    elif old in Status.PAUSED and new in Status.ACTIVE:
        fields["silent_since"] = at
    if fields:
        _write(ticket.pk, **fields)


def facts_news(*, ticket_ids: list[int], at: datetime) -> None:
    """The customers of these tickets heard from us: a stretch of silence
    ends for those we owed something, and the next one starts."""
    TicketFacts.objects.filter(pk__in=ticket_ids, silent_since__isnull=False).update(
        longest_silence=longest_silence(at), silent_since=at, changed_at=timezone.now()
    )


def facts_missed(ticket: Ticket, *, deadline: str) -> None:
    """The watchdog found a deadline passed unanswered (``due_at`` or
    ``resolution_due_at``): counted as missed now, not when the late
    answer comes."""
    if deadline == "resolution_due_at":
        _write(ticket.pk, resolution_met=False)
    elif ticket.first_responded_at is None:
        _write(ticket.pk, first_response_met=False)
    else:
        _write(ticket.pk, next_responses_missed=F("next_responses_missed") + 1)


def facts_still_working(ticket: Ticket) -> None:
    _write(ticket.pk, still_working_updates=F("still_working_updates") + 1)


def facts_rated(ticket: Ticket, *, score: str, at: datetime) -> None:
    """The customer rated the help (again): counted on the day they did."""
    _write(ticket.pk, rating=score, rerated_from=F("rated_at"), rated_at=at)


def facts_touched(ticket: Ticket) -> None:
    """Its tags or field values changed: its day's summary (which counts by
    them) is redone."""
    _write(ticket.pk)
