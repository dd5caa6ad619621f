"""Writing to the outbox and delivering from it.

``notify`` runs inside the caller's transaction and only writes rows; the
delivery task is enqueued after commit. ``notification_deliver`` is what the
worker runs: claim, render, send, record.
"""

import logging
import random
import smtplib
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from typing import TYPE_CHECKING

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from tickets.models import Ticket

from .models import Notification
from .rendering import render_notification

if TYPE_CHECKING:
    from tickets.models import TicketEvent

logger = logging.getLogger(__name__)

CUSTOMER_KIND_FOR_EVENT = {
    "created": Notification.Kind.ACKNOWLEDGEMENT,
    "status_changed": Notification.Kind.STATUS_CHANGED,
    "replied": Notification.Kind.REPLY,
    "still_working": Notification.Kind.STILL_WORKING,
    "promise_moved": Notification.Kind.PROMISE_MOVED,
}
# Alerts for whoever owns the ticket (the assignee, else the queue's agents).
OWNER_KIND_FOR_EVENT = {
    "sla_warning": Notification.Kind.SLA_WARNING,
    "silence_alert": Notification.Kind.SILENCE_ALERT,
    "promise_due": Notification.Kind.PROMISE_DUE,
    "sla_breached": Notification.Kind.SLA_BREACHED,
}

Recipient = tuple[str, str, str]  # kind, email, name


def _wants(user: User, preference: str) -> bool:
    profile = getattr(user, "agent_profile", None)
    return bool(user.email) and (profile is None or getattr(profile, preference))


def _agents(kind: str, users: Iterable[User], preference: str = "") -> list[Recipient]:
    return [
        (kind, user.email, user.get_full_name() or user.get_username())
        for user in users
        if user.is_active
        and user.email
        and (not preference or _wants(user, preference))
    ]


def _queue_agents(ticket: "Ticket") -> list[User]:
    return list(
        ticket.queue.agents.filter(is_active=True).select_related("agent_profile")
    )


def _recipients(event: "TicketEvent", to_customer: bool) -> list[Recipient]:
    """(kind, email, name) for everyone this event should reach."""
    ticket = event.ticket
    found: list[Recipient] = []
    kind = CUSTOMER_KIND_FOR_EVENT.get(event.kind)
    if kind is not None and to_customer:
        # A ticket being opened has nobody in copy yet.
        copied = [] if event.kind == "created" else list(ticket.cc.all())
        people = [ticket.customer, *copied]
        found += [(kind, person.email, person.name) for person in people]
    kind = OWNER_KIND_FOR_EVENT.get(event.kind)
    if kind is not None:
        owners = [ticket.assignee] if ticket.assignee else _queue_agents(ticket)
        if event.kind == "sla_breached" and ticket.sla_policy is not None:
            group = ticket.sla_policy.escalation_group
            owners += list(group.user_set.all()) if group is not None else []
        found += _agents(kind, owners)
    if event.kind == "created" and ticket.assignee_id is None:
        found += _agents(
            Notification.Kind.AGENT_NEW_TICKET,
            _queue_agents(ticket),
            "notify_new_ticket",
        )
    if event.kind == "customer_replied" and ticket.assignee is not None:
        found += _agents(
            Notification.Kind.AGENT_CUSTOMER_REPLIED,
            [ticket.assignee],
            "notify_customer_reply",
        )
    unique: dict[str, Recipient] = {}
    for row in found:
        unique.setdefault(row[1].lower(), row)
    return list(unique.values())


def notify(*, event: "TicketEvent", to_customer: bool = True) -> list[Notification]:
    """Write the outbox rows an event calls for; enqueue them after commit.

    One row per recipient, so that nobody ever sees another person's address.
    """
    rows = [
        Notification.objects.create(
            kind=kind,
            event=event,
            ticket=event.ticket,
            recipient_email=email,
            recipient_name=name,
        )
        for kind, email, name in _recipients(event, to_customer)
    ]
    if any(not row.to_agent for row in rows):
        # The customer heard from us: the silence watchdog starts over.
        Ticket.objects.filter(pk=event.ticket_id).update(
            last_customer_news_at=event.created_at, silence_alerted_at=None
        )
    for row in rows:
        transaction.on_commit(partial(enqueue_delivery, row.pk))
    return rows


