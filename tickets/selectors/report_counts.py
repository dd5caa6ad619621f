"""The queries behind the reports, shared by a report read from the facts
and by the daily summaries (``ReportDay``) built from the same queries: a
figure is counted one way, whichever path serves it."""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
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

from notifications.models import Notification

from ..models import Channel, Rating, TicketFacts
from ..reporting import Seconds

BOUNCE_PREFIXES = ("bounced", "rejected", "complained")
MINUTE = 60.0


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

    def chosen(self) -> dict[str, Any]:
        """The facts' fields asked for (queue, priority, policy,
        organisation, agent), with their values."""
        fields = {
            "queue_id": self.queue_id,
            "priority": self.priority,
            "sla_policy_id": self.policy_id,
            "organisation_id": self.organisation_id,
            "assignee_id": self.agent_id,
        }
        return {k: v for k, v in fields.items() if v is not None}

    def dims(self, prefix: str = "") -> Q:
        return Q(**{prefix + k: v for k, v in self.chosen().items()})

    @property
    def filtered(self) -> bool:
        return self.dims() != Q()


def cohort(filters: ReportFilters) -> QuerySet[TicketFacts]:
    """The tickets opened in the period, as filtered."""
    return TicketFacts.objects.filter(
        filters.dims(), created_at__gte=filters.start, created_at__lt=filters.end
    )


def duration(later: str, earlier: str) -> Seconds:
    return Seconds(
        ExpressionWrapper(F(later) - F(earlier), output_field=DurationField())
    )


def longest_silence(at: datetime) -> Greatest:
    """A ticket's longest silence, counting the stretch running until ``at``
    (what the services store when news ends one, what reports read now)."""
    running = ExpressionWrapper(
        Value(at, output_field=DateTimeField()) - F("silent_since"),
        output_field=DurationField(),
    )
    return Greatest(
        F("longest_silence"),
        Coalesce(running, Value(timedelta(0)), output_field=DurationField()),
    )


def silence(now: datetime) -> Seconds:
    return Seconds(longest_silence(now))


def durations(now: datetime) -> dict[str, Any]:
    """The durations the reports spread out, in seconds or minutes."""
    return {
        "fr_business": F("first_response_minutes"),
        "fr_clock": duration("first_responded_at", "created_at"),
        "res_business": F("resolution_minutes"),
        "res_clock": duration("resolved_at", "created_at"),
        "silence": silence(now),
    }


# Durations counted in seconds by the database; the others are minutes.
IN_SECONDS = frozenset({"fr_clock", "res_clock", "silence"})


def per_minute(name: str) -> float:
    """What to divide a duration by for minutes."""
    return MINUTE if name in IN_SECONDS else 1.0


# The summaries' dimensions (ReportDay.Dimension values, also the names of
# a report's breakdowns) and the facts' field each stands for.
DIMENSION_KEYS = {
    "policy": "sla_policy_id",
    "priority": "priority",
    "queue": "queue_id",
    "agent": "assignee_id",
}

# --- Counts, by policy, priority, queue, agent and channel --------------------

GROUP_KEYS = ("sla_policy_id", "priority", "queue_id", "assignee_id", "channel")
COUNTERS = (
    "opened_web",
    "opened_email",
    "opened_api",
    "opened_agent",
    "first_responses",
    "resolutions",
    "fr_met",
    "fr_missed",
    "next_met",
    "next_missed",
    "res_met",
    "res_missed",
    "resolved_once",
    "reopened",
    "still_working",
    "suggested",
)
Counts = dict[str, Any]  # COUNTERS and silence_longest (minutes)


def _met(name: str) -> Count:
    return Count("pk", filter=Q(**{name: True}))


def _missed(name: str) -> Count:
    return Count("pk", filter=Q(**{name: False}))


def groups(filters: ReportFilters, now: datetime) -> list[Counts]:
    """Every count of the cohort, per combination of the group keys: one
    grouped scan, summed up by ``total`` and ``by_dimension``."""
    rows = (
        cohort(filters)
        .values(*GROUP_KEYS)
        .annotate(
            **{f"opened_{c}": Count("pk", filter=Q(channel=c)) for c in Channel.values},
            first_responses=Count("first_responded_at"),
            resolutions=Count("resolved_at"),
            fr_met=_met("first_response_met"),
            fr_missed=_missed("first_response_met"),
            next_met=Sum("next_responses_met"),
            next_missed=Sum("next_responses_missed"),
            res_met=_met("resolution_met"),
            res_missed=_missed("resolution_met"),
            resolved_once=Count(
                "pk", filter=Q(resolved_at__isnull=False) | Q(reopened__gt=0)
            ),
            reopened=Count("pk", filter=Q(reopened__gt=0)),
            still_working=Sum("still_working_updates"),
            suggested=Sum("articles_suggested"),
            silence_seconds=Max(silence(now)),
        )
        .order_by()
    )
    found = []
    for row in rows:
        counts = {name: row[name] or 0 for name in COUNTERS}
        longest = row["silence_seconds"]
        counts["silence_longest"] = None if longest is None else longest / MINUTE
        found.append({key: row[key] for key in GROUP_KEYS} | counts)
    return found


