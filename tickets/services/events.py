"""The one door for "something happened to a ticket" (DESIGN.md, the event
spine). Services keep their rules and conditional updates, and then call
``event_record`` once (``events_record`` for many tickets at once). In one
place, in the caller's transaction, it

1. writes the ``TicketEvent`` row;
2. stamps the ticket's ``updated_at`` with the event's own time (what open
   pages poll) and appends the event's words to its search document;
3. updates the report facts the event changes (``facts_for``);
4. hands the events to their consumers in a fixed order: the audience (who
   is emailed, through the outbox), then whatever is registered with
   ``consumer`` (rules and webhooks plug in here, never through signals).

A test keeps this module the only place that creates ``TicketEvent`` rows;
it also moves them, when a merge makes one ticket's history another's.
"""

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from ..models import Rating, Ticket, TicketEvent
from ..models.payloads import Payload
from .audience import events_announce
from .facts import (
    facts_dims,
    facts_missed,
    facts_open,
    facts_rated,
    facts_replied,
    facts_still_working,
    facts_touched,
    facts_transition,
)

SEARCH_DOCUMENT_LIMIT = 200_000
Kind = TicketEvent.Kind
Consumer = Callable[[Sequence[TicketEvent]], None]
CONSUMERS: list[tuple[str, Consumer]] = []


def consumer(name: str) -> Callable[[Consumer], Consumer]:
    """Register a reaction to every recorded event, called in the recording
    transaction after the audience, in the order registered. A consumer that
    changes a ticket does so through a service (and so through this door)."""

    def register(react: Consumer) -> Consumer:
        CONSUMERS[:] = [(n, c) for n, c in CONSUMERS if n != name] + [(name, react)]
        return react

    return register


def event_record(
    *,
    ticket: Ticket,
    payload: Payload,
    actor: Any = None,
    by_customer: bool = False,
    words: str = "",
    announce: bool = True,
    to_customer: bool = True,
    facts: dict[str, Any] | None = None,
    worded: Callable[[TicketEvent], str] | None = None,
    at: datetime | None = None,
) -> TicketEvent:
    """Record one event and everything that follows from it.

    ``payload``: what happened, typed by kind (tickets.models.payloads),
    checked here. ``words``: text the agents' search should find the ticket
    by (a reply, a note, a new address in copy). ``announce``: whether anyone
    is emailed about it; ``to_customer=False`` keeps the customer's email
    back (an acknowledgement over the hourly limit). ``facts``: what the
    report facts need beyond the event (a reply's answer owed before it).
    ``worded``: words the event's reason from the event itself (a watchdog's
    alert). ``at``: when it happened, for old mail imported as history (the
    ticket is still stamped now, so open pages see it)."""
    event = _event(ticket, payload, actor=actor, by_customer=by_customer)
    if at is not None:
        event.created_at = at
    if worded is not None:
        event.reason = worded(event)
    event.save()
    _follow(
        [event], words=words, facts=facts or {}, stamp=timezone.now() if at else None
    )
    if announce:
        events_announce(events=[event], to_customer=to_customer)
    _consume([event])
    return event


def events_record(
    *,
    entries: Sequence[tuple[Ticket, Payload]],
    actor: Any = None,
    by_customer: bool = False,
    announce: bool = True,
) -> list[TicketEvent]:
    """The bulk twin, for fan-outs (an incident's update to thousands of
    tickets): one event per ticket, each with its own payload; one insert,
    one stamp, one outbox insert."""
    created = TicketEvent.objects.bulk_create(
        _event(ticket, payload, actor=actor, by_customer=by_customer)
        for ticket, payload in entries
    )
    for event, (ticket, _payload) in zip(created, entries, strict=True):
        event.ticket = ticket
    _follow(created, words="", facts={})
    if announce:
        events_announce(events=created)
    _consume(created)
    return created


def events_move(*, tickets: Sequence[Ticket], to: Ticket) -> int:
    """A merge: the merged tickets' history becomes the survivor's, in time
    order (each event keeps its own time). An incident's update that reached
    both stays where it is: it reaches a ticket once. Nothing is announced
    again; the merge's own event says what happened."""
    reached = to.events.filter(incident_update__isnull=False).values("incident_update")
    return (
        TicketEvent.objects.filter(ticket__in=tickets)
        .exclude(incident_update__in=reached)
        .update(ticket=to)
    )


def _event(
    ticket: Ticket, payload: Payload, *, actor: Any, by_customer: bool
) -> TicketEvent:
    payload.check()
    return TicketEvent(
        ticket=ticket,
        kind=payload.kind,
        actor=actor,
        by_customer=by_customer,
        **payload.columns(),
    )


def _follow(
    events: Sequence[TicketEvent],
    *,
    words: str,
    facts: dict[str, Any],
    stamp: datetime | None = None,
) -> None:
    """``stamp``: the ticket's new ``updated_at`` when not the events' own
    time (an imported event is old; open pages must still see it)."""
    at = stamp or max(event.created_at for event in events)
    changed: dict[str, Any] = {"updated_at": at}
    if words:
        changed["search_document"] = Concat(
            "search_document", Value("\n" + words[:SEARCH_DOCUMENT_LIMIT])
        )
    # A ticket inserted in this transaction carries its own time and words.
    stamped = {e.ticket_id for e in events if e.kind != Kind.CREATED or words}
    if stamped:
        Ticket.objects.filter(pk__in=stamped).update(**changed)
    for event in events:
        if event.ticket_id in stamped:
            event.ticket.updated_at = at
        facts_for(event, **facts)


def facts_for(event: TicketEvent, **extra: Any) -> None:
    """The report facts this event changes (tickets.services.facts)."""
    ticket = event.ticket
    if event.kind == Kind.CREATED:
        source = event.message.source if event.message else ""
        facts_open(
            ticket, source=source, articles_suggested=len(event.suggested_articles)
        )
    elif event.kind == Kind.STATUS_CHANGED:
        at = extra.get("at", event.created_at)  # the clock the SLA fields took
        facts_transition(ticket, event.old_status, event.new_status, at)
    elif event.kind == Kind.REPLIED:
        facts_replied(ticket, **extra)
    elif event.kind in (
        Kind.ASSIGNED,
        Kind.RETURNED,
        Kind.PRIORITY_CHANGED,
        Kind.QUEUE_CHANGED,
    ):
        facts_dims(ticket)
    elif event.kind == Kind.RATED:
        facts_rated(ticket, score=Rating.Score(event.new_value), at=event.created_at)
    elif event.kind == Kind.SLA_BREACHED and "deadline" in extra:
        facts_missed(ticket, deadline=extra["deadline"])
    elif event.kind == Kind.STILL_WORKING:
        facts_still_working(ticket)
    elif event.kind in (Kind.TAGS_CHANGED, Kind.FIELD_CHANGED):
        facts_touched(ticket)


def _consume(events: Sequence[TicketEvent]) -> None:
    for _name, react in CONSUMERS:
        react(events)
