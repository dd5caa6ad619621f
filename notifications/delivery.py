"""Delivering one outbox row: claim, render, send, record; retry what a
provider or the network may do better later.

``notification_deliver`` is what the worker runs. The claim (a conditional
update pending -> sending) makes a repeated task harmless; a transient failure
puts the row back to pending with its next attempt time and raises
``RetryLater`` so that the task retries it; a permanent one is marked failed
with a reason an agent can act on.
"""

import logging
import random
import smtplib
import time
from dataclasses import dataclass
from datetime import timedelta

from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from tickets.models import Attachment

from .claims import keeper
from .models import Notification
from .rendering import render_notification
from .senders import connection_for

logger = logging.getLogger(__name__)


class RetryLater(Exception):
    def __init__(self, countdown: float, error: str) -> None:
        super().__init__(error)
        self.countdown = countdown


@dataclass(frozen=True)
class Outcome:
    state: str
    detail: str = ""


def is_transient(error: Exception) -> bool:
    """Worth another try. Only an answer from the mail server or provider
    can say "never" (5xx, a refused address); anything else (the network,
    Redis, the database, a bug fixed by the next deploy) may pass."""
    if isinstance(error, AnymailRecipientsRefused):
        return False
    if isinstance(error, AnymailAPIError):
        status = getattr(error, "status_code", None)
        return status is None or status in (408, 429) or status >= 500
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _msg in error.recipients.values()]
        return all(code < 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code < 500
    return True


def _retry_window_over(notification: Notification) -> bool:
    window = timedelta(hours=settings.OUTBOX_RETRY_WINDOW_HOURS)
    capped = 0 < settings.OUTBOX_MAX_ATTEMPTS <= notification.attempts
    return capped or timezone.now() - notification.created_at > window


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
    # Whether the message has files rides along: most have none, and then
    # the email needs no second look.
    notification = (
        Notification.objects.select_related(
            "ticket__customer", "ticket__queue", "event__message"
        )
        # The words the agents' search reads: the whole conversation, up to
        # 200 KB on a long ticket, and no part of any email.
        .defer("ticket__search_document")
        .annotate(
            has_attachments=Exists(
                Attachment.objects.filter(message_id=OuterRef("event__message_id"))
            )
        )
        .get(pk=notification_id)
    )
    with keeper.held(notification.pk):  # however slow the relay
        try:
            email = render_notification(notification)
            email.connection = connection_for(notification.ticket.reply_address)
            email.send()
        except Exception as error:
            return _record_failure(notification, error)
        status = getattr(email, "anymail_status", None)
        provider_id = (getattr(status, "message_id", None) if status else None) or ""
        _mark_sent(notification, str(provider_id or notification.message_id))
    return Outcome(Notification.State.SENT)


def _mark_sent(notification: Notification, provider_id: str) -> None:
    """Record the server's yes, through a database blip: the email has
    left, and a row left in "sending" would be sent again by the sweep.
    Retried (the claim kept fresh meanwhile) for as long as the sweep's
    window, then the error is raised for the logs."""
    deadline = time.monotonic() + settings.OUTBOX_STUCK_AFTER_SECONDS
    pause = 0.2
    while True:
        try:
            Notification.objects.filter(
                pk=notification.pk, state=Notification.State.SENDING
            ).update(
                state=Notification.State.SENT,
                sent_at=timezone.now(),
                provider_message_id=provider_id[:255],
                last_error="",
            )
            return
        except (OperationalError, InterfaceError) as error:
            if time.monotonic() + pause > deadline:
                raise
            logger.warning(
                "Notification %s sent, but not yet recorded (%s): trying again",
                notification.pk,
                error,
            )
            connection.close()  # the next try opens a new one
            time.sleep(pause)
            pause = min(pause * 2, 2.0)


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
    if is_transient(error) and not _retry_window_over(notification):
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
