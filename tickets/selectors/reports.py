"""The reports (issue 12): every figure read from facts stored when they
happened (``TicketFacts``, ratings, suggestion opens, the outbox), in a
dozen aggregate queries whatever the number of tickets; over many tickets,
with at most one filter, from the daily summaries built by the same queries.

Most figures are about the tickets *opened* in the period (the cohort):
first response, resolution, service levels, silence, reopening. Volume
counts what was opened and resolved each day, and ratings, suggestion
opens and emails count what happened in the period.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Count, F, Sum
from django.utils.translation import gettext

from ..models import (
    Channel,
    Priority,
    Queue,
    ReportDay,
    SLAPolicy,
    display_name,
)
from ..reporting import (
    Percentiles,
    histogram_add,
    histogram_percentile,
)
from . import report_counts as rc
from . import report_lists, report_tags, report_time
from .report_counts import ReportFilters, cohort
from .report_figures import (
    Achievement,
    Breach,
    Comment,
    Day,
    Report,
    SLARow,
    Spread,
    TagRow,
)

__all__ = [
    "Achievement",
    "Breach",
    "Comment",
    "Day",
    "Report",
    "ReportFilters",
    "SLARow",
    "Spread",
    "cohort",
]


# --- Reading it ---------------------------------------------------------------

# Above this many tickets a report with at most one filter reads the daily
# summaries (counts exact, medians and percentiles from their histograms).
RAW_LIMIT = 20_000


def _sla_row(label: str, counts: rc.Counts) -> SLARow:
    return SLARow(
        label,
        Achievement(counts["fr_met"], counts["fr_missed"]),
        Achievement(counts["next_met"], counts["next_missed"]),
        Achievement(counts["res_met"], counts["res_missed"]),
    )


def _names(by: dict[str, dict[Any, rc.Counts]]) -> dict[str, Callable[[Any], str]]:
    def ids(dimension: str) -> set[Any]:
        return {k for k in by[dimension] if k is not None}

    policies = dict(
        SLAPolicy.objects.filter(pk__in=ids("policy")).values_list("pk", "name")
    )
    queues = dict(Queue.objects.filter(pk__in=ids("queue")).values_list("pk", "name"))
    agents = {u.pk: display_name(u) for u in User.objects.filter(pk__in=ids("agent"))}
    priorities = dict(Priority.choices)
    return {
        "policy": lambda k: policies.get(k, "No policy (default hours)"),
        "priority": lambda k: str(priorities.get(k, k)),
        "queue": lambda k: queues.get(k, gettext("No queue")),
        "agent": lambda k: agents.get(k, gettext("Unassigned")),
    }


def _breakdowns(by: dict[str, dict[Any, rc.Counts]]) -> dict[str, list[SLARow]]:
    names = _names(by)
    found = {}
    for dimension, values in by.items():
        rows = [_sla_row(names[dimension](k), c) for k, c in values.items()]
        found[dimension] = sorted(rows, key=lambda r: (-r.breaches, r.label))
    return found


@dataclass(frozen=True)
class _Figures:
    """What the two ways of reading differ in."""

    counts: rc.Counts
    by: dict[str, dict[Any, rc.Counts]]
    spreads: dict[str, Spread]
    days: list[Day]
    email: dict[str, int]
    rated: dict[str, int]  # rated_good, rated_bad


def _days(
    filters: ReportFilters,
    created: dict[date, dict[str, int]],
    resolved: dict[date, int],
    backlog: int,
) -> list[Day]:
    """Opened per day and channel, resolved per day, and the backlog at the
    end of each day: open from opening until last resolved or closed."""
    days = []
    for day in filters.days:
        by_channel = {c: created.get(day, {}).get(c, 0) for c in Channel.values}
        backlog += sum(by_channel.values()) - resolved.get(day, 0)
        days.append(Day(day, by_channel, resolved.get(day, 0), backlog))
    return days


def _by_dimension(rows: list[rc.Counts]) -> dict[str, dict[Any, rc.Counts]]:
    return {d: rc.by_dimension(rows, key) for d, key in rc.DIMENSION_KEYS.items()}


def _from_facts(filters: ReportFilters, now: datetime) -> _Figures:
    """Exact, from the facts of every ticket in the period."""
    rows = rc.groups(filters, now)
    measured = rc.durations(now)
    spread = cohort(filters).aggregate(
        **{f"{name}_n": Count(expression) for name, expression in measured.items()},
        **{name: Percentiles(expression) for name, expression in measured.items()},
    )
    return _Figures(
        counts=rc.total(rows),
        by=_by_dimension(rows),
        spreads={
            name: Spread.of(spread[f"{name}_n"], spread[name], rc.per_minute(name))
            for name in measured
        },
        days=_days(
            filters,
            rc.opened_per_day(filters),
            rc.resolved_per_day(filters),
            rc.backlog_before(filters),
        ),
        email=rc.emails(filters, now),
        rated=rc.ratings(filters),
    )


def _summarised_as(filters: ReportFilters) -> tuple[str, str] | None:
    """The summary rows a report reads: all tickets, or one queue, priority,
    policy or agent; None for an organisation or several filters."""
    chosen = filters.chosen()
    if not chosen:
        return ReportDay.Dimension.ALL, ""
    if "organisation_id" in chosen or len(chosen) > 1:
        return None
    ((field, value),) = chosen.items()
    dimension = next(d for d, key in rc.DIMENSION_KEYS.items() if key == field)
    return dimension, str(value)


def _summaries(filters: ReportFilters) -> list[ReportDay] | None:
    """The daily summaries of the period when they should serve it: at most
    one filter (not an organisation), every day summed up, and more tickets
    than RAW_LIMIT."""
    chosen = _summarised_as(filters)
    if chosen is None:
        return None
    first = (
        ReportDay.objects.filter(dimension=ReportDay.Dimension.ALL)
        .order_by("day")
        .values_list("day", flat=True)
        .first()
    )
    if first is None:
        return None  # never summed up (the beat task has not run yet)
    in_period = ReportDay.objects.filter(day__gte=filters.since, day__lte=filters.until)
    summed_days = in_period.filter(dimension=ReportDay.Dimension.ALL).count()
    expected = (filters.until - max(filters.since, first)).days + 1
    if summed_days != expected:
        return None  # not summed up yet (the beat task has not run)
    dimension, value = chosen
    rows = list(in_period.filter(dimension=dimension, value=value).order_by("day"))
    if sum(rc.opened(_counts(row)) for row in rows) <= RAW_LIMIT:
        return None
    return rows


def _counts(row: ReportDay) -> rc.Counts:
    counts = {name: getattr(row, name) for name in rc.COUNTERS}
    return counts | {"silence_longest": row.silence_longest}


def _summed_breakdowns(filters: ReportFilters) -> dict[str, dict[Any, rc.Counts]]:
    by: dict[str, dict[Any, rc.Counts]] = {d: {} for d in rc.DIMENSION_KEYS}
    rows = ReportDay.objects.filter(
        dimension__in=list(rc.DIMENSION_KEYS),
        day__gte=filters.since,
        day__lte=filters.until,
    ).values_list("dimension", "value", *rc.COUNTERS)
    for dimension, value, *numbers in rows:
        counts = dict(zip(rc.COUNTERS, numbers, strict=True))
        key = _dimension_value(dimension, value)
        rc.add(by[dimension].setdefault(key, {}), counts)
    return by


def _from_summaries(
    filters: ReportFilters, rows: list[ReportDay], now: datetime
) -> _Figures:
    """From the daily summaries: the same counts, summed a row a day. The
    breakdowns of one queue's (agent's...) tickets by the others are
    counted from their facts, in one grouped query."""
    histograms: dict[str, list[int]] = defaultdict(list)
    email: dict[str, int] = dict.fromkeys(rc.EMAIL_OUTCOMES, 0)
    for row in rows:
        for name, counts in row.histograms.items():
            histogram_add(histograms[name], counts)
        for outcome, n in row.emails.items():
            email[outcome] = email.get(outcome, 0) + n
    dimension, value = rows[0].dimension, rows[0].value
    earlier = ReportDay.objects.filter(
        dimension=dimension, value=value, day__lt=filters.since
    ).aggregate(
        opened=Sum(
            F("opened_web") + F("opened_email") + F("opened_api") + F("opened_agent")
        ),
        resolved=Sum("resolved"),
    )
    if filters.filtered:
        by = _by_dimension(rc.groups(filters, now))
    else:
        by = _summed_breakdowns(filters)
    return _Figures(
        counts=rc.total(_counts(row) for row in rows),
        by=by,
        spreads={
            name: Spread(
                sum(histograms[name]),
                _rounded(histogram_percentile(histograms[name], 0.5)),
                _rounded(histogram_percentile(histograms[name], 0.9)),
            )
            for name in rc.durations(now)
        },
        days=_days(
            filters,
            {
                r.day: {c: getattr(r, f"opened_{c}") for c in Channel.values}
                for r in rows
            },
            {r.day: r.resolved for r in rows},
            (earlier["opened"] or 0) - (earlier["resolved"] or 0),
        ),
        email=email,
        rated={
            name: sum(getattr(row, name) for row in rows)
            for name in ("rated_good", "rated_bad")
        },
    )


def _rounded(value: float | None) -> float | None:
    return None if value is None else round(value, 2)


def _dimension_value(dimension: str, value: str) -> Any:
    """What a summary row's value stands for: an id, a priority, or None."""
    if value == "":
        return None
    return value if dimension == ReportDay.Dimension.PRIORITY else int(value)


