"""The reports' breakdown by tag: read from the facts of the tickets opened
in the period, joined to their tags (a ticket counts once under each of
its tags; the totals elsewhere count it once)."""

from django.db.models import Count, F, Q, Sum

from .report_counts import ReportFilters, cohort
from .report_figures import Achievement, SLARow, TagRow

# The most used tags in the period; the rest are left to a filter.
TAG_ROWS = 50


def _met(name: str, value: bool) -> Count:
    return Count("pk", filter=Q(**{name: value}))


def by_tag(filters: ReportFilters) -> list[TagRow]:
    rows = (
        cohort(filters)
        .filter(ticket__tags__isnull=False)
        .values(tag=F("ticket__tags__name"))
        .annotate(
            opened=Count("pk"),
            resolved=Count("resolved_at"),
            fr_met=_met("first_response_met", True),
            fr_missed=_met("first_response_met", False),
            next_met=Sum("next_responses_met"),
            next_missed=Sum("next_responses_missed"),
            res_met=_met("resolution_met", True),
            res_missed=_met("resolution_met", False),
        )
        .order_by("-opened", "tag")[:TAG_ROWS]
    )
    return [
        TagRow(
            SLARow(
                row["tag"],
                Achievement(row["fr_met"], row["fr_missed"]),
                Achievement(row["next_met"] or 0, row["next_missed"] or 0),
                Achievement(row["res_met"], row["res_missed"]),
            ),
            row["opened"],
            row["resolved"],
        )
        for row in rows
    ]
