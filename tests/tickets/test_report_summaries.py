"""The reports' daily summaries: each equals a direct computation over the
same tickets' facts; a report read from them says what one read from every
ticket says (counts exactly, medians within a bucket); the beat task sums
up again exactly the days a change touched."""

from collections import Counter
from datetime import date, timedelta

import pytest
from django.core.cache import cache

from tests.history import NOW, WEEK
from tickets.models import CustomField, ReportDay, Status, TicketFacts
from tickets.selectors import reports
from tickets.services.fields import ticket_fields_set
from tickets.services.lifecycle import customer_message_post
from tickets.services.satisfaction import rating_record
from tickets.services.summaries import LOCK, reports_summarise
from tickets.services.tagging import ticket_tags_change

pytestmark = pytest.mark.django_db


def _direct(day: date) -> dict[str, int]:
    """One day's counts worked out in Python from the facts, row by row."""
    found = [
        f
        for f in TicketFacts.objects.all()
        if f.created_at.astimezone(WEEK.time_zone).date() == day
    ]
    channels = Counter(f.channel for f in found)
    return {
        "opened_web": channels["web"],
        "opened_email": channels["email"],
        "opened_api": channels["api"],
        "first_responses": sum(f.first_responded_at is not None for f in found),
        "resolutions": sum(f.resolved_at is not None for f in found),
        "fr_met": sum(f.first_response_met is True for f in found),
        "fr_missed": sum(f.first_response_met is False for f in found),
        "next_met": sum(f.next_responses_met for f in found),
        "next_missed": sum(f.next_responses_missed for f in found),
        "res_met": sum(f.resolution_met is True for f in found),
        "res_missed": sum(f.resolution_met is False for f in found),
        "reopened": sum(f.reopened > 0 for f in found),
        "still_working": sum(f.still_working_updates for f in found),
        "resolved": sum(
            f.resolved_at is not None
            and f.resolved_at.astimezone(WEEK.time_zone).date() == day
            for f in TicketFacts.objects.all()
        ),
        "rated_good": sum(
            f.rating == "good" and f.rated_at.astimezone(WEEK.time_zone).date() == day
            for f in TicketFacts.objects.all()
        ),
    }


def test_each_summary_equals_a_direct_computation(week):
    reports_summarise(now=NOW)
    for day in WEEK.days:
        row = ReportDay.objects.get(day=day, dimension="all")
        assert {name: getattr(row, name) for name in _direct(day)} == _direct(day)
        measured = TicketFacts.objects.filter(
            created_at__gte=reports.ReportFilters(since=day, until=day).start,
            created_at__lt=reports.ReportFilters(since=day, until=day).end,
            first_response_minutes__isnull=False,
        ).count()
        assert sum(row.histograms["fr_business"]) == measured
    by_agent = {
        r.value: (r.fr_met, r.fr_missed)
        for r in ReportDay.objects.filter(dimension="agent", day=date(2026, 1, 5))
    }
    assert by_agent == {str(week["a"].assignee_id): (1, 0), "": (0, 1)}


def _close(summed, exact):
    """Within a minute, or 5 %: the width of the bucket it falls in."""
    if exact is None:
        return summed is None
    return abs(summed - exact) <= max(1.0, 0.05 * exact)


