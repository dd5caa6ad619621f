"""Celery tasks: ids in, call a service (STYLE.md)."""

from celery import shared_task

from . import services


@shared_task
def away_watch_task() -> int:
    return services.away_watch()


@shared_task
def sla_recompute_task(ticket_ids: list[int]) -> int:
    return services.tickets_sla_recompute(ticket_ids=ticket_ids)
