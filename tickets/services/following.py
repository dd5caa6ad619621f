"""An agent's own attention: the tickets they follow, and the bell's
notifications they have read. Neither changes the ticket itself (nothing
for the customer, the history or the reports), so no event is recorded."""

from django.contrib.auth.models import User
from django.utils import timezone

from ..models import AgentAlert, Ticket
from ..selectors.alerts import BELL_CAP


def ticket_follow(*, ticket: Ticket, user: User, follow: bool) -> None:
    """Follow a ticket (hear of customer replies and status changes, by
    email as preferred and in the bell) or stop following it."""
    if follow:
        ticket.followers.add(user)
    else:
        ticket.followers.remove(user)


def alerts_seen(*, user: User, ticket: Ticket) -> int:
    """An agent opened a ticket: its notifications are read. How many others
    still wait (the bell's count, up to ``BELL_CAP``), in one query when
    none was about this ticket."""
    waiting = list(
        AgentAlert.objects.filter(user=user, read_at=None).values_list(
            "ticket_id", flat=True
        )[:BELL_CAP]
    )
    if ticket.pk in waiting or len(waiting) == BELL_CAP:
        alerts_read(user=user, ticket=ticket)
    return len(waiting) - waiting.count(ticket.pk)


def alerts_read(*, user: User, ticket: Ticket | None = None) -> int:
    """Mark this agent's unread notifications read: those about one ticket
    (they opened it), or all of them."""
    unread = AgentAlert.objects.filter(user=user, read_at=None)
    if ticket is not None:
        unread = unread.filter(ticket=ticket)
    return unread.update(read_at=timezone.now())
