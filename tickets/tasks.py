"""Celery tasks: ids in, call a service (STYLE.md). Beat runs the watchdogs."""

from celery import shared_task

from . import services
from .services import watchdogs


@shared_task
def away_watch_task() -> int:
    return services.away_watch()


@shared_task(name=services.SLA_RECOMPUTE_TASK)
def sla_recompute_task(ticket_ids: list[int]) -> int:
    return services.tickets_sla_recompute(ticket_ids=ticket_ids)


@shared_task
def sla_watch_task() -> int:
    return watchdogs.sla_watch()


@shared_task
def silence_watch_task() -> int:
    return watchdogs.silence_watch()


@shared_task
def promise_watch_task() -> int:
    return watchdogs.promise_watch()


@shared_task(name=services.PROCESS_TASK)
def inbound_process_task(inbound_id: int) -> str:
    return services.inbound_process(inbound_id=inbound_id).state


@shared_task
def inbound_sweep_task() -> int:
    return services.inbound_sweep()


@shared_task(name=services.FANOUT_TASK)
def incident_fanout_task(update_id: int) -> int:
    return services.incident_fanout(update_id=update_id)


@shared_task
def incident_fanout_sweep_task() -> int:
    return services.incident_fanout_sweep()


@shared_task
def followup_watch_task() -> int:
    return services.followup_watch()


@shared_task
def reports_summarise_task() -> int:
    return services.reports_summarise()
