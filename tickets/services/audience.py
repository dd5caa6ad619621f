"""Who hears about what happens to a ticket (P3, P11): the customer and
everyone in copy for customer-visible steps, the owner for alerts, the queue's
agents for new work. The outbox only delivers what this decides."""

from collections.abc import Iterable, Sequence
from datetime import datetime

from django.contrib.auth.models import User

from notifications.models import Notification
from notifications.outbox import Recipient, notify_many

from ..models import Ticket, TicketEvent, display_name
from ..selectors import routing
from .facts import facts_news

Kind = Notification.Kind
Event = TicketEvent.Kind

# What the customer (and everyone in copy) gets for each step they should see.
CUSTOMER_KIND_FOR_EVENT: dict[str, Notification.Kind] = {
    Event.CREATED: Kind.ACKNOWLEDGEMENT,
    Event.STATUS_CHANGED: Kind.STATUS_CHANGED,
    Event.REPLIED: Kind.REPLY,
    Event.STILL_WORKING: Kind.STILL_WORKING,
    Event.PROMISE_MOVED: Kind.PROMISE_MOVED,
    Event.FOLLOWUP: Kind.FOLLOWUP,
    Event.INCIDENT_UPDATE: Kind.INCIDENT_UPDATE,
}
# Steps for the customer alone: nobody is in copy of a new ticket yet, the
# follow-up's rating links are the customer's, and an incident's update
# goes to each affected customer.
CUSTOMER_ALONE = frozenset({Event.CREATED, Event.FOLLOWUP, Event.INCIDENT_UPDATE})
# Alerts for whoever owns the ticket (the assignee, else the queue's agents).
OWNER_KIND_FOR_EVENT: dict[str, Notification.Kind] = {
    Event.SLA_WARNING: Kind.SLA_WARNING,
    Event.SILENCE_ALERT: Kind.SILENCE_ALERT,
    Event.PROMISE_DUE: Kind.PROMISE_DUE,
    Event.SLA_BREACHED: Kind.SLA_BREACHED,
    # Announced only when a rating turns bad (see satisfaction).
    Event.RATED: Kind.BAD_RATING,
}


def _agents(
    kind: Notification.Kind, users: Iterable[User], preference: str = ""
) -> list[Recipient]:
    """Active agents with an address, who have not turned this email off."""
    found = []
    for user in users:
        profile = getattr(user, "agent_profile", None)
        wanted = not preference or profile is None or getattr(profile, preference)
        if user.is_active and user.email and wanted:
            name = display_name(user)
            language = profile.language if profile is not None else ""
            found.append(Recipient(kind, user.email, name, language))
    return found


def recipients(event: TicketEvent, *, to_customer: bool = True) -> list[Recipient]:
    """Everyone this event should reach, each once."""
    ticket = event.ticket
    found: list[Recipient] = []
    kind = CUSTOMER_KIND_FOR_EVENT.get(event.kind)
    if kind is not None and to_customer:
        copied = [] if event.kind in CUSTOMER_ALONE else list(ticket.cc.all())
        people = [ticket.customer, *copied]
        found += [
            Recipient(kind, person.email, person.name, person.language)
            for person in people
        ]
    kind = OWNER_KIND_FOR_EVENT.get(event.kind)
    if kind is not None:
        owners = (
            [ticket.assignee]
            if ticket.assignee
            else routing.queue_agents(ticket.queue_id)
        )
        if event.kind == Event.SLA_BREACHED and ticket.sla_policy is not None:
            group = ticket.sla_policy.escalation_group
            owners += list(group.user_set.all()) if group is not None else []
        found += _agents(kind, owners)
    if event.kind == Event.CREATED and ticket.assignee_id is None:
        found += _agents(
            Kind.AGENT_NEW_TICKET,
            routing.queue_agents(ticket.queue_id),
            "notify_new_ticket",
        )
    if event.kind == Event.CUSTOMER_REPLIED and ticket.assignee is not None:
        found += _agents(
            Kind.AGENT_CUSTOMER_REPLIED, [ticket.assignee], "notify_customer_reply"
        )
    return found


def events_announce(
    *, events: Sequence[TicketEvent], to_customer: bool = True
) -> list[Notification]:
    """Write the outbox rows these events call for, in the caller's
    transaction (one insert however many), and note the news given."""
    rows = notify_many(
        (event, recipient)
        for event in events
        for recipient in recipients(event, to_customer=to_customer)
    )
    # A ticket opened with an acknowledgement recorded that news when inserted.
    already = {
        event.ticket_id
        for event in events
        if event.kind == Event.CREATED and event.ticket.last_customer_news_at
    }
    told = {row.ticket_id for row in rows if not row.to_agent} - already
    if told:
        at = max(event.created_at for event in events)
        news_given(ticket_ids=sorted(told), at=at)
    return rows


def event_announce(
    *, event: TicketEvent, to_customer: bool = True
) -> list[Notification]:
    """``events_announce`` for one event (the door calls the bulk one)."""
    return events_announce(events=[event], to_customer=to_customer)


def news_given(*, ticket_ids: list[int], at: datetime) -> None:
    """The customers of these tickets heard from us: the silence watchdog
    starts over for each."""
    Ticket.objects.filter(pk__in=ticket_ids).update(
        last_customer_news_at=at, silence_alerted_at=None
    )
    facts_news(ticket_ids=ticket_ids, at=at)
