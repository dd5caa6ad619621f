"""The reports (issue 12): every figure read from facts stored when they
happened (``TicketFacts``, ratings, suggestion opens, the outbox), in a
dozen aggregate queries whatever the number of tickets.

Most figures are about the tickets *opened* in the period (the cohort):
first response, resolution, service levels, silence, reopening. Volume
counts what was opened and resolved each day, and ratings, suggestion
opens and emails count what happened in the period.
"""

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import User
from django.db.models import (
    Count,
    DateTimeField,
    DurationField,
    ExpressionWrapper,
    F,
    Max,
    Q,
    QuerySet,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncDate

from kb.models import DEFLECTION_WINDOW, SuggestionOpen
from notifications.models import Notification

from ..models import (
    Channel,
    Priority,
    Queue,
    Rating,
    SLAPolicy,
    TicketFacts,
    format_reference,
)
from ..reporting import Percentiles, Seconds, percentiles

BREACHES_SHOWN = 50
COMMENTS_SHOWN = 5
BOUNCE_PREFIXES = ("bounced", "rejected", "complained")


@dataclass(frozen=True)
class ReportFilters:
    since: date
    until: date  # the last day included
    queue_id: int | None = None
    priority: str | None = None
    policy_id: int | None = None
    organisation_id: int | None = None
    agent_id: int | None = None

    @property
    def time_zone(self) -> ZoneInfo:
        return ZoneInfo(settings.TIME_ZONE)

    @property
    def start(self) -> datetime:
        """Midnight at the start of ``since``, in the desk's time zone."""
        return datetime.combine(self.since, time(0), self.time_zone)

    @property
    def end(self) -> datetime:
        """Midnight after ``until``: the period is [start, end)."""
        return datetime.combine(self.until + timedelta(days=1), time(0), self.time_zone)

    @property
    def days(self) -> list[date]:
        return [
            self.since + timedelta(days=n)
            for n in range((self.until - self.since).days + 1)
        ]

    def dims(self, prefix: str = "") -> Q:
        """The queue, priority, policy, organisation and agent asked for."""
        chosen = {
            "queue_id": self.queue_id,
            "priority": self.priority,
            "sla_policy_id": self.policy_id,
            "organisation_id": self.organisation_id,
            "assignee_id": self.agent_id,
        }
        return Q(**{prefix + k: v for k, v in chosen.items() if v is not None})

    @property
    def filtered(self) -> bool:
        return self.dims() != Q()


# --- What a report holds ------------------------------------------------------


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


# --- Reading it ---------------------------------------------------------------


def _duration(later: str, earlier: str) -> Seconds:
    return Seconds(
        ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())
    )


def _silence(now: datetime) -> Seconds:
    """Each ticket's longest silence, the stretch running now included."""
    running = ExpressionWrapper(
        Value(now, output_field=DateTimeField()) - F("silent_since"),
        output_field=DurationField(),
    )
    return Seconds(
        Greatest(
            F("longest_silence"),
            Coalesce(running, Value(timedelta(0)), output_field=DurationField()),
        )
    )


def cohort(filters: ReportFilters) -> QuerySet[TicketFacts]:
    """The tickets opened in the period, as filtered."""
    return TicketFacts.objects.filter(
        filters.dims(), created_at__gte=filters.start, created_at__lt=filters.end
    )


def _met(name: str) -> Count:
    return Count("pk", filter=Q(**{name: True}))


def _missed(name: str) -> Count:
    return Count("pk", filter=Q(**{name: False}))


def _sla_rows(filters: ReportFilters) -> list[dict[str, Any]]:
    """Targets met and missed per policy, priority, queue and agent at once:
    one grouped scan, rolled up below."""
    rows = (
        cohort(filters)
        .values("sla_policy_id", "priority", "queue_id", "assignee_id")
        .annotate(
            fr_met=_met("first_response_met"),
            fr_missed=_missed("first_response_met"),
            next_met=Sum("next_responses_met"),
            next_missed=Sum("next_responses_missed"),
            res_met=_met("resolution_met"),
            res_missed=_missed("resolution_met"),
        )
        .order_by()
    )
    return [dict(row) for row in rows]


def _sla_row(label: str, groups: Iterable[dict[str, Any]]) -> SLARow:
    first, following, resolution = Achievement(), Achievement(), Achievement()
    for g in groups:
        first += Achievement(g["fr_met"], g["fr_missed"])
        following += Achievement(g["next_met"] or 0, g["next_missed"] or 0)
        resolution += Achievement(g["res_met"], g["res_missed"])
    return SLARow(label, first, following, resolution)


