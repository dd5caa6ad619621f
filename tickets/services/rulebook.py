"""The rules as admins read them in the workspace: each with how often it
acted in the last week, and switched on or off there."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Webhook
from notifications.webhooks import address_problem

from ..models import CannedResponse, Priority, Queue, Status
from ..models.automation import Rule
from ..selectors.fields import defined
from .automation import names_of
from .canned import CANNED
from .errors import TicketError

WEEK = timedelta(days=7)


@dataclass(frozen=True)
class RuleRow:
    rule: Rule
    fired_this_week: int


def rules_overview() -> list[RuleRow]:
    """Every rule in order, with its conditions and actions, and how many
    times it acted in the last seven days (events and time together)."""
    since = timezone.now() - WEEK
    rules = Rule.objects.prefetch_related("conditions", "actions").annotate(
        on_events=Count(
            "firings", filter=Q(firings__created_at__gte=since), distinct=True
        ),
        on_time=Count(
            "time_firings", filter=Q(time_firings__created_at__gte=since), distinct=True
        ),
    )
    return [RuleRow(r, r.on_events + r.on_time) for r in rules]


def rule_switch(*, rule: Rule, on: bool, by: User) -> None:
    """Switch a rule on or off (staff only); its memo is forgotten by the
    save's signal, on every process within a second."""
    if not by.is_staff:
        raise TicketError(_("Only staff can switch rules on or off."))
    rule.is_active = on
    rule.save(update_fields=["is_active", "updated_at"])


def action_problem(action: str, value: str) -> str:
    """Why an action could not be taken as written ("" when it could), for
    the admin's form; at firing time the ticket decides the rest."""
    value = value.strip()
    checks: dict[str, Callable[[], bool]] = {
        "set_queue": lambda: Queue.objects.filter(
            Q(name__iexact=value) | Q(slug=value)
        ).exists(),
        "assign": lambda: (
            not value or User.objects.filter(username=value, is_active=True).exists()
        ),
        "set_priority": lambda: value in Priority.values,
        "set_status": lambda: value in Status.values,
        "add_tags": lambda: bool(names_of(value)),
        "remove_tags": lambda: bool(names_of(value)),
        "set_field": lambda: any(
            f.key == value.partition("=")[0].strip() for f in defined().fields
        ),
        "add_note": lambda: True,
        "reply": lambda: (
            bool(value)
            and (
                not value.startswith(CANNED)
                or CannedResponse.objects.filter(
                    owner=None, title__iexact=value.removeprefix(CANNED).strip()
                ).exists()
            )
        ),
        "webhook": lambda: Webhook.objects.filter(name=value).exists(),
    }
    if action in {"post_slack", "post_teams"}:
        return address_problem(value)
    if action not in checks:
        return _("Unknown action.")
    return (
        ""
        if checks[action]()
        else _("%(value)r does not fit this action.") % {"value": value}
    )
