"""Reports with known answers: a small week of history made through the
services (business hours, a holiday, a pause while waiting, breaches, a
still-working update, a reopening), every figure asserted exactly; and the
stored facts asserted equal to a direct computation over the same tickets."""

from datetime import date, time, timedelta

import pytest
from django.db.models import Q

from tests.factories import at
from tickets import services
from tickets.businesstime import minutes_between
from tickets.models import (
    BusinessCalendar,
    Holiday,
    Message,
    SLAPolicy,
    SLATarget,
    Status,
    Ticket,
    TicketEvent,
    TicketFacts,
    WorkingHours,
)
from tickets.selectors import reports
from tickets.services.watchdogs import silence_watch, sla_watch

pytestmark = pytest.mark.django_db

WEEK = reports.ReportFilters(since=date(2026, 1, 5), until=date(2026, 1, 8))
NOW = at(2026, 1, 8, 12, 0)  # Thursday noon


@pytest.fixture
def office_policy(db):
    """Monday to Friday 09:00-17:00 in London, Wednesday 7 January off;
    normal priority: first answer in 60 business minutes, next in 120,
    resolved in 960 (two business days)."""
    calendar = BusinessCalendar.objects.create(name="Test hours")
    for weekday in range(5):
        WorkingHours.objects.create(
            calendar=calendar, weekday=weekday, start=time(9), end=time(17)
        )
    Holiday.objects.create(calendar=calendar, date=date(2026, 1, 7), name="Day off")
    policy = SLAPolicy.objects.create(name="Office", order=0, calendar=calendar)
    SLATarget.objects.create(
        policy=policy,
        priority="normal",
        first_response_minutes=60,
        next_response_minutes=120,
        resolution_minutes=960,
    )
    return policy


@pytest.fixture
def week(office_policy, open_ticket, agent, clock, settings):
    """Four tickets, Monday 5 to Thursday 8 January 2026 (GMT)."""
    settings.HELPDESK_SILENCE_UPDATE_HOURS = 40

    def reply(ticket, when, **kwargs):
        clock.move_to(when)
        ticket.refresh_from_db()
        return services.reply_post(ticket=ticket, author=agent, body="Hi", **kwargs)

    # A (web): answered in 30 minutes with a question, waits overnight, the
    # customer answers, answered within the next target, resolved; rated.
    clock.move_to(at(2026, 1, 5, 10, 0))
    a = open_ticket(subject="A")
    services.ticket_assign(ticket=a, assignee=agent, actor=agent)
    reply(a, at(2026, 1, 5, 10, 30), new_status=Status.WAITING)
    clock.move_to(at(2026, 1, 6, 9, 0))
    a.refresh_from_db()
    services.customer_message_post(ticket=a, body="Here it is.")
    reply(a, at(2026, 1, 6, 10, 0))
    clock.move_to(at(2026, 1, 6, 12, 0))
    a.refresh_from_db()
    services.ticket_change_status(ticket=a, new_status=Status.RESOLVED, actor=agent)

    # D (web): closed by the customer, reopened by them, answered late
    # (after 90 business minutes), resolved.
    clock.move_to(at(2026, 1, 5, 11, 0))
    d = open_ticket(subject="D", email="d@example.com")
    clock.move_to(at(2026, 1, 5, 11, 30))
    services.ticket_close_by_customer(ticket=d)
    clock.move_to(at(2026, 1, 5, 12, 0))
    d.refresh_from_db()
    services.customer_message_post(ticket=d, body="Sorry, still broken.")
    reply(d, at(2026, 1, 5, 12, 30))
    clock.move_to(at(2026, 1, 5, 13, 0))
    d.refresh_from_db()
    services.ticket_change_status(ticket=d, new_status=Status.RESOLVED, actor=agent)

    # B (email): Tuesday 16:30, over the holiday; the watchdog finds the
    # first answer late and sends the still-working update on Thursday
    # 09:40 (40 hours), the answer comes at 09:45 (75 business minutes).
    clock.move_to(at(2026, 1, 6, 16, 30))
    b = open_ticket(subject="B", email="b@example.com", source=Message.Source.EMAIL)
    clock.move_to(at(2026, 1, 8, 9, 40))
    sla_watch()
    silence_watch()
    reply(b, at(2026, 1, 8, 9, 45))

    # C (API): Thursday 10:00, not answered by noon; missed at 11:00.
    clock.move_to(at(2026, 1, 8, 10, 0))
    c = open_ticket(subject="C", email="c@example.com", source=Message.Source.API)
    clock.move_to(at(2026, 1, 8, 11, 5))
    sla_watch()

    clock.move_to(at(2026, 1, 8, 11, 30))
    services.rating_record(ticket=a, score="good", comment="Quick and kind")
    clock.move_to(NOW)
    return {"a": a, "b": b, "c": c, "d": d}


def test_every_figure_of_a_known_week(week):
    report = reports.report(WEEK, now=NOW)

    assert report.opened == 4
    assert [(d.day.day, d.created, d.resolved, d.backlog) for d in report.days] == [
        (5, {"web": 2, "email": 0, "api": 0}, 1, 1),
        (6, {"web": 0, "email": 1, "api": 0}, 1, 1),
        (7, {"web": 0, "email": 0, "api": 0}, 0, 1),
        (8, {"web": 0, "email": 0, "api": 1}, 0, 2),
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


def _direct(ticket: Ticket, now) -> dict:
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
                longest, since, active = max(longest, e.created_at - since), None, False
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
