"""Deeds in the audit trail that are not a change of a row's fields (an
erasure, a redaction); the admin's changes are logged by django-auditlog
(tickets.audit)."""

from typing import Any

from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model


def audit_note(*, actor: Any, target: Model, what: str, shown: str) -> None:
    """A deed that is not a change of a row's fields (an erasure, a
    redaction), in the same trail. ``shown``: how the target is named
    (never a person's name or address)."""
    LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(target),
        object_pk=str(target.pk),
        object_id=target.pk,
        object_repr=shown,
        action=LogEntry.Action.UPDATE,
        changes={what: ["", shown]},
        changes_text=what,
        actor=actor if getattr(actor, "pk", None) else None,
        additional_data={"deed": what},
    )
