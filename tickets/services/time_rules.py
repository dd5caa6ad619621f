"""Time rules ("hours since..."), checked every few minutes by beat, and
the filter every rule's conditions make over all tickets at once (the dry
run's too). A time rule acts once per ticket and moment (``TimeRuleFiring``:
the ticket waiting again later is a new moment), through the same actions
as a rule on events. The pass reads only tickets past the mark, by the
indexes on each moment's column (``Ticket.Meta.indexes``), and leaves
closed tickets alone: a rule acting on every old ticket would otherwise be
read again on every run."""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Greatest
from django.utils import timezone

from ..models import Status, Ticket
from ..models.automation import TIME, Rule, TimeRuleFiring
from ..rules import FIELD_PREFIX, TIMES, as_filter
from .automation import open_now, rule_apply, rule_holds

logger = logging.getLogger(__name__)
BATCH = 200  # tickets per rule and run; the rest wait for the next run
# Read again on each run: a change whose transaction was still open when
# the last run read the tickets (its time is before that run's).
OVERLAP = timedelta(minutes=5)


def _many(field: str) -> bool:
    return field == "tag" or field.startswith(FIELD_PREFIX)


def rule_filter(rule: Rule, now: datetime) -> Q:
    """The rule's conditions over every ticket. A time rule's "hours since"
    conditions always hold together; its others join by the rule's match."""
    tests = list(rule.conditions.all())
    now_is_open = True  # business hours: one calendar's, read once
    if any(c.field == "business_hours" for c in tests):
        first = Ticket.objects.select_related("queue").first()
        now_is_open = open_now(first) if first else True
    timed = Q()
    if rule.trigger == TIME:
        for c in (c for c in tests if c.field in TIMES):
            timed &= as_filter(c.field, c.operator, c.value, now_open=True, now=now)
        tests = [c for c in tests if c.field not in TIMES]
    found: Q | None = None
    for c in tests:
        one = as_filter(c.field, c.operator, c.value, now_open=now_is_open, now=now)
        if found is None:
            found = one
        elif rule.match == Rule.Match.ALL:
            found &= one
        else:
            found |= one
    return timed & (found or Q())


def rule_dry_run(rule: Rule, limit: int = 50) -> tuple[int, list[Ticket]]:
    """Which tickets the rule would act on now (how many, and the first
    ``limit``): the open ones for a rule on events, any not closed for a
    time rule (less those it acted on already), as one filter: indexes,
    not a read of each."""
    scope = _candidates(rule, timezone.now()) if rule.trigger == TIME else None
    if scope is None:
        open_now_ = Ticket.objects.exclude(status__in=["resolved", "closed"])
        found = rule_filter(rule, timezone.now())
        scope = open_now_.filter(pk__in=open_now_.filter(found).values("pk"))
    return scope.count(), list(
        scope.select_related("customer", "queue").order_by("-pk")[:limit]
    )


def _candidates(
    rule: Rule, now: datetime, checked: datetime | None = None
) -> QuerySet[Ticket]:
    """The tickets the rule would act on now. ``checked``: every ticket was
    tested up to then, so only those changed since, or whose hours passed
    the mark since, can newly hold (two index ranges, not every ticket)."""
    tests = list(rule.conditions.all())
    paths = [TIMES[c.field][1] for c in tests if c.field in TIMES]
    if not paths:
        return Ticket.objects.none()  # the admin refuses such a rule
    since = Greatest(*paths) if len(paths) > 1 else F(paths[0])
    living = Ticket.objects.exclude(status=Status.CLOSED)
    fired = TimeRuleFiring.objects.filter(
        rule=rule, ticket=OuterRef("pk"), since=OuterRef("since")
    )
    found = rule_filter(rule, now)
    if checked is not None and not any(c.field == "business_hours" for c in tests):
        moved = Q(updated_at__gt=checked)
        for c in tests:
            if c.field in TIMES and c.operator == "at_least":
                then = as_filter(c.field, "under", c.value, now_open=True, now=checked)
                moved |= then & as_filter(
                    c.field, "at_least", c.value, now_open=True, now=now
                )
        found &= moved
    if any(_many(c.field) for c in rule.conditions.all()):  # one row per ticket
        found = Q(pk__in=living.filter(found).values("pk"))
    return (
        living.filter(found)
        .annotate(since=since)
        .filter(since__isnull=False)
        .exclude(Exists(fired))
    )


def time_rules_pass(now: datetime | None = None) -> dict[str, int]:
    """Every switched-on time rule over the tickets past its mark; how many
    tickets each acted on."""
    now = now or timezone.now()
    acted: dict[str, int] = {}
    rules = Rule.objects.filter(is_active=True, trigger=TIME).prefetch_related(
        "conditions", "actions"
    )
    for rule in rules:
        checked = rule.checked_until and rule.checked_until - OVERLAP
        found = _candidates(rule, now, checked).order_by("since", "pk")  # type: ignore[misc]
        due = list(found[:BATCH])
        acted[rule.name] = sum(_fire(rule, ticket) for ticket in due)
        if len(due) < BATCH:  # all tested: the next run starts from here
            Rule.objects.filter(pk=rule.pk).update(checked_until=now)
    return acted


def _fire(rule: Rule, found: Any) -> bool:
    """Act on one ticket once for its moment, in its own transaction."""
    try:
        with transaction.atomic():
            TimeRuleFiring.objects.create(rule=rule, ticket=found, since=found.since)
            ticket = (
                Ticket.objects.select_for_update(of=("self",))
                .select_related("queue", "customer__organisation")
                .get(pk=found.pk)
            )
            if not rule_holds(rule, ticket):  # changed since it was found
                transaction.set_rollback(True)
                return False
            rule_apply(rule, ticket, None)
    except IntegrityError:
        return False  # another run acted on it meanwhile
    except Exception:  # one ticket's trouble never stops the run
        logger.exception("time rule %s on ticket %s", rule.name, found.pk)
        return False
    return True
