"""Retention: what schedules say may go, removed by the beat in chunks of
``CHUNK`` rows, one transaction each, so that the queue is never locked for
long; a run does at most ``CHUNKS`` of them per schedule (the rest waits for
the next run, which picks up where this one stopped: the same query). A
legal hold on a ticket or its customer keeps it. Files go from storage
once their rows are gone. ``retention_dry_run`` counts what would go."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError, QuerySet
from django.utils import timezone

from notifications.models import Notification

from ..models import Attachment, InboundMail, Status, Ticket
from ..models.retention import RetentionSchedule
from .auditing import audit_note

logger = logging.getLogger(__name__)
CHUNK = 500
CHUNKS = 20
What = RetentionSchedule.What


def due(schedule: RetentionSchedule, now: datetime | None = None) -> QuerySet[Any]:
    """What the schedule says may go now."""
    cutoff = (now or timezone.now()) - timedelta(days=schedule.after_days)
    if schedule.what == What.CLOSED_TICKETS:
        tickets = Ticket.objects.filter(
            status=Status.CLOSED, updated_at__lt=cutoff, legal_hold=False
        ).exclude(customer__legal_hold=True)
        if schedule.queue_id:
            tickets = tickets.filter(queue_id=schedule.queue_id)
        if schedule.organisation_id:
            tickets = tickets.filter(customer__organisation_id=schedule.organisation_id)
        return tickets
    if schedule.what == What.INBOUND_MAIL:
        return InboundMail.objects.filter(
            state=InboundMail.State.PROCESSED, received_at__lt=cutoff
        ).exclude(ticket__legal_hold=True)
    return Notification.objects.filter(
        state=Notification.State.SENT, sent_at__lt=cutoff
    ).exclude(ticket__legal_hold=True)


def retention_dry_run(schedule: RetentionSchedule) -> int:
    return due(schedule).count()


def retention_pass(now: datetime | None = None) -> dict[str, int]:
    """Every switched-on schedule, a bounded number of chunks each."""
    removed: dict[str, int] = {}
    for schedule in RetentionSchedule.objects.filter(is_active=True):
        count = 0
        for _chunk in range(CHUNKS):
            done = _chunk_removed(schedule, now)
            count += done
            if done < CHUNK:
                break
        RetentionSchedule.objects.filter(pk=schedule.pk).update(
            last_run_at=timezone.now(), last_removed=count
        )
        removed[schedule.name] = count
    return removed


def _chunk_removed(schedule: RetentionSchedule, now: datetime | None) -> int:
    ids = list(due(schedule, now).order_by("pk").values_list("pk", flat=True)[:CHUNK])
    if not ids:
        return 0
    model = due(schedule, now).model
    with transaction.atomic():
        files = []
        if model is Ticket:
            files = list(
                Attachment.objects.filter(message__ticket__in=ids).values_list(
                    "file", flat=True
                )
            )
        label = model._meta.label
        try:
            removed = model.objects.filter(pk__in=ids).delete()[1].get(label, 0)
        except ProtectedError:  # one kept by another row: the others go
            removed = 0
            for pk in ids:
                try:
                    with transaction.atomic():
                        removed += model.objects.filter(pk=pk).delete()[1].get(label, 0)
                except ProtectedError:
                    logger.warning("retention: %s %s is kept by another row", label, pk)
        transaction.on_commit(lambda: _files_deleted(files))
    return int(removed)


def _files_deleted(names: list[str]) -> None:
    storage = Attachment._meta.get_field("file").storage
    for name in names:
        if name:
            storage.delete(name)


def legal_hold_set(*, tickets: QuerySet[Ticket], on: bool, by: Any) -> int:
    """Keep these tickets whatever a schedule says (or stop keeping them);
    in the audit trail."""
    ids = list(tickets.values_list("pk", flat=True))
    Ticket.objects.filter(pk__in=ids).update(legal_hold=on)
    for ticket in Ticket.objects.filter(pk__in=ids).only("pk"):
        audit_note(
            actor=by,
            target=ticket,
            what="legal hold on" if on else "legal hold lifted",
            shown=ticket.reference,
        )
    return len(ids)
