"""Cache invalidation only (STYLE.md): any change to the service-level
configuration gives it a new version, so every process reloads its policies;
any change to users, groups, queues or agent profiles forgets the
workspace's pickers and where new tickets go (the default queue, each
queue's agents); any change to an incident forgets the portal's banner;
any change to the custom fields or categories forgets their definitions;
any change to the rules or webhooks forgets them (tickets.services.automation)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import Group, User
from django.db import transaction
from django.db.models import Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from notifications.models import Webhook

from . import sla
from .models import (
    AgentProfile,
    BusinessCalendar,
    CustomField,
    CustomFieldTranslation,
    Holiday,
    Incident,
    IncidentUpdate,
    Macro,
    Organisation,
    Policies,
    Queue,
    SLAPolicy,
    SLATarget,
    TicketCategory,
    TicketCategoryTranslation,
    WorkingHours,
)
from .models.automation import Rule, RuleAction, RuleCondition
from .policies import policies_changed
from .selectors import incidents as incident_selectors
from .selectors import routing
from .selectors.fields import fields_changed
from .selectors.workspace import workspace_choices_changed
from .services import automation


def _now_and_after_commit(forget: Callable[[], None]) -> None:
    forget()
    # Again after commit, so that no process keeps what it read meanwhile.
    transaction.on_commit(forget)


def _changed(**kwargs: Any) -> None:
    sla.config_changed()  # a memo: it announces the change again on commit


def _people_or_queues_changed(**kwargs: Any) -> None:
    _now_and_after_commit(workspace_choices_changed)
    routing.routing_changed()


def _fields_changed(**kwargs: Any) -> None:
    _now_and_after_commit(fields_changed)


def _rules_changed(**kwargs: Any) -> None:
    _now_and_after_commit(automation.rules_forget)
    # A time rule changed (switched on, a condition edited): the next run
    # tests every ticket again, not only those changed since.
    changed = kwargs.get("instance")
    rule_id = getattr(changed, "rule_id", None) or (
        changed.pk if isinstance(changed, Rule) else None
    )
    if rule_id and kwargs.get("signal") is post_save:
        Rule.objects.filter(pk=rule_id).update(checked_until=None)


def _policies_changed(**kwargs: Any) -> None:
    policies_changed()  # a memo: it announces the change again on commit


def _choices_changed(**kwargs: Any) -> None:
    _now_and_after_commit(workspace_choices_changed)


def _incidents_changed(**kwargs: Any) -> None:
    _now_and_after_commit(incident_selectors.banner_changed)
    _now_and_after_commit(workspace_choices_changed)


def _on_save_or_delete(
    handler: Callable[..., None], models: tuple[type[Model], ...], uid: str
) -> None:
    for model in models:
        for signal, when in ((post_save, "save"), (post_delete, "del")):
            signal.connect(
                handler, sender=model, dispatch_uid=f"{uid}-{when}-{model.__name__}"
            )


def _on_m2m_change(
    handler: Callable[..., None], throughs: tuple[type[Model], ...], uid: str
) -> None:
    for through in throughs:
        m2m_changed.connect(
            handler, sender=through, dispatch_uid=f"{uid}-m2m-{through.__name__}"
        )


def connect() -> None:
    _on_save_or_delete(
        _rules_changed, (Rule, RuleCondition, RuleAction, Webhook), "rules"
    )
    _on_save_or_delete(_incidents_changed, (Incident, IncidentUpdate), "banner")
    _on_save_or_delete(_choices_changed, (Macro,), "macros")
    _on_save_or_delete(_policies_changed, (Policies,), "policies")
    _on_save_or_delete(
        _people_or_queues_changed, (User, Group, Queue, AgentProfile), "choices"
    )
    _on_m2m_change(
        _people_or_queues_changed,
        (User.groups.through, Queue.agents.through),
        "choices",
    )
    _on_save_or_delete(
        _changed,
        (SLAPolicy, SLATarget, BusinessCalendar, WorkingHours, Holiday, Organisation),
        "sla",
    )
    _on_m2m_change(
        _changed, (SLAPolicy.queues.through, SLAPolicy.organisations.through), "sla"
    )
    _on_save_or_delete(
        _fields_changed,
        (
            CustomField,
            CustomFieldTranslation,
            TicketCategory,
            TicketCategoryTranslation,
        ),
        "fields",
    )
    _on_m2m_change(
        _fields_changed,
        (CustomField.queues.through, CustomField.categories.through),
        "fields",
    )
