"""Cache invalidation only (STYLE.md): any change to the service-level
configuration gives it a new version, so every process reloads its policies."""

from typing import Any

from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import sla
from .models import (
    BusinessCalendar,
    Holiday,
    Organisation,
    SLAPolicy,
    SLATarget,
    WorkingHours,
)


def _changed(**kwargs: Any) -> None:
    sla.config_changed()
    # Again after commit, so that no process keeps what it read meanwhile.
    transaction.on_commit(sla.config_changed)


def connect() -> None:
    for model in (
        SLAPolicy,
        SLATarget,
        BusinessCalendar,
        WorkingHours,
        Holiday,
        Organisation,
    ):
        post_save.connect(
            _changed, sender=model, dispatch_uid=f"sla-save-{model.__name__}"
        )
        post_delete.connect(
            _changed, sender=model, dispatch_uid=f"sla-del-{model.__name__}"
        )
    for through in (SLAPolicy.queues.through, SLAPolicy.organisations.through):
        m2m_changed.connect(
            _changed, sender=through, dispatch_uid=f"sla-m2m-{through.__name__}"
        )
