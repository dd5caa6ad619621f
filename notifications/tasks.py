"""Celery tasks: ids in, call the outbox (STYLE.md)."""

import logging
from typing import Any

from celery import shared_task
from celery.app.task import Task

from . import delivery, health, outbox, webhooks

logger = logging.getLogger(__name__)


@shared_task(bind=True, name=outbox.DELIVER_TASK, max_retries=None, acks_late=True)
def deliver_notification_task(self: Task[Any, Any], notification_id: int) -> str:
    try:
        return delivery.notification_deliver(notification_id=notification_id).state
    except delivery.RetryLater as later:
        # If this publish fails too, the row is pending and the sweep finds it.
        raise self.retry(countdown=later.countdown) from later


@shared_task(name=outbox.DELIVER_MANY_TASK, acks_late=True)
def deliver_notifications_task(notification_ids: list[int]) -> list[str]:
    """Rows committed together, one after the other; each is claimed on its
    own, so a repeated task sends nothing twice, and a row that must wait
    retries alone while the others go on."""
    states = []
    for notification_id in notification_ids:
        try:
            outcome = delivery.notification_deliver(notification_id=notification_id)
        except delivery.RetryLater as later:
            # The row is pending with its next attempt time: if this publish
            # fails, the sweep finds it.
            try:
                deliver_notification_task.apply_async(
                    (notification_id,), countdown=later.countdown
                )
            except Exception:
                logger.warning("Could not schedule the retry of %s", notification_id)
            states.append("retry")
        else:
            states.append(outcome.state)
    return states


@shared_task
def sweep_outbox_task() -> int:
    health.heartbeat_record()  # beat scheduled this, and a worker ran it
    return outbox.outbox_sweep()


@shared_task(name=webhooks.DELIVER_TASK, acks_late=True)
def deliver_webhook_task(delivery_id: int) -> str:
    """One post of the webhook outbox; a failure waits for the sweep."""
    return webhooks.deliver(delivery_id)


@shared_task(name=webhooks.DELIVER_MANY_TASK, acks_late=True)
def deliver_webhooks_task(delivery_ids: list[int]) -> list[str]:
    """Posts written together, rung once."""
    return webhooks.deliver_many(delivery_ids)


@shared_task
def webhooks_sweep_task() -> int:
    return webhooks.webhooks_sweep()