def report(filters: ReportFilters, *, now: datetime) -> Report:
    """Every figure of the reports page and the API for one period."""
    summaries = _summaries(filters)
    figures = (
        _from_facts(filters, now)
        if summaries is None
        else _from_summaries(filters, summaries, now)
    )
    counts = figures.counts
    helped = report_lists.self_service(filters, now)
    # By tag and field value: summed for every ticket, counted for a report
    # read from its tickets; one queue's (agent's...) of many thousands
    # would read them all again (+450 ms at a million): left out, and said.
    by_tag: list[TagRow] = []
    by_field: list[TagRow] = []
    broken_down = False
    if summaries is None or not filters.filtered:
        by_tag, by_field = report_tags.breakdowns(filters, summed=summaries is not None)
        broken_down = True
    return Report(
        filters=filters,
        opened=rc.opened(counts),
        days=figures.days,
        first_response_business=figures.spreads["fr_business"],
        first_response_clock=figures.spreads["fr_clock"],
        resolution_business=figures.spreads["res_business"],
        resolution_clock=figures.spreads["res_clock"],
        sla_total=_sla_row(gettext("All tickets"), counts),
        sla_by=_breakdowns(figures.by),
        breaches=report_lists.breaches(filters),
        silence=figures.spreads["silence"],
        silence_longest=counts["silence_longest"],
        still_working_updates=counts["still_working"],
        ratings_good=figures.rated["rated_good"],
        ratings_bad=figures.rated["rated_bad"],
        comments=report_lists.comments(filters),
        resolved_once=counts["resolved_once"],
        reopened=counts["reopened"],
        articles_suggested=counts["suggested"],
        suggestions_opened=helped["opened"],
        deflected=helped["deflected"],
        email=figures.email,
        from_summaries=summaries is not None,
        by_tag=by_tag,
        by_field=by_field,
        broken_down=broken_down,
        time_spent=report_time.time_spent(filters),
    )