def _breakdown(
    groups: list[dict[str, Any]], key: str, name: Callable[[Any], str]
) -> list[SLARow]:
    by: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for g in groups:
        by[g[key]].append(g)
    rows = [_sla_row(name(k), gs) for k, gs in by.items()]
    return sorted(rows, key=lambda r: (-r.breaches, r.label))


def _names(groups: list[dict[str, Any]]) -> dict[str, Callable[[Any], str]]:
    def ids(key: str) -> set[int]:
        return {g[key] for g in groups if g[key] is not None}

    policies = dict(
        SLAPolicy.objects.filter(pk__in=ids("sla_policy_id")).values_list("pk", "name")
    )
    queues = dict(
        Queue.objects.filter(pk__in=ids("queue_id")).values_list("pk", "name")
    )
    agents = {
        u.pk: u.get_full_name() or u.get_username()
        for u in User.objects.filter(pk__in=ids("assignee_id"))
    }
    priorities = dict(Priority.choices)
    return {
        "sla_policy_id": lambda k: policies.get(k, "No policy (default hours)"),
        "priority": lambda k: str(priorities.get(k, k)),
        "queue_id": lambda k: queues.get(k, "No queue"),
        "assignee_id": lambda k: agents.get(k, "Unassigned"),
    }


BREAKDOWNS = {
    "policy": "sla_policy_id",
    "priority": "priority",
    "queue": "queue_id",
    "agent": "assignee_id",
}


def _breaches(filters: ReportFilters) -> list[Breach]:
    found = (
        cohort(filters)
        .filter(
            Q(first_response_met=False)
            | Q(resolution_met=False)
            | Q(next_responses_missed__gt=0)
        )
        .select_related("ticket")
        .only(
            "pk",
            "created_at",
            "first_response_met",
            "resolution_met",
            "next_responses_missed",
            "ticket__subject",
        )
        .order_by("-created_at")[:BREACHES_SHOWN]
    )
    breaches = []
    for facts in found:
        missed = []
        if facts.first_response_met is False:
            missed.append("first response")
        if facts.next_responses_missed:
            missed.append(f"next response ({facts.next_responses_missed})")
        if facts.resolution_met is False:
            missed.append("resolution")
        breaches.append(
            Breach(
                facts.pk,
                format_reference(facts.pk),
                facts.ticket.subject,
                facts.created_at,
                missed,
            )
        )
    return breaches


def _days(filters: ReportFilters) -> list[Day]:
    """Opened per day and channel, resolved per day, and the backlog at the
    end of each day: open from opening until last resolved or closed."""
    tz = filters.time_zone
    created: dict[date, dict[str, int]] = defaultdict(dict)
    for row in (
        cohort(filters)
        .values("channel", day=TruncDate("created_at", tzinfo=tz))
        .annotate(n=Count("pk"))
        .values_list("day", "channel", "n")
        .order_by()
    ):
        created[row[0]][row[1]] = row[2]
    finished = TicketFacts.objects.filter(filters.dims())
    resolved = dict(
        finished.filter(resolved_at__gte=filters.start, resolved_at__lt=filters.end)
        .values(day=TruncDate("resolved_at", tzinfo=tz))
        .annotate(n=Count("pk"))
        .values_list("day", "n")
        .order_by()
    )
    before = finished.filter(created_at__lt=filters.start)
    backlog = (
        before.filter(resolved_at__isnull=True).count()
        + before.filter(resolved_at__gte=filters.start).count()
    )
    days = []
    for day in filters.days:
        by_channel = {c: created[day].get(c, 0) for c in Channel.values}
        backlog += sum(by_channel.values()) - resolved.get(day, 0)
        days.append(Day(day, by_channel, resolved.get(day, 0), backlog))
    return days


def _ratings(filters: ReportFilters) -> tuple[int, int, list[Comment]]:
    rated = Rating.objects.filter(
        filters.dims("ticket__facts__"),
        rated_at__gte=filters.start,
        rated_at__lt=filters.end,
    )
    totals = rated.aggregate(
        good=Count("pk", filter=Q(score=Rating.Score.GOOD)),
        bad=Count("pk", filter=Q(score=Rating.Score.BAD)),
    )
    latest = rated.exclude(comment="").order_by("-rated_at")[:COMMENTS_SHOWN]
    comments = [
        Comment(
            r.ticket_id, format_reference(r.ticket_id), r.score, r.comment, r.rated_at
        )
        for r in latest
    ]
    return totals["good"], totals["bad"], comments


