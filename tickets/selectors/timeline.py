"""A ticket's conversation and history as one timeline, for the
customer's page and the agent's."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q

from ..models import (
    Attachment,
    Message,
    Ticket,
    TicketEvent,
)


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    message: Message | None = None
    event: TicketEvent | None = None


CUSTOMER_EVENTS = [TicketEvent.Kind.CREATED, TicketEvent.Kind.STATUS_CHANGED]


AGENT_EVENTS = [
    *CUSTOMER_EVENTS,
    TicketEvent.Kind.RETURNED,
    TicketEvent.Kind.SLA_WARNING,
    TicketEvent.Kind.SLA_BREACHED,
    TicketEvent.Kind.SILENCE_ALERT,
    TicketEvent.Kind.STILL_WORKING,
    TicketEvent.Kind.PROMISE_MADE,
    TicketEvent.Kind.PROMISE_MOVED,
    TicketEvent.Kind.PROMISE_KEPT,
    TicketEvent.Kind.PROMISE_DUE,
    TicketEvent.Kind.ASSIGNED,
    TicketEvent.Kind.PRIORITY_CHANGED,
    TicketEvent.Kind.QUEUE_CHANGED,
    TicketEvent.Kind.CC_ADDED,
    TicketEvent.Kind.INCIDENT_LINKED,
    TicketEvent.Kind.INCIDENT_UPDATE,
    TicketEvent.Kind.FOLLOWUP,
    TicketEvent.Kind.RATED,
    TicketEvent.Kind.TAGS_CHANGED,
    TicketEvent.Kind.MERGED_INTO,
    TicketEvent.Kind.MERGED_IN,
    TicketEvent.Kind.SPLIT_OFF,
    TicketEvent.Kind.SPLIT_FROM,
    TicketEvent.Kind.LINKED,
    TicketEvent.Kind.UNLINKED,
    TicketEvent.Kind.TIME_SPENT,
    TicketEvent.Kind.FIELD_CHANGED,
    TicketEvent.Kind.CATEGORY_CHANGED,
    TicketEvent.Kind.MENTIONED,
    TicketEvent.Kind.RULE_FIRED,
    TicketEvent.Kind.REDACTED,
]


def timeline(ticket: Ticket, *, for_agent: bool = False) -> list[TimelineEntry]:
    """Messages and history in order. Customers never see internal notes or
    the internal history (assignment, priority, queue)."""
    messages = ticket.messages.select_related("author_user").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.all())
    )
    if not for_agent:
        messages = messages.exclude(kind=Message.Kind.NOTE)
    shown = Q(kind__in=AGENT_EVENTS if for_agent else CUSTOMER_EVENTS)
    if not for_agent:  # what we told everyone about a known problem
        shown |= Q(
            kind=TicketEvent.Kind.INCIDENT_UPDATE, incident_update__is_public=True
        )
    events = ticket.events.filter(shown).select_related(
        "actor", "promise", "incident_update"
    )
    entries = [TimelineEntry(at=m.created_at, message=m) for m in messages]
    entries += [TimelineEntry(at=e.created_at, event=e) for e in events]
    return sorted(entries, key=lambda entry: (entry.at, entry.event is None))
