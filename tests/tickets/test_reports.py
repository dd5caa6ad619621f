"""Reports with known answers: a small week of history made through the
services (business hours, a holiday, a pause while waiting, breaches, a
still-working update, a reopening), every figure asserted exactly; and the
stored facts asserted equal to a direct computation over the same tickets."""

from datetime import timedelta

import pytest
from django.db.models import Q

from tests.history import NOW, WEEK
from tickets.businesstime import minutes_between
from tickets.models import (
    Message,
    Status,
    Ticket,
    TicketEvent,
    TicketFacts,
)
from tickets.selectors import reports

pytestmark = pytest.mark.django_db


def test_every_figure_of_a_known_week(week):
    report = reports.report(WEEK, now=NOW)

    assert report.opened == 4
    assert [(d.day.day, d.created, d.resolved, d.backlog) for d in report.days] == [
        (5, {"web": 2, "email": 0, "api": 0, "agent": 0}, 1, 1),
        (6, {"web": 0, "email": 1, "api": 0, "agent": 0}, 1, 1),
        (7, {"web": 0, "email": 0, "api": 0, "agent": 0}, 0, 1),
        (8, {"web": 0, "email": 0, "api": 1, "agent": 0}, 0, 2),
    ]
    # First answers: A 30, B 75 (30 on Tuesday, none on the holiday, 45 on
    # Thursday), D 90 business minutes; in clock time 30, 2475 and 90.
    assert report.first_response_business == reports.Spread(3, 75, 87)
    assert report.first_response_clock == reports.Spread(3, 90, 1998)
    # Resolution, waiting excluded: A ran 600 business minutes less 390
    # waiting (Monday 10:30 to Tuesday 09:00); D 120 less 30 closed.
    assert report.resolution_business == reports.Spread(2, 150, 198)
    assert report.resolution_clock == reports.Spread(2, 840, 1416)

    total = report.sla_total
    assert total.first_response == reports.Achievement(met=1, missed=3)
    assert total.next_response == reports.Achievement(met=1, missed=0)
    assert total.resolution == reports.Achievement(met=2, missed=0)
    by_agent = {row.label: row for row in report.sla_by["agent"]}
    assert by_agent["Sam Agent"].first_response == reports.Achievement(1, 0)
    assert by_agent["Unassigned"].first_response == reports.Achievement(0, 3)
    assert [row.label for row in report.sla_by["policy"]] == ["Office"]
    assert [b.reference for b in report.breaches] == [
        t.reference for t in (week["c"], week["b"], week["d"])
    ]
    assert report.breaches[0].missed == ["first response"]

    # Silence: A's longest is 2 h (answered at 10:00, resolved at 12:00);
    # B waited 41 h 10 min for the still-working update; C has waited 2 h
    # so far; D at most 30 minutes at a time.
    assert report.silence == reports.Spread(4, 120, 1765)
    assert report.silence_longest == 2470
    assert report.still_working_updates == 1

    assert (report.ratings_good, report.ratings_bad, report.share_good) == (1, 0, 1.0)
    assert [c.comment for c in report.comments] == ["Quick and kind"]
    assert (report.reopened, report.resolved_once, report.reopen_rate) == (1, 2, 0.5)


def test_filters_narrow_every_figure(week, agent):
    mine = reports.report(
        reports.ReportFilters(since=WEEK.since, until=WEEK.until, agent_id=agent.pk),
        now=NOW,
    )
    assert mine.opened == 1
    assert mine.first_response_business == reports.Spread(1, 30, 30)
    assert mine.ratings_good == 1
    api_queue_elsewhere = reports.report(
        reports.ReportFilters(since=WEEK.since, until=WEEK.until, priority="urgent"),
        now=NOW,
    )
    assert api_queue_elsewhere.opened == 0
    assert api_queue_elsewhere.ratings_good == 0
    assert api_queue_elsewhere.first_response_business == reports.Spread(0, None, None)


def _direct(ticket: Ticket, now) -> dict[str, object]:
    """The facts of one ticket worked out again from its history (messages,
    events, deadlines), the slow way, to check what the services stored."""
    events = list(ticket.events.order_by("created_at", "pk"))
    schedule = ticket.sla_policy.calendar.schedule
    replies = list(ticket.messages.filter(kind=Message.Kind.REPLY).order_by("pk"))
    first = replies[0].created_at if replies else None
    statuses = [e for e in events if e.kind == TicketEvent.Kind.STATUS_CHANGED]
    done = [e for e in statuses if e.new_status in ("resolved", "closed")]
    reopened = sum(1 for e in statuses if e.old_status in ("resolved", "closed"))
    resolved = done[-1].created_at if done and ticket.status in Status.PAUSED else None
    # Silence: stretches of new/open status between news to the customer.
    news = {
        e.created_at
        for e in events
        if e.notifications.filter(~Q(kind__startswith="agent_")).exists()
    }
    longest, since, active = timedelta(0), ticket.created_at, True
    for e in events:
        if e.kind == TicketEvent.Kind.STATUS_CHANGED:
            if active and e.new_status in Status.PAUSED:
                longest, active = max(longest, e.created_at - since), False
            elif not active and e.new_status in Status.ACTIVE:
                since, active = e.created_at, True
        if active and e.created_at in news:
            longest, since = max(longest, e.created_at - since), e.created_at
    if active:
        longest = max(longest, now - since)
    return {
        "first_responded_at": first,
        "first_response_minutes": minutes_between(schedule, ticket.created_at, first)
        if first
        else None,
        "resolved_at": resolved,
        "reopened": reopened,
        "still_working_updates": sum(
            e.kind == TicketEvent.Kind.STILL_WORKING for e in events
        ),
        "longest_silence": longest,
    }


def test_stored_facts_equal_a_direct_computation(week):
    for ticket in Ticket.objects.filter(pk__in=[t.pk for t in week.values()]):
        facts = TicketFacts.objects.get(pk=ticket.pk)
        stored = {name: getattr(facts, name) for name in _direct(ticket, NOW)}
        if facts.silent_since is not None:  # the stretch running now
            stored["longest_silence"] = max(
                facts.longest_silence, NOW - facts.silent_since
            )
        assert stored == _direct(ticket, NOW), ticket.subject
        assert (facts.queue_id, facts.priority, facts.assignee_id) == (
            ticket.queue_id,
            ticket.priority,
            ticket.assignee_id,
        )