def enqueue_delivery(notification_id: int) -> bool:
    """Ring the doorbell. Never raises: if the broker is down, the sweep
    delivers the row later, and the customer's request must not fail."""
    from .tasks import deliver_notification_task

    try:
        deliver_notification_task.apply_async((notification_id,))
    except Exception:
        logger.warning(
            "Could not enqueue notification %s; the outbox sweep will deliver it.",
            notification_id,
            exc_info=True,
        )
        return False
    return True


class RetryLater(Exception):
    def __init__(self, countdown: float, error: str) -> None:
        super().__init__(error)
        self.countdown = countdown


@dataclass(frozen=True)
class Outcome:
    state: str
    detail: str = ""


def is_transient(error: Exception) -> bool:
    """Worth another try: the provider or the network may do better later."""
    if isinstance(error, AnymailRecipientsRefused):
        return False
    if isinstance(error, AnymailAPIError):
        status = getattr(error, "status_code", None)
        return status is None or status == 429 or status >= 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return all(400 <= code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return 400 <= error.smtp_code < 500
    return isinstance(
        error,
        smtplib.SMTPServerDisconnected | ConnectionError | socket.timeout | OSError,
    )


def retry_delay(attempt: int) -> float:
    """Exponential backoff with full jitter, capped."""
    ceiling = min(
        settings.OUTBOX_RETRY_MAX_SECONDS,
        settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** max(attempt - 1, 0),
    )
    return random.uniform(ceiling / 2, ceiling)  # noqa: S311 - not for secrets


def notification_deliver(*, notification_id: int) -> Outcome:
    """Claim one outbox row, send it, and record what happened.

    Raises RetryLater after a transient failure, once the row is back to
    pending with its next attempt time, so that the task can retry it.
    """
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification_id, state=Notification.State.PENDING
    ).update(
        state=Notification.State.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    if not claimed:
        return Outcome("skipped", "already claimed, sent or failed")
    # A short join: planning a ten-table join costs more than running it.
    notification = Notification.objects.select_related(
        "ticket__customer", "event__message"
    ).get(pk=notification_id)
    try:
        email = render_notification(notification)
        email.send()
    except Exception as error:
        return _record_failure(notification, error)
    status = getattr(email, "anymail_status", None)
    provider_id = (getattr(status, "message_id", None) if status else None) or ""
    Notification.objects.filter(
        pk=notification.pk, state=Notification.State.SENDING
    ).update(
        state=Notification.State.SENT,
        sent_at=timezone.now(),
        provider_message_id=str(provider_id or notification.message_id)[:255],
        last_error="",
    )
    return Outcome(Notification.State.SENT)


def describe_error(error: Exception) -> str:
    """What went wrong, in words an agent can act on."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return "; ".join(
            f"{address} refused: SMTP {code} {reply.decode(errors='replace')}"
            for address, (code, reply) in error.recipients.items()
        )
    if isinstance(error, smtplib.SMTPResponseException):
        reply = error.smtp_error
        text = (
            reply.decode(errors="replace") if isinstance(reply, bytes) else str(reply)
        )
        return f"SMTP {error.smtp_code} {text}"
    return f"{type(error).__name__}: {error}"


def _record_failure(notification: Notification, error: Exception) -> Outcome:
    detail = describe_error(error)[:2000]
    if is_transient(error) and notification.attempts < settings.OUTBOX_MAX_ATTEMPTS:
        delay = retry_delay(notification.attempts)
        Notification.objects.filter(pk=notification.pk).update(
            state=Notification.State.PENDING,
            next_attempt_at=timezone.now() + timedelta(seconds=delay),
            last_error=detail,
        )
        logger.warning(
            "Notification %s: %s; retry in %.1fs", notification.pk, detail, delay
        )
        raise RetryLater(delay, detail) from error
    Notification.objects.filter(pk=notification.pk).update(
        state=Notification.State.FAILED, last_error=detail
    )
    logger.error("Notification %s failed for good: %s", notification.pk, detail)
    return Outcome(Notification.State.FAILED, detail)


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
