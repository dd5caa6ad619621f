"""Celery tasks: ids in, call the outbox (STYLE.md)."""

from typing import Any

from celery import shared_task
from celery.app.task import Task

from . import delivery, outbox


@shared_task(bind=True, name=outbox.DELIVER_TASK, max_retries=None, acks_late=True)
def deliver_notification_task(self: Task[Any, Any], notification_id: int) -> str:
    try:
        return delivery.notification_deliver(notification_id=notification_id).state
    except delivery.RetryLater as later:
        # If this publish fails too, the row is pending and the sweep finds it.
        raise self.retry(countdown=later.countdown) from later


@shared_task
def sweep_outbox_task() -> int:
    return outbox.outbox_sweep()
