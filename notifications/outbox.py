"""Writing to the outbox, and ringing the doorbell for it.

``notify`` runs inside the caller's transaction and only writes rows; the
delivery task is enqueued after commit. Who is told about what is the
caller's business (the ticket services decide): the outbox only keeps one row
per email to one recipient, and makes sure each row is delivered.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from helpdesk.core.celery import enqueue

from .models import Notification

if TYPE_CHECKING:
    from tickets.models import TicketEvent

DELIVER_TASK = "notifications.tasks.deliver_notification_task"
DELIVER_MANY_TASK = "notifications.tasks.deliver_notifications_task"
# Rows committed together ring one doorbell per this many: an incident
# update to 10,000 customers publishes 500 tasks, not 10,000, and the
# workers still share them out.
DOORBELL_BATCH = 20


@dataclass(frozen=True)
class Recipient:
    kind: Notification.Kind
    email: str
    name: str
    language: str = ""  # theirs; empty: the default


def notify(
    *, event: "TicketEvent", recipients: Iterable[Recipient]
) -> list[Notification]:
    """One outbox row per recipient (nobody ever sees another person's
    address), delivered after the caller's transaction commits."""
    return notify_many((event, recipient) for recipient in recipients)


def notify_many(
    pairs: Iterable[tuple["TicketEvent", Recipient]],
) -> list[Notification]:
    """``notify`` for many events at once (an incident update reaching
    thousands of tickets): one insert, one row per event and address."""
    unique: dict[tuple[int, str], tuple[TicketEvent, Recipient]] = {}
    for event, recipient in pairs:
        unique.setdefault((event.pk, recipient.email.lower()), (event, recipient))
    rows = Notification.objects.bulk_create(
        Notification(
            kind=recipient.kind,
            event=event,
            ticket_id=event.ticket_id,
            recipient_email=recipient.email,
            recipient_name=recipient.name,
            language=recipient.language or settings.LANGUAGE_CODE,
        )
        for event, recipient in unique.values()
    )
    if rows:
        transaction.on_commit(partial(enqueue_deliveries, [row.pk for row in rows]))
    return rows


def enqueue_deliveries(ids: list[int]) -> int:
    """Ring for rows committed together, in batches (in the given order:
    the customer's email before the agents'). Never raises."""
    if len(ids) == 1:
        return int(enqueue_delivery(ids[0]))
    return sum(
        enqueue(
            DELIVER_MANY_TASK,
            ids[start : start + DOORBELL_BATCH],
            fallback="the outbox sweep will deliver them",
        )
        for start in range(0, len(ids), DOORBELL_BATCH)
    )


def enqueue_delivery(notification_id: int) -> bool:
    """Ring the doorbell. Never raises: if the broker is down, the sweep
    delivers the row later, and the customer's request must not fail."""
    return enqueue(
        DELIVER_TASK, notification_id, fallback="the outbox sweep will deliver it"
    )


def outbox_sweep() -> int:
    """Re-enqueue rows nobody delivered; returns how many were enqueued.

    A row stuck in "sending" belonged to a worker that died mid-send; a row
    still pending after its grace time missed its doorbell (broker down at
    commit, task lost). The claim makes a doubled doorbell harmless.
    """
    now = timezone.now()
    Notification.objects.filter(
        state=Notification.State.SENDING,
        claimed_at__lt=now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS),
    ).update(state=Notification.State.PENDING, next_attempt_at=now)
    due = Notification.objects.filter(
        state=Notification.State.PENDING,
        next_attempt_at__lte=now
        - timedelta(seconds=settings.OUTBOX_PENDING_GRACE_SECONDS),
    ).values_list("pk", flat=True)[:1000]
    return sum(enqueue_delivery(pk) for pk in due)


def notification_retry(*, ids: list[int]) -> int:
    """An agent's "send again": failed or pending rows go back to the queue."""
    with transaction.atomic():
        ready = list(
            Notification.objects.filter(
                pk__in=ids,
                state__in=[Notification.State.FAILED, Notification.State.PENDING],
            ).values_list("pk", flat=True)
        )
        Notification.objects.filter(pk__in=ready).update(
            state=Notification.State.PENDING, next_attempt_at=timezone.now(), attempts=0
        )
        for pk in ready:
            transaction.on_commit(partial(enqueue_delivery, pk))
    return len(ready)


def notification_mark_undelivered(
    *, provider_message_id: str, kind: str, description: str
) -> int:
    """A bounce or complaint reported by the provider: the agent must see
    that the recipient did not get our email."""
    return Notification.objects.filter(provider_message_id=provider_message_id).update(
        state=Notification.State.FAILED, last_error=f"{kind}: {description}"[:2000]
    )
