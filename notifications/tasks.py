"""Celery tasks: ids in, call a service (STYLE.md)."""

from celery import shared_task
from celery.app.task import Task

from . import services, watchdogs


@shared_task(bind=True, max_retries=None, acks_late=True)
def deliver_notification_task(self: Task, notification_id: int) -> str:
    try:
        return services.notification_deliver(notification_id=notification_id).state
    except services.RetryLater as later:
        # If this publish fails too, the row is pending and the sweep finds it.
        raise self.retry(countdown=later.countdown) from later


@shared_task
def sweep_outbox_task() -> int:
    return services.outbox_sweep()


@shared_task
def sla_watch_task() -> int:
    return watchdogs.sla_watch()


@shared_task
def silence_watch_task() -> int:
    return watchdogs.silence_watch()


@shared_task
def promise_watch_task() -> int:
    return watchdogs.promise_watch()
