"""The rules as admins read them in the workspace: each with how often it
acted in the last week, and switched on or off there."""

from dataclasses import dataclass
from datetime import timedelta

from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models.automation import Rule
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