def _self_service(filters: ReportFilters, now: datetime) -> dict[str, int]:
    """Suggested articles opened in the period, and how many were followed
    by no ticket from the same visitor within the deflection window."""
    return SuggestionOpen.objects.filter(
        opened_at__gte=filters.start, opened_at__lt=filters.end
    ).aggregate(
        opened=Count("pk"),
        deflected=Count(
            "pk",
            filter=Q(ticket_followed=False, opened_at__lte=now - DEFLECTION_WINDOW),
        ),
    )


def _email(filters: ReportFilters, now: datetime) -> dict[str, int]:
    """Emails written to the outbox in the period, by what became of them."""
    late = timedelta(minutes=settings.OUTBOX_DELAYED_AFTER_MINUTES)
    emails = Notification.objects.filter(
        created_at__gte=filters.start, created_at__lt=filters.end
    )
    if filters.filtered:
        emails = emails.filter(filters.dims("ticket__facts__"))
    unsent = Q(state__in=[Notification.State.PENDING, Notification.State.SENDING])
    bounced = Q()
    for prefix in BOUNCE_PREFIXES:
        bounced |= Q(last_error__startswith=prefix)
    took = ExpressionWrapper(
        F("sent_at") - F("created_at"), output_field=DurationField()
    )
    return emails.annotate(took=took).aggregate(
        written=Count("pk"),
        sent=Count("pk", filter=Q(state=Notification.State.SENT)),
        delayed=Count(
            "pk",
            filter=Q(state=Notification.State.SENT, took__gt=late)
            | (unsent & Q(created_at__lt=now - late)),
        ),
        waiting=Count("pk", filter=unsent),
        failed=Count("pk", filter=Q(state=Notification.State.FAILED) & ~bounced),
        bounced=Count("pk", filter=Q(state=Notification.State.FAILED) & bounced),
    )


def report(filters: ReportFilters, *, now: datetime) -> Report:
    """Every figure of the reports page and the API for one period."""
    minute = 60.0
    facts = cohort(filters).aggregate(
        opened=Count("pk"),
        fr_count=Count("first_responded_at"),
        fr_business=Percentiles("first_response_minutes"),
        fr_clock=Percentiles(_duration("first_responded_at", "created_at")),
        res_count=Count("resolved_at"),
        res_business=Percentiles("resolution_minutes"),
        res_clock=Percentiles(_duration("resolved_at", "created_at")),
        silence=Percentiles(_silence(now)),
        silence_longest=Max(_silence(now)),
        still_working=Sum("still_working_updates"),
        suggested=Sum("articles_suggested"),
        resolved_once=Count(
            "pk", filter=Q(resolved_at__isnull=False) | Q(reopened__gt=0)
        ),
        reopened=Count("pk", filter=Q(reopened__gt=0)),
    )
    groups = _sla_rows(filters)
    names = _names(groups)
    good, bad, comments = _ratings(filters)
    helped = _self_service(filters, now)
    longest = facts["silence_longest"]
    return Report(
        filters=filters,
        opened=facts["opened"],
        days=_days(filters),
        first_response_business=Spread.of(facts["fr_count"], facts["fr_business"]),
        first_response_clock=Spread.of(facts["fr_count"], facts["fr_clock"], minute),
        resolution_business=Spread.of(facts["res_count"], facts["res_business"]),
        resolution_clock=Spread.of(facts["res_count"], facts["res_clock"], minute),
        sla_total=_sla_row("All tickets", groups),
        sla_by={
            name: _breakdown(groups, key, names[key])
            for name, key in BREAKDOWNS.items()
        },
        breaches=_breaches(filters),
        silence=Spread.of(facts["opened"], facts["silence"], minute),
        silence_longest=None if longest is None else float(longest) / minute,
        still_working_updates=facts["still_working"] or 0,
        ratings_good=good,
        ratings_bad=bad,
        comments=comments,
        resolved_once=facts["resolved_once"],
        reopened=facts["reopened"],
        articles_suggested=facts["suggested"] or 0,
        suggestions_opened=helped["opened"],
        deflected=helped["deflected"],
        email=_email(filters, now),
    )
