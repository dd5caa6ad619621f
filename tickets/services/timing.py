"""Time an agent spent on a ticket, given with a reply or a note: kept for
the reports, and a line in the ticket's history."""

from django.contrib.auth.models import User
from django.utils.translation import gettext as _

from ..models import Message, Ticket, TimeEntry
from ..models.organised_payloads import MAX_MINUTES, TimeSpent
from .errors import InvalidChange
from .events import event_record


def time_record(
    *, ticket: Ticket, agent: User, minutes: int, message: Message | None = None
) -> TimeEntry:
    if not 0 < minutes <= MAX_MINUTES:
        raise InvalidChange(
            _("Time spent is 1 to %(most)d minutes.") % {"most": MAX_MINUTES}
        )
    entry = TimeEntry.objects.create(
        ticket=ticket, agent=agent, message=message, minutes=minutes
    )
    event_record(
        ticket=ticket, payload=TimeSpent(minutes=minutes), actor=agent, announce=False
    )
    return entry
