"""SQL building blocks the reports need and Django lacks: a duration in
seconds, and the median and 90th percentile in one aggregate.

PostgreSQL has ``percentile_cont``; SQLite gets the same function (linear
interpolation between the closest ranks) registered on each connection, so
that the figures are computed by the database on both.
"""

import json
import math
from datetime import date
from typing import Any

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Aggregate, FloatField, Func, TextField
from django.db.models.sql.compiler import SQLCompiler
from django.utils.translation import gettext as _

FRACTIONS = (0.5, 0.9)
LONGEST_PERIOD_DAYS = 731
DEFAULT_PERIOD_DAYS = 30
EARLIEST_YEAR, LATEST_YEAR = 1970, 2200


def period_problem(since: date, until: date) -> str | None:
    """What is wrong with a report's period, in words, or None."""
    if since.year < EARLIEST_YEAR or until.year > LATEST_YEAR:
        return _("Choose days between %(first)d and %(last)d.") % {
            "first": EARLIEST_YEAR,
            "last": LATEST_YEAR,
        }
    if since > until:
        return _("The period must end on or after its first day.")
    if (until - since).days >= LONGEST_PERIOD_DAYS:
        return _("Choose a period of at most two years.")
    return None


def percentile_cont(values: list[float], fraction: float) -> float | None:
    """PostgreSQL's ``percentile_cont``: the value at ``fraction`` of the
    sorted values, interpolated between the two nearest."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    low, high = math.floor(position), math.ceil(position)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)


# What ``as_sql`` returns (the stubs and Django's lookups disagree on the
# type of the parameters).
Compiled = tuple[str, Any]


class Seconds(Func):
    """A duration (a difference of two moments, or a duration field) as
    seconds, so that it aggregates like any number."""

    output_field = FloatField()

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Compiled:
        return self.as_sql(
            compiler, connection, template="EXTRACT(EPOCH FROM %(expressions)s)"
        )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Compiled:
        # Django stores and subtracts durations in microseconds on SQLite.
        return self.as_sql(
            compiler, connection, template="(%(expressions)s / 1000000.0)"
        )


class Percentiles(Aggregate):
    """The median and the 90th percentile of an expression, in one pass
    (nulls left out): read back with ``percentiles()``."""

    function = "percentile_cont"
    name = "Percentiles"
    output_field = TextField()
    template = (
        "%(function)s(ARRAY[" + ", ".join(str(f) for f in FRACTIONS) + "]) "
        "WITHIN GROUP (ORDER BY %(expressions)s)"
    )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Compiled:
        return super().as_sql(
            compiler, connection, template="helpdesk_percentiles(%(expressions)s)"
        )


def percentiles(value: Any) -> tuple[float | None, float | None]:
    """What ``Percentiles`` returned, on either database."""
    if value is None:
        return None, None
    if isinstance(value, str):  # SQLite's aggregate answers in JSON
        value = json.loads(value)
        if value is None:
            return None, None
    if isinstance(value, str | bytes) or len(value) != len(FRACTIONS):
        raise ValueError(f"Not percentiles: {value!r}")
    median, p90 = (None if v is None else float(v) for v in value)
    return median, p90


class _SQLitePercentiles:
    def __init__(self) -> None:
        self.values: list[float] = []

    def step(self, value: float | None) -> None:
        if value is not None:
            self.values.append(float(value))

    def finalize(self) -> str:
        if not self.values:
            return "null"
        return json.dumps([percentile_cont(self.values, f) for f in FRACTIONS])


def register_sqlite_functions(
    sender: object, connection: BaseDatabaseWrapper, **kwargs: Any
) -> None:
    """``connection_created`` receiver: SQLite learns the percentiles."""
    if connection.vendor == "sqlite":
        connection.connection.create_aggregate(
            "helpdesk_percentiles", 1, _SQLitePercentiles
        )


# --- Histograms for the daily summaries --------------------------------------
# A duration in minutes falls in a bucket one minute wide below an hour, then
# 5 % wider each bucket: a median or percentile read from them is within a
# minute, or within 5 %, of the exact one, and a day's histogram is a short
# list of counts that adds up with any other day's.

EXACT_MINUTES = 60
GROWTH = 1.05


def bucket(minutes: float) -> int:
    if minutes < EXACT_MINUTES:
        return max(int(minutes), 0)
    return EXACT_MINUTES + int(math.log(minutes / EXACT_MINUTES, GROWTH))


def bucket_bounds(index: int) -> tuple[float, float]:
    if index < EXACT_MINUTES:
        return float(index), float(index + 1)
    step = index - EXACT_MINUTES
    return EXACT_MINUTES * GROWTH**step, EXACT_MINUTES * GROWTH ** (step + 1)


def histogram(values: list[float]) -> list[int]:
    counts: list[int] = []
    for value in values:
        index = bucket(value)
        if index >= len(counts):
            counts.extend([0] * (index + 1 - len(counts)))
        counts[index] += 1
    return counts


def histogram_add(total: list[int], more: list[int]) -> list[int]:
    if len(more) > len(total):
        total.extend([0] * (len(more) - len(total)))
    for index, count in enumerate(more):
        total[index] += count
    return total


def histogram_percentile(counts: list[int], fraction: float) -> float | None:
    """``percentile_cont`` read from bucket counts: the values of a bucket
    taken as spread evenly over it."""
    n = sum(counts)
    if not n:
        return None
    position = fraction * (n - 1)
    low_rank, high_rank = math.floor(position), math.ceil(position)

    def value_at(rank: int) -> float:
        seen = 0
        for index, count in enumerate(counts):
            if rank < seen + count:
                low, high = bucket_bounds(index)
                return low + (high - low) * (rank - seen + 0.5) / count
            seen += count
        raise ValueError("rank beyond the histogram")  # pragma: no cover

    low_value = value_at(low_rank)
    return low_value + (value_at(high_rank) - low_value) * (position - low_rank)
