"""The reports as JSON (agents with "Can view reports"): the same figures as
the reports page, from the same selector."""

from datetime import date, timedelta
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from .api_serializers import id_field
from .models import Channel, Priority
from .permissions import can_view_reports
from .reporting import DEFAULT_PERIOD_DAYS, period_problem
from .selectors import reports as report_selectors
from .selectors.reports import Achievement, Report, ReportFilters, SLARow, Spread


class CanViewReports(BasePermission):
    message = "Reports need the “Can view reports” permission."

    def has_permission(self, request: Request, view: Any) -> bool:
        return can_view_reports(request.user)


class ReportQuerySerializer(serializers.Serializer[Any]):
    since = serializers.DateField(
        required=False, help_text=_("First day (default: 29 days before until).")
    )
    until = serializers.DateField(
        required=False, help_text=_("Last day (default: today).")
    )
    queue = id_field(required=False)
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    policy = id_field(required=False)
    organisation = id_field(required=False)
    agent = id_field(required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        until: date = attrs.get("until") or timezone.localdate()
        since: date = attrs.get("since") or until - timedelta(
            days=DEFAULT_PERIOD_DAYS - 1
        )
        problem = period_problem(since, until)
        if problem:
            raise serializers.ValidationError({"until": problem})
        return attrs | {"since": since, "until": until}

    def filters(self) -> ReportFilters:
        data = self.validated_data
        return ReportFilters(
            since=data["since"],
            until=data["until"],
            queue_id=data.get("queue"),
            priority=data.get("priority"),
            policy_id=data.get("policy"),
            organisation_id=data.get("organisation"),
            agent_id=data.get("agent"),
        )


# --- What comes back ----------------------------------------------------------


class SpreadSerializer(serializers.Serializer[Spread]):
    count = serializers.IntegerField(help_text=_("Tickets measured."))
    median = serializers.FloatField(allow_null=True, help_text=_("Minutes."))
    p90 = serializers.FloatField(allow_null=True, help_text=_("Minutes."))


class AchievementSerializer(serializers.Serializer[Achievement]):
    met = serializers.IntegerField()
    missed = serializers.IntegerField()
    share = serializers.FloatField(allow_null=True, help_text=_("Met, 0-1."))


class SLARowSerializer(serializers.Serializer[SLARow]):
    name = serializers.CharField(source="label")
    first_response = AchievementSerializer()
    next_response = AchievementSerializer()
    resolution = AchievementSerializer()


class SLABySerializer(serializers.Serializer[Any]):
    policy = SLARowSerializer(many=True)
    priority = SLARowSerializer(many=True)
    queue = SLARowSerializer(many=True)
    agent = SLARowSerializer(many=True)


class TagRowSerializer(serializers.Serializer[Any]):
    tag = serializers.CharField(source="sla.label")
    opened = serializers.IntegerField()
    resolved = serializers.IntegerField()
    first_response = AchievementSerializer(source="sla.first_response")
    next_response = AchievementSerializer(source="sla.next_response")
    resolution = AchievementSerializer(source="sla.resolution")


class TimeRowSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(source="label")
    minutes = serializers.IntegerField()
    entries = serializers.IntegerField(
        help_text=_("Replies and notes it was given with.")
    )


class TimeSpentSerializer(serializers.Serializer[Any]):
    agent = TimeRowSerializer(many=True)
    queue = TimeRowSerializer(many=True)
    organisation = TimeRowSerializer(many=True)
    ticket = TimeRowSerializer(many=True)


class DaySerializer(serializers.Serializer[Any]):
    day = serializers.DateField()
    created = serializers.DictField(
        child=serializers.IntegerField(),
        help_text="Opened, by channel: " + ", ".join(Channel.values) + ".",
    )
    resolved = serializers.IntegerField()
    backlog = serializers.IntegerField()


class BreachSerializer(serializers.Serializer[Any]):
    ticket_id = serializers.IntegerField()
    reference = serializers.CharField()
    subject = serializers.CharField()
    created_at = serializers.DateTimeField()
    missed = serializers.ListField(child=serializers.CharField())


class CommentSerializer(serializers.Serializer[Any]):
    ticket_id = serializers.IntegerField()
    reference = serializers.CharField()
    score = serializers.CharField()
    comment = serializers.CharField()
    rated_at = serializers.DateTimeField()


class SilenceSerializer(serializers.Serializer[Any]):
    per_ticket = SpreadSerializer(help_text=_("Each ticket's longest silence."))
    longest_minutes = serializers.FloatField(allow_null=True)
    still_working_updates = serializers.IntegerField()


class SatisfactionSerializer(serializers.Serializer[Any]):
    good = serializers.IntegerField()
    bad = serializers.IntegerField()
    share_good = serializers.FloatField(allow_null=True)
    latest_comments = CommentSerializer(many=True)
    reopened = serializers.IntegerField()
    resolved_once = serializers.IntegerField()
    reopen_rate = serializers.FloatField(allow_null=True)


class SelfServiceSerializer(serializers.Serializer[Any]):
    articles_suggested = serializers.IntegerField()
    suggestions_opened = serializers.IntegerField()
    deflected = serializers.IntegerField()


class EmailHealthSerializer(serializers.Serializer[Any]):
    written = serializers.IntegerField()
    sent = serializers.IntegerField()
    delayed = serializers.IntegerField()
    waiting = serializers.IntegerField()
    failed = serializers.IntegerField()
    bounced = serializers.IntegerField()


class ReportSummarySerializer(serializers.Serializer[Any]):
    since = serializers.DateField()
    until = serializers.DateField()
    opened = serializers.IntegerField()
    resolved = serializers.IntegerField()
    days = DaySerializer(many=True)
    first_response_business = SpreadSerializer()
    first_response_clock = SpreadSerializer()
    resolution_business = SpreadSerializer()
    resolution_clock = SpreadSerializer()
    sla = SLARowSerializer(help_text=_("All tickets of the period together."))
    sla_by = SLABySerializer()
    by_tag = TagRowSerializer(
        many=True,
        help_text=_("The period's most used tags; a ticket counts under each."),
    )
    by_field = TagRowSerializer(
        many=True,
        help_text=_(
            'By the value of each choice or checkbox field: tag is "Field: value".'
        ),
    )
    time_spent = TimeSpentSerializer(required=False)
    breaches = BreachSerializer(many=True)
    silence = SilenceSerializer()
    satisfaction = SatisfactionSerializer()
    self_service = SelfServiceSerializer()
    email = EmailHealthSerializer()


def summary(report: Report) -> dict[str, Any]:
    return {
        "since": report.filters.since,
        "until": report.filters.until,
        "opened": report.opened,
        "resolved": report.resolved,
        "days": report.days,
        "first_response_business": report.first_response_business,
        "first_response_clock": report.first_response_clock,
        "resolution_business": report.resolution_business,
        "resolution_clock": report.resolution_clock,
        "sla": report.sla_total,
        "sla_by": report.sla_by,
        "by_tag": report.by_tag,
        "by_field": report.by_field,
        "time_spent": report.time_spent,
        "breaches": report.breaches,
        "silence": {
            "per_ticket": report.silence,
            "longest_minutes": report.silence_longest,
            "still_working_updates": report.still_working_updates,
        },
        "satisfaction": {
            "good": report.ratings_good,
            "bad": report.ratings_bad,
            "share_good": report.share_good,
            "latest_comments": report.comments,
            "reopened": report.reopened,
            "resolved_once": report.resolved_once,
            "reopen_rate": report.reopen_rate,
        },
        "self_service": {
            "articles_suggested": report.articles_suggested,
            "suggestions_opened": report.suggestions_opened,
            "deflected": report.deflected,
        },
        "email": report.email,
    }


class ReportSummaryView(APIView):
    permission_classes = (CanViewReports,)

    @extend_schema(
        parameters=[ReportQuerySerializer], responses=ReportSummarySerializer
    )
    def get(self, request: Request) -> Response:
        """Every figure of the reports page for a period (default: the last
        30 days) and filters; durations in minutes, shares from 0 to 1."""
        query = ReportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        report = report_selectors.report(query.filters(), now=timezone.now())
        return Response(ReportSummarySerializer(summary(report)).data)
