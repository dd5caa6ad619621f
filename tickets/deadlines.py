"""When an agent owes the customer an answer.

A configured number of hours for now; the SLA policies (business hours,
holidays, per-priority targets) replace the arithmetic here, and every
caller keeps asking these two functions.
"""

from datetime import datetime, timedelta

from django.conf import settings

from .models import Ticket


def first_response_due(*, ticket: Ticket, start: datetime) -> datetime:
    return start + timedelta(hours=settings.HELPDESK_DEFAULT_FIRST_RESPONSE_HOURS)


def next_response_due(*, ticket: Ticket, start: datetime) -> datetime:
    return start + timedelta(hours=settings.HELPDESK_DEFAULT_NEXT_RESPONSE_HOURS)
