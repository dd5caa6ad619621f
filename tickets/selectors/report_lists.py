"""The reports' lists: the latest breaches, the latest rating comments, and
what self-service did in the period."""

from datetime import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext

from kb.models import DEFLECTION_WINDOW, SuggestionOpen

from ..models import Rating, format_reference
from .report_counts import ReportFilters, cohort
from .report_figures import Breach, Comment

BREACHES_SHOWN = 50


COMMENTS_SHOWN = 5


def breaches(filters: ReportFilters) -> list[Breach]:
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
            missed.append(gettext("first response"))
        if facts.next_responses_missed:
            missed.append(
                gettext("next response (%(count)d)")
                % {"count": facts.next_responses_missed}
            )
        if facts.resolution_met is False:
            missed.append(gettext("resolution"))
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


def comments(filters: ReportFilters) -> list[Comment]:
    """The latest comments given with the ratings of the period."""
    latest = (
        Rating.objects.filter(
            filters.dims("ticket__facts__"),
            rated_at__gte=filters.start,
            rated_at__lt=filters.end,
        )
        .exclude(comment="")
        .order_by("-rated_at")[:COMMENTS_SHOWN]
    )
    return [
        Comment(
            r.ticket_id, format_reference(r.ticket_id), r.score, r.comment, r.rated_at
        )
        for r in latest
    ]


def self_service(filters: ReportFilters, now: datetime) -> dict[str, int]:
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
