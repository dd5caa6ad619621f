"""A customer's data, handed to them: every ticket, message, file, rating,
promise, field value and email we sent them, as a ZIP (JSON plus the
files). Built in a task, written to a temporary file and copied into
storage in pieces (a customer with thousands of tickets and gigabytes of
files never sits in memory), downloadable until it expires."""

import json
import logging
import shutil
import tempfile
import zipfile
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from helpdesk.core.celery import enqueue
from notifications.models import Notification

from ..models import Customer, Ticket
from ..models.exports import DataExport
from .auditing import audit_note

logger = logging.getLogger(__name__)
EXPORT_TASK = "tickets.tasks.export_build_task"
CHUNK = 200


def customer_export_request(*, customer: Customer, by: Any) -> DataExport:
    """Asked for: built in the background (the row says when it is ready)."""
    export = DataExport.objects.create(
        customer=customer,
        requested_by=by if getattr(by, "pk", None) else None,
        expires_at=timezone.now() + timedelta(days=settings.HELPDESK_EXPORT_DAYS),
    )
    audit_note(
        actor=by, target=customer, what="exported", shown=f"Customer #{customer.pk}"
    )
    transaction.on_commit(
        lambda: enqueue(EXPORT_TASK, export.pk, fallback="the exports sweep builds it")
    )
    return export


def export_build(export_id: int) -> str:
    """Build the ZIP; what became of it. Building again is harmless."""
    export = DataExport.objects.select_related("customer").filter(pk=export_id).first()
    if export is None or export.state != DataExport.State.BUILDING:
        return "not due"
    try:
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", zipfile.ZIP_DEFLATED) as archive:
                _write(archive, export.customer)
            size = spool.tell()
            spool.seek(0)
            export.file.save(
                f"customer-{export.customer_id}.zip", File(spool), save=False
            )
    except Exception as error:
        logger.exception("export %s failed", export.pk)
        DataExport.objects.filter(pk=export.pk).update(
            state=DataExport.State.FAILED, error=f"{error.__class__.__name__}: {error}"
        )
        return "failed"
    DataExport.objects.filter(pk=export.pk).update(
        state=DataExport.State.READY, file=export.file.name, size=size
    )
    return "ready"


def exports_sweep() -> int:
    """Build what no worker built; delete expired exports, files first."""
    for pk in DataExport.objects.filter(
        state=DataExport.State.BUILDING,
        created_at__lt=timezone.now() - timedelta(minutes=10),
    ).values_list("pk", flat=True):
        export_build(pk)
    expired = list(DataExport.objects.filter(expires_at__lt=timezone.now()))
    for export in expired:
        export.file.delete(save=False)
        export.delete()
    return len(expired)


def _write(archive: zipfile.ZipFile, customer: Customer) -> None:
    archive.writestr("customer.json", _json({
        "name": customer.name, "email": customer.email,
        "language": customer.language, "since": customer.created_at,
        "organisation": customer.organisation.name if customer.organisation else None,
    }))  # fmt: skip
    tickets = Ticket.objects.filter(customer=customer).order_by("pk")
    for start in range(0, tickets.count(), CHUNK):
        for ticket in tickets[start : start + CHUNK].prefetch_related(
            "messages__attachments", "promises", "field_values__field"
        ):
            _ticket(archive, ticket)
    sent = Notification.objects.filter(recipient_email=customer.email).order_by("pk")
    archive.writestr("emails.json", _json([
        {"kind": n.kind, "ticket": n.ticket.reference, "written_at": n.created_at,
         "sent_at": n.sent_at, "state": n.state}
        for n in sent.select_related("ticket").iterator()
    ]))  # fmt: skip


def _ticket(archive: zipfile.ZipFile, ticket: Ticket) -> None:
    folder = f"tickets/{ticket.reference}"
    messages = [m for m in ticket.messages.all() if m.kind != "note"]
    rating = getattr(ticket, "rating", None)
    said = [
        {
            "from": "you" if m.kind == "customer" else "us",
            "written_at": m.created_at,
            "text": m.body,
            "files": [a.filename for a in m.attachments.all()],
        }
        for m in messages
    ]
    fields = {
        v.field.key: v.value
        for v in ticket.field_values.all()
        if v.field.who == "customer"
    }
    promises = [
        {"what": p.description, "due_at": p.due_at, "state": p.state}
        for p in ticket.promises.all()
    ]
    rated = {"score": rating.score, "comment": rating.comment} if rating else None
    archive.writestr(
        f"{folder}/ticket.json",
        _json(
            {
                "reference": ticket.reference,
                "subject": ticket.subject,
                "status": ticket.status,
                "opened_at": ticket.created_at,
                "resolved_at": ticket.resolved_at,
                "messages": said,
                "fields": fields,
                "promises": promises,
                "rating": rated,
            }
        ),
    )
    for message in messages:
        for attachment in message.attachments.all():
            name = f"{folder}/files/{message.pk}-{attachment.filename}"
            with (
                attachment.file.open("rb") as source,
                archive.open(name, "w") as target,
            ):
                shutil.copyfileobj(source, target, 1024 * 1024)


def _json(value: Any) -> str:
    return json.dumps(value, default=str, ensure_ascii=False, indent=1)
