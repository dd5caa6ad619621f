"""Is the machinery that keeps customers told running? Beat's heartbeat
(written by each outbox sweep) and the oldest email nobody has picked up.
Read by the health endpoint, ``manage.py health`` and the agents' queue."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from .models import Heartbeat, Notification

SWEEP = "outbox-sweep"


def heartbeat_record() -> None:
    Heartbeat.objects.update_or_create(name=SWEEP, defaults={"beat_at": timezone.now()})


@dataclass(frozen=True)
class Health:
    beat_at: datetime | None
    oldest_overdue_at: datetime | None  # the oldest email due and not picked up

    @property
    def beat_age(self) -> float | None:
        if self.beat_at is None:
            return None
        return (timezone.now() - self.beat_at).total_seconds()

    @property
    def beat_ok(self) -> bool:
        age = self.beat_age
        return age is not None and age <= float(settings.HELPDESK_BEAT_STALE_SECONDS)

    @property
    def email_wait(self) -> float:
        if self.oldest_overdue_at is None:
            return 0.0
        return max((timezone.now() - self.oldest_overdue_at).total_seconds(), 0.0)

    @property
    def email_ok(self) -> bool:
        return self.email_wait <= float(settings.HELPDESK_EMAIL_WAIT_ALERT_SECONDS)

    @property
    def beat_minutes(self) -> int:
        return int((self.beat_age or 0) // 60)

    @property
    def email_wait_minutes(self) -> int:
        return int(self.email_wait // 60)

    @property
    def ok(self) -> bool:
        return self.beat_ok and self.email_ok


def health_read() -> Health:
    """Two indexed lookups. An email counts as overdue when it was due (its
    next attempt's time) and still waits, or when its send was claimed
    longer ago than any send may take; one waiting for its retry does not."""
    now = timezone.now()
    beat = Heartbeat.objects.filter(name=SWEEP).values_list("beat_at", flat=True)
    stuck = now - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS)
    overdue = (
        Notification.objects.filter(
            Q(state=Notification.State.PENDING, next_attempt_at__lte=now)
            | Q(state=Notification.State.SENDING, claimed_at__lte=stuck)
        )
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
    )
    return Health(beat_at=beat.first(), oldest_overdue_at=overdue.first())
