"""Where a new message or change belongs: a ticket, or the ticket it was
merged into, read under a row lock."""

from ..models import Ticket
from ..selectors.organised import CHAIN_LIMIT


def ticket_locked(ticket: Ticket) -> Ticket:
    """This ticket, or the one it was merged into, read under a row lock
    (in the caller's transaction), so that a merge running now finishes
    first and a reply lands on the survivor, never on a closed shell."""
    pk = ticket.pk
    for _step in range(CHAIN_LIMIT):
        locked = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("customer", "queue", "assignee")
            .defer("search_document")
            .get(pk=pk)
        )
        if locked.merged_into_id is None:
            break
        pk = locked.merged_into_id
    if locked.pk == ticket.pk:
        return ticket  # the caller's object, with what it already read
    return locked
