"""The reports' daily summaries (``ReportDay``), kept by beat: each run sums
up again the days whose facts changed since the last run, and every recent
day at least every HELPDESK_SUMMARY_REFRESH_MINUTES (a silence still
running, an email still sending, a bounce reported later)."""

from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Max, Min
from django.db.models.functions import TruncDate
from django.utils import timezone

from ..models import ReportDay, TicketFacts
from ..reporting import histogram
from ..selectors import report_counts as rc
from ..selectors import report_tags

RECENT_DAYS = 31
# Days summed up in one run at most: a first run over years of history
# goes on in the next runs, newest days first.
DAYS_PER_RUN = 400
OVERLAP = timedelta(minutes=5)
LOCK, LOCK_SECONDS = "reports:summarising", 15 * 60
# The moments whose days a change to a ticket's facts may alter: opened,
# resolved or rated, and the resolution or rating the change replaced.
DAYS_OF_A_FACT = (
    "created_at",
    "resolved_at",
    "reopened_from",
    "rated_at",
    "rerated_from",
)

Dimension = ReportDay.Dimension
KEYS = rc.DIMENSION_KEYS


def _value(key: object) -> str:
    return "" if key is None else str(key)


def _row(day: date, dimension: str, value: str, counts: rc.Counts) -> ReportDay:
    fields = {name: counts[name] for name in rc.COUNTERS}
    return ReportDay(
        day=day,
        dimension=dimension,
        value=value,
        silence_longest=counts["silence_longest"],
        **fields,
    )


def _histograms(filters: rc.ReportFilters, now: datetime) -> dict[Any, Any]:
    """Bucket counts of each duration, for all the day's tickets (key None)
    and for each queue, priority, policy and agent, keyed (key, value)."""
    measured = rc.durations(now)
    found: dict[Any, dict[str, list[float]]] = defaultdict(
        lambda: {name: [] for name in measured}
    )
    rows = rc.cohort(filters).values_list(*KEYS.values(), *measured.values())
    for row in rows:
        keys, values = row[: len(KEYS)], row[len(KEYS) :]
        places = [found[None]] + [
            found[(key, k)] for key, k in zip(KEYS.values(), keys, strict=True)
        ]
        for name, value in zip(measured, values, strict=True):
            if value is not None:
                minutes = value / rc.per_minute(name)
                for place in places:
                    place[name].append(minutes)
    return {
        where: {name: histogram(v) for name, v in columns.items()}
        for where, columns in found.items()
    }


@transaction.atomic
def day_summarise(*, day: date, now: datetime) -> list[ReportDay]:
    """Sum up one day again, from the same queries as a report reads: for
    all tickets, and for each queue, priority, policy and agent."""
    filters = rc.ReportFilters(since=day, until=day)
    groups = rc.groups(filters, now)
    histograms = _histograms(filters, now) if groups else {}
    none: dict[str, list[int]] = {name: [] for name in rc.durations(now)}
    whole = _row(day, Dimension.ALL, "", rc.total(groups))
    whole.resolved = rc.resolved_per_day(filters).get(day, 0)
    whole.emails = rc.emails(filters, now)
    whole.histograms = histograms.get(None, none)
    for name, n in rc.ratings(filters).items():
        setattr(whole, name, n)
    rows = [whole]
    for dimension, key in KEYS.items():
        counts = rc.by_dimension(groups, key)
        resolved = rc.resolved_by(filters, key)
        emails = rc.emails_by(filters, now, key)
        rated = rc.ratings_by(filters, key)
        for k in counts.keys() | resolved.keys() | emails.keys() | rated.keys():
            row = _row(day, dimension, _value(k), rc.total([counts.get(k, {})]))
            row.resolved = resolved.get(k, 0)
            row.emails = emails.get(k, {})
            row.histograms = histograms.get((key, k), none)
            for name, n in rated.get(k, {}).items():
                setattr(row, name, n)
            rows.append(row)
    for dimension, counted in (
        (Dimension.TAG, report_tags.tag_counts(filters)),
        (Dimension.FIELD, report_tags.field_counts(filters)),
    ):
        rows += [
            _row(day, dimension, value[:64], rc.total([c]))
            for value, c in counted.items()
        ]
    for row in rows:
        row.computed_at = now
    ReportDay.objects.filter(day=day).delete()
    ReportDay.objects.bulk_create(rows)
    return rows


def _local(moment: datetime) -> date:
    return timezone.localdate(moment)


def days_to_summarise(now: datetime) -> list[date]:
    """Newest first: days never summed up, days whose facts changed since,
    and recent days summed up longer ago than the refresh time."""
    today = _local(now)
    done = ReportDay.objects.filter(dimension=Dimension.ALL)
    last = done.aggregate(Max("computed_at"))["computed_at__max"]
    first_fact = TicketFacts.objects.aggregate(Min("created_at"))["created_at__min"]
    if first_fact is None:
        return []
    known = dict(done.values_list("day", "computed_at"))
    days: set[date] = set()
    day = _local(first_fact)
    while day <= today:  # one row a day, with or without tickets
        if day not in known:
            days.add(day)
        day += timedelta(days=1)
    if last is not None:
        # A change written just before the last run but committed after it
        # read: looked at again, a few minutes back.
        changed = TicketFacts.objects.filter(changed_at__gte=last - OVERLAP)
        zone = timezone.get_current_timezone()
        for moment in DAYS_OF_A_FACT:
            days |= set(
                changed.exclude(**{moment: None})
                .annotate(day=TruncDate(moment, tzinfo=zone))
                .values_list("day", flat=True)
                .distinct()
            )
    stale = now - timedelta(minutes=settings.HELPDESK_SUMMARY_REFRESH_MINUTES)
    recent = today - timedelta(days=RECENT_DAYS - 1)
    days |= {d for d, at in known.items() if d >= recent and at < stale}
    days.add(today)
    return sorted((d for d in days if d <= today), reverse=True)[:DAYS_PER_RUN]


def reports_summarise(now: datetime | None = None) -> int:
    """Beat: bring the daily summaries up to date; how many days were redone.
    One run at a time (a first run over years outlasts the beat interval);
    without the cache, runs may overlap, which costs only the work twice."""
    if not cache.add(LOCK, "1", timeout=LOCK_SECONDS) and cache.get(LOCK):
        return 0
    try:
        return _summarise(now or timezone.now())
    finally:
        cache.delete(LOCK)


def _summarise(now: datetime) -> int:
    done = 0
    for day in days_to_summarise(now):
        try:
            day_summarise(day=day, now=now)
        except IntegrityError:  # another run summed this day up meanwhile
            continue
        done += 1
    return done
