"""Reads shared by pages and the API, with their joins applied."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from .models import Attachment, Message, Ticket, TicketEvent


def ticket_for_customer(*, key: str) -> Ticket:
    """The ticket a customer's secret link opens; 404 for anything else."""
    return get_object_or_404(
        Ticket.objects.select_related("customer", "queue", "assignee"), access_key=key
    )


def public_messages(ticket: Ticket) -> QuerySet[Message]:
    return (
        ticket.messages.exclude(kind=Message.Kind.NOTE)
        .select_related("author_user")
        .prefetch_related(Prefetch("attachments", queryset=Attachment.objects.all()))
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    message: Message | None = None
    event: TicketEvent | None = None


def public_timeline(ticket: Ticket) -> list[TimelineEntry]:
    """What the customer sees: their messages, public replies, status changes."""
    entries = [
        TimelineEntry(at=m.created_at, message=m) for m in public_messages(ticket)
    ]
    events = ticket.events.filter(
        kind__in=[TicketEvent.Kind.CREATED, TicketEvent.Kind.STATUS_CHANGED]
    )
    entries += [TimelineEntry(at=e.created_at, event=e) for e in events]
    return sorted(entries, key=lambda entry: (entry.at, entry.event is None))


def attachment_for_customer(*, ticket: Ticket, attachment_id: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.exclude(message__kind=Message.Kind.NOTE),
        pk=attachment_id,
        message__ticket=ticket,
    )