@pytest.mark.parametrize(
    "chosen", [{}, {"priority": "normal"}, {"agent": True}, {"queue": True}]
)
def test_a_report_from_the_summaries_says_what_the_tickets_say(
    week, monkeypatch, chosen
):
    filters = reports.ReportFilters(
        since=WEEK.since,
        until=WEEK.until,
        priority=chosen.get("priority"),
        agent_id=week["a"].assignee_id if "agent" in chosen else None,
        queue_id=week["a"].queue_id if "queue" in chosen else None,
    )
    CustomField.objects.create(key="plan", label="Plan", kind="choice", choices="A\nB")
    for name, tags, plan in (("a", ["vip"], "A"), ("b", ["vip", "bug"], "B")):
        ticket_tags_change(ticket=week[name], actor=None, add=tags)
        ticket_fields_set(ticket=week[name], actor=None, raw={"plan": plan})
    exact = reports.report(filters, now=NOW)
    reports_summarise(now=NOW)
    monkeypatch.setattr(reports, "RAW_LIMIT", 0)
    summed = reports.report(filters, now=NOW)
    assert summed.from_summaries
    assert not exact.from_summaries
    if chosen:  # one queue's of many: left out, and the page says so
        assert (summed.broken_down, summed.by_tag) == (False, [])
        assert exact.broken_down
    else:
        assert summed.by_tag == exact.by_tag
        assert summed.by_field == exact.by_field
        assert [(r.sla.label, r.opened) for r in summed.by_tag] == [
            ("vip", 2),
            ("bug", 1),
        ]
        assert [r.sla.label for r in summed.by_field] == ["Plan: A", "Plan: B"]
    assert summed.opened == exact.opened
    assert summed.days == exact.days
    assert summed.sla_total == exact.sla_total
    assert summed.sla_by == exact.sla_by
    assert summed.email == exact.email
    assert summed.silence_longest == exact.silence_longest
    for name in (
        "first_response_business",
        "first_response_clock",
        "resolution_business",
        "resolution_clock",
        "silence",
    ):
        a, b = getattr(summed, name), getattr(exact, name)
        assert a.count == b.count, name
        assert _close(a.median, b.median), (name, a, b)
        assert _close(a.p90, b.p90), (name, a, b)


def test_what_the_summaries_cannot_say_is_read_from_the_tickets(week, monkeypatch):
    reports_summarise(now=NOW)
    monkeypatch.setattr(reports, "RAW_LIMIT", 0)
    two = reports.ReportFilters(
        since=WEEK.since, until=WEEK.until, priority="normal", queue_id=1
    )
    assert not reports.report(two, now=NOW).from_summaries
    organisation = reports.ReportFilters(
        since=WEEK.since, until=WEEK.until, organisation_id=1
    )
    assert not reports.report(organisation, now=NOW).from_summaries
    not_yet = reports.ReportFilters(since=WEEK.since, until=date(2026, 1, 20))
    assert not reports.report(not_yet, now=NOW).from_summaries


def test_the_beat_task_sums_up_again_the_days_a_change_touched(week, clock, agent):
    reports_summarise(now=NOW)
    # Recent days are summed up again every 15 minutes anyway: a month on,
    # the week is only redone where something changes.
    month_on = NOW + timedelta(days=40)
    clock.move_to(month_on)
    assert reports_summarise(now=month_on) == 40  # the new days
    assert not ReportDay.objects.filter(day__lte=WEEK.until, computed_at=month_on)
    moment = month_on + timedelta(minutes=20)
    clock.move_to(moment)
    a = week["a"]
    a.refresh_from_db()
    customer_message_post(ticket=a, body="It broke again.")  # reopens
    reports_summarise(now=moment)
    redone = set(
        ReportDay.objects.filter(dimension="all", computed_at=moment).values_list(
            "day", flat=True
        )
    )
    # A's day, the day its undone resolution was on, and today.
    assert {date(2026, 1, 5), date(2026, 1, 6)} <= redone
    assert date(2026, 1, 7) not in redone
    a.refresh_from_db()
    assert a.status == Status.OPEN
    row = ReportDay.objects.get(day=date(2026, 1, 6), dimension="all")
    assert row.resolved == 0  # A is no longer resolved on Tuesday


def test_one_summing_up_at_a_time(week):
    cache.set(LOCK, "1")  # another run is at it
    assert reports_summarise(now=NOW) == 0
    assert not ReportDay.objects.exists()
    cache.delete(LOCK)
    assert reports_summarise(now=NOW) == 4
    assert cache.get(LOCK) is None  # released for the next run


def test_a_changed_rating_moves_to_the_day_it_was_changed(week, clock):
    reports_summarise(now=NOW)
    assert ReportDay.objects.get(day=date(2026, 1, 8), dimension="all").rated_good == 1
    month_on = NOW + timedelta(days=40)  # the week is no longer refreshed
    reports_summarise(now=month_on)
    later = month_on + timedelta(minutes=20)
    clock.move_to(later)
    rating_record(ticket=week["a"], score="bad", comment="Broken again")
    reports_summarise(now=later)
    thursday = ReportDay.objects.get(day=date(2026, 1, 8), dimension="all")
    today = ReportDay.objects.get(day=later.date(), dimension="all")
    assert (thursday.rated_good, thursday.rated_bad) == (0, 0)
    assert (today.rated_good, today.rated_bad) == (0, 1)