def add(total: Counts, more: Counts) -> Counts:
    for name in COUNTERS:
        total[name] = total.get(name, 0) + (more.get(name) or 0)
    both = (total.get("silence_longest"), more.get("silence_longest"))
    known = [v for v in both if v is not None]
    total["silence_longest"] = max(known) if known else None
    return total


def total(rows: Iterable[Counts]) -> Counts:
    summed: Counts = {}
    for row in rows:
        add(summed, row)
    return add(summed, {})  # every counter present, even with no rows


def by_dimension(rows: Iterable[Counts], key: str) -> dict[Any, Counts]:
    summed: dict[Any, Counts] = defaultdict(dict)
    for row in rows:
        add(summed[row[key]], row)
    return dict(summed)


def opened(counts: Counts) -> int:
    return sum(counts[f"opened_{c}"] for c in Channel.values)


# --- What happened on each day, and emails ------------------------------------


def resolved_per_day(filters: ReportFilters) -> dict[date, int]:
    return dict(
        TicketFacts.objects.filter(
            filters.dims(),
            resolved_at__gte=filters.start,
            resolved_at__lt=filters.end,
        )
        .values(day=TruncDate("resolved_at", tzinfo=filters.time_zone))
        .annotate(n=Count("pk"))
        .values_list("day", "n")
        .order_by()
    )


def opened_per_day(filters: ReportFilters) -> dict[date, dict[str, int]]:
    created: dict[date, dict[str, int]] = defaultdict(dict)
    for day, channel, n in (
        cohort(filters)
        .values("channel", day=TruncDate("created_at", tzinfo=filters.time_zone))
        .annotate(n=Count("pk"))
        .values_list("day", "channel", "n")
        .order_by()
    ):
        created[day][channel] = n
    return created


def backlog_before(filters: ReportFilters) -> int:
    """Tickets opened before the period and not finished when it began."""
    before = TicketFacts.objects.filter(filters.dims(), created_at__lt=filters.start)
    return (
        before.filter(resolved_at__isnull=True).count()
        + before.filter(resolved_at__gte=filters.start).count()
    )


def _email_counts(now: datetime) -> dict[str, Count]:
    late = timedelta(minutes=settings.OUTBOX_DELAYED_AFTER_MINUTES)
    unsent = Q(state__in=[Notification.State.PENDING, Notification.State.SENDING])
    bounced = Q()
    for prefix in BOUNCE_PREFIXES:
        bounced |= Q(last_error__startswith=prefix)
    failed = Q(state=Notification.State.FAILED)
    return {
        "written": Count("pk"),
        "sent": Count("pk", filter=Q(state=Notification.State.SENT)),
        "delayed": Count(
            "pk",
            filter=Q(state=Notification.State.SENT, took__gt=late)
            | (unsent & Q(created_at__lt=now - late)),
        ),
        "waiting": Count("pk", filter=unsent),
        "failed": Count("pk", filter=failed & ~bounced),
        "bounced": Count("pk", filter=failed & bounced),
    }


def _written(filters: ReportFilters) -> QuerySet[Notification]:
    written = Notification.objects.filter(
        created_at__gte=filters.start, created_at__lt=filters.end
    )
    if filters.filtered:
        written = written.filter(filters.dims("ticket__facts__"))
    took = ExpressionWrapper(
        F("sent_at") - F("created_at"), output_field=DurationField()
    )
    return written.annotate(took=took)


def emails(filters: ReportFilters, now: datetime) -> dict[str, int]:
    """Emails written to the outbox in the period, by what became of them."""
    return _written(filters).aggregate(**_email_counts(now))


def emails_by(filters: ReportFilters, now: datetime, key: str) -> dict[Any, Counts]:
    """The same, per queue, priority, policy or agent of their tickets."""
    found = (
        _written(filters)
        .values(f"ticket__facts__{key}")
        .annotate(**_email_counts(now))
        .order_by()
    )
    return {
        row.pop(f"ticket__facts__{key}"): {k: row[k] for k in EMAIL_OUTCOMES}
        for row in found
    }


def _rated(filters: ReportFilters) -> QuerySet[TicketFacts]:
    return TicketFacts.objects.filter(
        filters.dims(), rated_at__gte=filters.start, rated_at__lt=filters.end
    )


RATED = {
    "rated_good": Count("pk", filter=Q(rating=Rating.Score.GOOD)),
    "rated_bad": Count("pk", filter=Q(rating=Rating.Score.BAD)),
}


def ratings(filters: ReportFilters) -> dict[str, int]:
    """Ratings given in the period (each ticket's latest), good and bad."""
    return _rated(filters).aggregate(**RATED)


def ratings_by(filters: ReportFilters, key: str) -> dict[Any, dict[str, int]]:
    found = _rated(filters).values(key).annotate(**RATED).order_by()
    return {row.pop(key): row for row in found}


def resolved_by(filters: ReportFilters, key: str) -> dict[Any, int]:
    """Tickets resolved in the period, per queue, priority, policy or agent."""
    return dict(
        TicketFacts.objects.filter(
            resolved_at__gte=filters.start, resolved_at__lt=filters.end
        )
        .values(key)
        .annotate(n=Count("pk"))
        .values_list(key, "n")
        .order_by()
    )


EMAIL_OUTCOMES = ("written", "sent", "delayed", "waiting", "failed", "bounced")
