"""A small week of history with known figures, made through the services:
the reports' tests assert what it must show (a pytest plugin of conftest)."""

from datetime import date, time

import pytest

from tests.factories import at
from tickets.models import (
    BusinessCalendar,
    Holiday,
    Message,
    SLAPolicy,
    SLATarget,
    Status,
    WorkingHours,
)
from tickets.selectors import reports
from tickets.services.assignment import ticket_assign
from tickets.services.lifecycle import (
    customer_message_post,
    reply_post,
    ticket_change_status,
    ticket_close_by_customer,
)
from tickets.services.satisfaction import rating_record
from tickets.services.watchdogs import silence_watch, sla_watch

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
        return reply_post(ticket=ticket, author=agent, body="Hi", **kwargs)

    # A (web): answered in 30 minutes with a question, waits overnight, the
    # customer answers, answered within the next target, resolved; rated.
    clock.move_to(at(2026, 1, 5, 10, 0))
    a = open_ticket(subject="A")
    ticket_assign(ticket=a, assignee=agent, actor=agent)
    reply(a, at(2026, 1, 5, 10, 30), new_status=Status.WAITING)
    clock.move_to(at(2026, 1, 6, 9, 0))
    a.refresh_from_db()
    customer_message_post(ticket=a, body="Here it is.")
    reply(a, at(2026, 1, 6, 10, 0))
    clock.move_to(at(2026, 1, 6, 12, 0))
    a.refresh_from_db()
    ticket_change_status(ticket=a, new_status=Status.RESOLVED, actor=agent)

    # D (web): closed by the customer, reopened by them, answered late
    # (after 90 business minutes), resolved.
    clock.move_to(at(2026, 1, 5, 11, 0))
    d = open_ticket(subject="D", email="d@example.com")
    clock.move_to(at(2026, 1, 5, 11, 30))
    ticket_close_by_customer(ticket=d)
    clock.move_to(at(2026, 1, 5, 12, 0))
    d.refresh_from_db()
    customer_message_post(ticket=d, body="Sorry, still broken.")
    reply(d, at(2026, 1, 5, 12, 30))
    clock.move_to(at(2026, 1, 5, 13, 0))
    d.refresh_from_db()
    ticket_change_status(ticket=d, new_status=Status.RESOLVED, actor=agent)

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
    rating_record(ticket=a, score="good", comment="Quick and kind")
    clock.move_to(NOW)
    return {"a": a, "b": b, "c": c, "d": d}
