"""Service-level configuration changes and what they move."""

from functools import partial

import holidays
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from helpdesk.core.celery import enqueue

from ..models import BusinessCalendar, Holiday, Status, Ticket
from .assignment import tickets_sla_recompute

SLA_RECOMPUTE_TASK = "tickets.tasks.sla_recompute_task"
CHUNK = 500


def sla_recompute_later(tickets: QuerySet[Ticket]) -> int:
    """After the current transaction, recompute these tickets' deadlines in
    the worker, in chunks (a policy may cover many thousands of tickets)."""
    ids = list(
        tickets.filter(status__in=Status.UNFINISHED).values_list("pk", flat=True)
    )
    for start in range(0, len(ids), CHUNK):
        transaction.on_commit(partial(_recompute_soon, ids[start : start + CHUNK]))
    return len(ids)


def _recompute_soon(ticket_ids: list[int]) -> None:
    """In the worker; with the broker away, here and now rather than never
    (a deadline left unmoved would break a promise to the customer)."""
    queued = enqueue(
        SLA_RECOMPUTE_TASK, ticket_ids, fallback="recomputing in this process"
    )
    if not queued:
        tickets_sla_recompute(ticket_ids=ticket_ids)


@transaction.atomic
def calendar_load_holidays(*, calendar: BusinessCalendar, years: list[int]) -> int:
    """Public holidays of the calendar's country (the ``holidays`` package)."""
    if not calendar.holiday_country:
        raise ValueError(
            _("%(calendar)s: set a holiday country first (e.g. GB).")
            % {"calendar": calendar.name}
        )
    public = holidays.country_holidays(
        calendar.holiday_country,
        subdiv=calendar.holiday_subdivision or None,
        years=years,
    )
    added = 0
    for day, name in sorted(public.items()):
        _holiday, created = Holiday.objects.get_or_create(
            calendar=calendar, date=day, defaults={"name": str(name)[:100]}
        )
        added += created
    sla_recompute_later(Ticket.objects.filter(sla_policy__calendar=calendar))
    return added
