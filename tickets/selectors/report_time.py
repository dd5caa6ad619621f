"""The reports' time spent: the minutes agents gave with their replies and
notes in the period, by agent, queue and organisation, and the tickets
that took the most (two grouped queries, whatever the period)."""

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, QuerySet, Sum
from django.utils.translation import gettext as _

from ..models import TimeEntry, format_reference
from .report_counts import ReportFilters

TOP_TICKETS = 20


@dataclass(frozen=True)
class TimeRow:
    label: str
    minutes: int
    entries: int


def _entries(filters: ReportFilters) -> QuerySet[TimeEntry]:
    return TimeEntry.objects.filter(
        created_at__gte=filters.start, created_at__lt=filters.end
    )


def time_spent(filters: ReportFilters) -> dict[str, list[TimeRow]]:
    """By "agent", "queue", "organisation" and "ticket", most first."""
    grouped = (
        _entries(filters)
        .values(
            "agent__username",
            "agent__first_name",
            "agent__last_name",
            "ticket__queue__name",
            "ticket__customer__organisation__name",
        )
        .annotate(minutes=Sum("minutes"), entries=Count("pk"))
        .order_by()
    )
    sums: dict[str, dict[str, list[int]]] = {
        name: defaultdict(lambda: [0, 0]) for name in ("agent", "queue", "organisation")
    }
    for row in grouped:
        full = f"{row['agent__first_name']} {row['agent__last_name']}".strip()
        labels = {
            "agent": full or row["agent__username"] or _("A former agent"),
            "queue": row["ticket__queue__name"] or "",
            "organisation": row["ticket__customer__organisation__name"]
            or _("No organisation"),
        }
        for name, label in labels.items():
            sums[name][label][0] += row["minutes"]
            sums[name][label][1] += row["entries"]
    found = {
        name: sorted(
            (TimeRow(label, m, e) for label, (m, e) in by.items()),
            key=lambda r: (-r.minutes, r.label),
        )
        for name, by in sums.items()
    }
    tickets = (
        _entries(filters)
        .values("ticket_id", "ticket__subject")
        .annotate(minutes=Sum("minutes"), entries=Count("pk"))
        .order_by("-minutes", "ticket_id")[:TOP_TICKETS]
    )
    found["ticket"] = [
        TimeRow(
            f"{format_reference(row['ticket_id'])} {row['ticket__subject']}",
            row["minutes"],
            row["entries"],
        )
        for row in tickets
    ]
    return found
