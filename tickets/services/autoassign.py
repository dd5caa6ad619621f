"""Automatic assignment per queue (``Queue.assignment``): a consumer of the
event door. A new ticket, or one moved into the queue with nobody on it,
goes to one of the queue's active agents who is not away: in turn (round
robin, the queue's row locked so two new tickets never go to the same
turn), or to whoever has the fewest open tickets. With nobody to give it
to, it waits in the queue as before. Registered before the rules, so a
rule that assigns has the last word."""

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import Queue, Status, Ticket, TicketEvent
from ..selectors.routing import queue_assigns
from .assignment import ticket_assign
from .events import consumer
from .robot import robot

Kind = TicketEvent.Kind
FINISHED = (Status.RESOLVED, Status.CLOSED)


@consumer("assignment")
def assignment_react(events: Sequence[TicketEvent]) -> None:
    for event in events:
        kind_fits = event.kind in {Kind.CREATED, Kind.QUEUE_CHANGED}
        if kind_fits and queue_assigns(event.ticket.queue_id):
            ticket_autoassign(event.ticket_id)


def _available(queue: Queue) -> QuerySet[User]:
    return (
        queue.agents.filter(is_active=True)
        .exclude(agent_profile__away_until__gt=timezone.now())
        .order_by("pk")
    )


def ticket_autoassign(ticket_id: int) -> User | None:
    """Give the ticket to one of its queue's agents, as the queue says;
    whom it went to (None: it waits)."""
    ticket = Ticket.objects.select_related("queue").get(pk=ticket_id)
    queue = ticket.queue
    if queue.assignment == Queue.Assignment.OFF or ticket.assignee_id is not None:
        return None
    if ticket.status in FINISHED:
        return None
    if queue.assignment == Queue.Assignment.ROUND_ROBIN:
        agent = _next_in_turn(queue)
    else:
        agent = (
            _available(queue)
            .annotate(
                load=Count(
                    "assigned_tickets",
                    filter=~Q(assigned_tickets__status__in=FINISHED),
                )
            )
            .order_by("load", "pk")
            .first()
        )
    if agent is None:
        return None
    ticket_assign(ticket=ticket, assignee=agent, actor=robot())
    return agent


def _next_in_turn(queue: Queue) -> User | None:
    locked = Queue.objects.select_for_update().get(pk=queue.pk)
    agents = list(_available(queue))
    if not agents:
        return None
    after = [a for a in agents if a.pk > (locked.last_assigned_id or 0)]
    agent = (after or agents)[0]
    Queue.objects.filter(pk=queue.pk).update(last_assigned=agent)
    return agent
