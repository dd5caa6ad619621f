"""The reports' breakdowns by tag and by the value of a choice field: a
ticket counts once under each of its tags and values (the totals elsewhere
count it once). Counted from the facts of the tickets opened in a period
(``tag_counts``, ``field_counts``: what each day's summary keeps too), or
summed from the daily summaries when the report reads those."""

from collections.abc import Callable
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Sum

from ..models import Channel, CustomField, ReportDay, TicketFacts
from . import report_counts as rc
from .report_counts import ReportFilters, cohort
from .report_figures import Achievement, SLARow, TagRow

# The most used in the period; the rest are left to a filter.
TAG_ROWS = 50
# Fields whose values are few enough to count by.
COUNTED = (
    CustomField.Kind.CHOICE,
    CustomField.Kind.MULTIPLE,
    CustomField.Kind.CHECKBOX,
)
Dimension = ReportDay.Dimension


def _met(name: str, value: bool) -> Count:
    return Count("pk", filter=Q(**{name: value}))


COUNTS: dict[str, Any] = {
    **{f"opened_{c}": Count("pk", filter=Q(channel=c)) for c in Channel.values},
    "resolutions": Count("resolved_at"),
    "fr_met": _met("first_response_met", True),
    "fr_missed": _met("first_response_met", False),
    "next_met": Sum("next_responses_met"),
    "next_missed": Sum("next_responses_missed"),
    "res_met": _met("resolution_met", True),
    "res_missed": _met("resolution_met", False),
}


def _grouped(grouped: QuerySet[TicketFacts, Any]) -> dict[str, rc.Counts]:
    rows = grouped.annotate(**COUNTS).order_by()
    return {
        row.pop("key"): rc.add({}, row)  # every counter, None as 0
        for row in rows
    }


def tag_counts(filters: ReportFilters) -> dict[str, rc.Counts]:
    """Counts by tag name."""
    found = cohort(filters).filter(ticket__tags__isnull=False)
    return _grouped(found.values(key=F("ticket__tags__name")))


def field_counts(filters: ReportFilters) -> dict[str, rc.Counts]:
    """Counts by "<field id>:<value>", for the choice and checkbox fields."""
    found = cohort(filters).filter(ticket__field_values__field__kind__in=COUNTED)
    keys = found.values(
        field=F("ticket__field_values__field_id"),
        value=F("ticket__field_values__value"),
    )
    counted: dict[str, rc.Counts] = {}
    for row in keys.annotate(**COUNTS).order_by():
        counts = dict(row)
        key = f"{counts.pop('field')}:{counts.pop('value')}"[:64]
        counted[key] = rc.add({}, counts)
    return counted


def _summed(filters: ReportFilters, dimension: str) -> dict[str, rc.Counts]:
    rows = ReportDay.objects.filter(
        dimension=dimension, day__gte=filters.since, day__lte=filters.until
    ).values_list("value", *rc.COUNTERS)
    found: dict[str, rc.Counts] = {}
    for value, *numbers in rows:
        rc.add(
            found.setdefault(value, {}), dict(zip(rc.COUNTERS, numbers, strict=True))
        )
    return found


def _rows(counts: dict[str, rc.Counts], label: Callable[[str], str]) -> list[TagRow]:
    made = [
        TagRow(
            SLARow(
                label(key),
                Achievement(c["fr_met"], c["fr_missed"]),
                Achievement(c["next_met"], c["next_missed"]),
                Achievement(c["res_met"], c["res_missed"]),
            ),
            rc.opened(c),
            c["resolutions"],
        )
        for key, c in counts.items()
    ]
    return sorted(made, key=lambda r: (-r.opened, r.sla.label))[:TAG_ROWS]


def _field_label(labels: dict[int, str]) -> Callable[[str], str]:
    def label(key: str) -> str:
        field, _sep, value = key.partition(":")
        return f"{labels.get(int(field), field)}: {value}"

    return label


def breakdowns(
    filters: ReportFilters, *, summed: bool
) -> tuple[list[TagRow], list[TagRow]]:
    """By tag and by field value: summed from the daily summaries (a report
    of every ticket that reads them), else counted from the facts."""
    if summed:
        tags, fields = (
            _summed(filters, Dimension.TAG),
            _summed(filters, Dimension.FIELD),
        )
    else:
        tags, fields = tag_counts(filters), field_counts(filters)
    labels = dict(CustomField.objects.values_list("pk", "label")) if fields else {}
    return _rows(tags, str), _rows(fields, _field_label(labels))
