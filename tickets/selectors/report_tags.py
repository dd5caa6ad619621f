"""The reports' breakdowns by tag and by the value of a choice field: read
from the facts of the tickets opened in the period, joined to their tags
or values (a ticket counts once under each; the totals elsewhere count it
once)."""

from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from ..models import CustomField, TicketFacts
from .report_counts import ReportFilters, cohort
from .report_figures import Achievement, SLARow, TagRow

# The most used tags in the period; the rest are left to a filter.
TAG_ROWS = 50


def _met(name: str, value: bool) -> Count:
    return Count("pk", filter=Q(**{name: value}))


def by_tag(filters: ReportFilters) -> list[TagRow]:
    found = cohort(filters).filter(ticket__tags__isnull=False)
    return _rows(found.values(tag=F("ticket__tags__name")), lambda row: row["tag"])


# Fields whose values are few enough to count by.
COUNTED = (
    CustomField.Kind.CHOICE,
    CustomField.Kind.MULTIPLE,
    CustomField.Kind.CHECKBOX,
)


def by_field_value(filters: ReportFilters) -> list[TagRow]:
    """ "Plan: Pro", "Urgent: yes"... for the choice and checkbox fields."""
    found = cohort(filters).filter(ticket__field_values__field__kind__in=COUNTED)
    grouped = found.values(
        label=F("ticket__field_values__field__label"),
        value=F("ticket__field_values__value"),
    )
    return _rows(grouped, lambda row: f"{row['label']}: {row['value']}")


def _rows(grouped: QuerySet[TicketFacts, Any], label: Any) -> list[TagRow]:
    rows = grouped.annotate(
        opened=Count("pk"),
        resolved=Count("resolved_at"),
        fr_met=_met("first_response_met", True),
        fr_missed=_met("first_response_met", False),
        next_met=Sum("next_responses_met"),
        next_missed=Sum("next_responses_missed"),
        res_met=_met("resolution_met", True),
        res_missed=_met("resolution_met", False),
    ).order_by("-opened")[:TAG_ROWS]
    return [
        TagRow(
            SLARow(
                label(row),
                Achievement(row["fr_met"], row["fr_missed"]),
                Achievement(row["next_met"] or 0, row["next_missed"] or 0),
                Achievement(row["res_met"], row["res_missed"]),
            ),
            row["opened"],
            row["resolved"],
        )
        for row in rows
    ]
