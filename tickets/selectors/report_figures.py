"""What a report holds: figures as plain data, for the page, the CSV and
the API alike (read by ``selectors.reports``)."""

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from ..reporting import percentiles
from .report_counts import ReportFilters


@dataclass(frozen=True)
class Spread:
    """How a duration is spread over the tickets it was measured on."""

    count: int
    median: float | None  # minutes
    p90: float | None

    @classmethod
    def of(cls, count: int, value: Any, unit: float = 1.0) -> "Spread":
        def minutes(figure: float | None) -> float | None:
            return None if figure is None else round(figure / unit, 2)

        median, p90 = percentiles(value)
        return cls(count, minutes(median), minutes(p90))


@dataclass(frozen=True)
class Achievement:
    met: int = 0
    missed: int = 0

    @property
    def total(self) -> int:
        return self.met + self.missed

    @property
    def share(self) -> float | None:
        """The share of targets met, 0-1; None when none was due."""
        return self.met / self.total if self.total else None

    def __add__(self, other: "Achievement") -> "Achievement":
        return Achievement(self.met + other.met, self.missed + other.missed)


@dataclass(frozen=True)
class SLARow:
    label: str
    first_response: Achievement
    next_response: Achievement
    resolution: Achievement

    @property
    def breaches(self) -> int:
        return (
            self.first_response.missed
            + self.next_response.missed
            + self.resolution.missed
        )


@dataclass(frozen=True)
class TagRow:
    """One tag's tickets opened in the period: how many, how many are
    resolved, and their service levels (a ticket counts under each tag)."""

    sla: SLARow
    opened: int
    resolved: int


@dataclass(frozen=True)
class Breach:
    ticket_id: int
    reference: str
    subject: str
    created_at: datetime
    missed: list[str]


@dataclass(frozen=True)
class Day:
    day: date
    created: dict[str, int]  # by channel
    resolved: int
    backlog: int

    @property
    def created_total(self) -> int:
        return sum(self.created.values())


@dataclass(frozen=True)
class Comment:
    ticket_id: int
    reference: str
    score: str
    comment: str
    rated_at: datetime


@dataclass
class Report:
    filters: ReportFilters
    opened: int
    days: list[Day]
    first_response_business: Spread
    first_response_clock: Spread
    resolution_business: Spread
    resolution_clock: Spread
    sla_total: SLARow
    sla_by: dict[str, list[SLARow]]
    breaches: list[Breach]
    silence: Spread
    silence_longest: float | None  # minutes
    still_working_updates: int
    ratings_good: int
    ratings_bad: int
    comments: list[Comment]
    resolved_once: int
    reopened: int
    articles_suggested: int
    suggestions_opened: int
    deflected: int
    email: dict[str, int] = field(default_factory=dict)
    by_tag: list[TagRow] = field(default_factory=list)
    by_field: list[TagRow] = field(default_factory=list)
    # False: a filtered report of many tickets, without those breakdowns.
    broken_down: bool = True
    # Minutes agents spent, by "agent", "queue", "organisation", "ticket".
    time_spent: dict[str, list[Any]] = field(default_factory=dict)
    # Read from the daily summaries (medians within 5 %), not every ticket.
    from_summaries: bool = False

    @property
    def resolved(self) -> int:
        return sum(day.resolved for day in self.days)

    @property
    def rated(self) -> int:
        return self.ratings_good + self.ratings_bad

    @property
    def share_good(self) -> float | None:
        return self.ratings_good / self.rated if self.rated else None

    @property
    def reopen_rate(self) -> float | None:
        return self.reopened / self.resolved_once if self.resolved_once else None

    @property
    def deflection_rate(self) -> float | None:
        opened = self.suggestions_opened
        return self.deflected / opened if opened else None
