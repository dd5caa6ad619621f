"""Who hears about what happens to a ticket (P3, P11): the customer and
everyone in copy for customer-visible steps, the owner for alerts, the queue's
agents for new work. The outbox only delivers what this decides."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User

from notifications.models import Notification
from notifications.outbox import Recipient, notify_many

from ..models import AgentAlert, Ticket, TicketEvent, display_name
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
    Event.MERGED_IN: Kind.MERGED,
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
# What the agents following a ticket hear of (the owner hears of replies as
# its owner, and of status changes because they made them or were told).
FOLLOWERS_HEAR = frozenset({Event.CUSTOMER_REPLIED, Event.STATUS_CHANGED})


@dataclass(frozen=True)
class Heard:
    """An agent told of an event: in the workspace (the bell) always, by
    email when they have an address and have not turned ``preference`` off."""

    user: User
    kind: Notification.Kind
    preference: str = ""

    def recipient(self) -> Recipient | None:
        profile = getattr(self.user, "agent_profile", None)
        wanted = (
            not self.preference or profile is None or getattr(profile, self.preference)
        )
        if not (self.user.email and wanted):
            return None
        language = profile.language if profile is not None else ""
        return Recipient(self.kind, self.user.email, display_name(self.user), language)


def agents_hearing(event: TicketEvent) -> list[Heard]:
    """The active agents this event reaches, each once (the first reason
    wins), never the agent who did it."""
    ticket = event.ticket
    heard: list[Heard] = []
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
        heard += [Heard(user, kind) for user in owners]
    if event.kind == Event.CREATED and ticket.assignee_id is None:
        heard += [
            Heard(user, Kind.AGENT_NEW_TICKET, "notify_new_ticket")
            for user in routing.queue_agents(ticket.queue_id)
        ]
    if event.kind == Event.CUSTOMER_REPLIED and ticket.assignee is not None:
        heard.append(
            Heard(ticket.assignee, Kind.AGENT_CUSTOMER_REPLIED, "notify_customer_reply")
        )
    if event.kind == Event.MENTIONED:
        called = User.objects.filter(pk__in=event.values.get("agents", []))
        heard += [
            Heard(user, Kind.MENTIONED, "notify_mentioned")
            for user in called.select_related("agent_profile")
        ]
    if event.kind in FOLLOWERS_HEAR:
        followers = ticket.followers.select_related("agent_profile")
        heard += [Heard(user, Kind.FOLLOWED, "notify_followed") for user in followers]
    once: dict[int, Heard] = {}
    for one in heard:
        if one.user.is_active and one.user.pk != event.actor_id:
            once.setdefault(one.user.pk, one)
    return list(once.values())


def recipients(event: TicketEvent, *, to_customer: bool = True) -> list[Recipient]:
    """Everyone this event should reach by email, each once."""
    return _customers(event, to_customer=to_customer) + [
        r for one in agents_hearing(event) if (r := one.recipient()) is not None
    ]


def _customers(event: TicketEvent, *, to_customer: bool) -> list[Recipient]:
    kind = CUSTOMER_KIND_FOR_EVENT.get(event.kind)
    if kind is None or not to_customer:
        return []
    ticket = event.ticket
    copied = [] if event.kind in CUSTOMER_ALONE else list(ticket.cc.all())
    return [
        Recipient(kind, person.email, person.name, person.language)
        for person in [ticket.customer, *copied]
    ]


def events_announce(
    *, events: Sequence[TicketEvent], to_customer: bool = True
) -> list[Notification]:
    """Write the outbox rows these events call for, in the caller's
    transaction (one insert however many), and note the news given."""
    pairs: list[tuple[TicketEvent, Recipient]] = []
    alerts: list[AgentAlert] = []
    for event in events:
        pairs += [(event, r) for r in _customers(event, to_customer=to_customer)]
        for one in agents_hearing(event):
            alerts.append(
                AgentAlert(
                    user=one.user,
                    event=event,
                    ticket_id=event.ticket_id,
                    kind=one.kind,
                    created_at=event.created_at,
                )
            )
            recipient = one.recipient()
            if recipient is not None:
                pairs.append((event, recipient))
    rows = notify_many(pairs)
    AgentAlert.objects.bulk_create(alerts, ignore_conflicts=True)
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
