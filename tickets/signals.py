"""Cache invalidation only (STYLE.md): any change to the service-level
configuration gives it a new version, so every process reloads its policies;
any change to users, groups or queues forgets the workspace's pickers; any
change to an incident forgets the portal's banner."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

from . import selectors, sla
from .models import (
    BusinessCalendar,
    Holiday,
    Incident,
    IncidentUpdate,
    Organisation,
    Queue,
    SLAPolicy,
    SLATarget,
    WorkingHours,
)
from .selectors import incidents as incident_selectors


def _now_and_after_commit(forget: Callable[[], None]) -> None:
    forget()
    # Again after commit, so that no process keeps what it read meanwhile.
    transaction.on_commit(forget)


def _changed(**kwargs: Any) -> None:
    _now_and_after_commit(sla.config_changed)


def _people_or_queues_changed(**kwargs: Any) -> None:
    _now_and_after_commit(selectors.workspace_choices_changed)


def _incidents_changed(**kwargs: Any) -> None:
    _now_and_after_commit(incident_selectors.banner_changed)
    _now_and_after_commit(selectors.workspace_choices_changed)


def connect() -> None:
    for changing in (Incident, IncidentUpdate):
        post_save.connect(
            _incidents_changed,
            sender=changing,
            dispatch_uid=f"banner-{changing.__name__}",
        )
        post_delete.connect(
            _incidents_changed,
            sender=changing,
            dispatch_uid=f"banner-del-{changing.__name__}",
        )
    for picked in (User, Group, Queue):
        post_save.connect(
            _people_or_queues_changed,
            sender=picked,
            dispatch_uid=f"choices-save-{picked.__name__}",
        )
        post_delete.connect(
            _people_or_queues_changed,
            sender=picked,
            dispatch_uid=f"choices-del-{picked.__name__}",
        )
    m2m_changed.connect(
        _people_or_queues_changed,
        sender=User.groups.through,
        dispatch_uid="choices-m2m-groups",
    )
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
