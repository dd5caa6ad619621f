"""The report facts as the event door keeps them: each figure a report reads
follows what happened to the ticket, including the sticky "once missed,
missed" and a reopening that takes a resolution back."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tickets.models import Status, TicketFacts
from tickets.services.assignment import ticket_assign, ticket_change_priority
from tickets.services.lifecycle import (
    customer_message_post,
    reply_post,
    ticket_change_status,
)
from tickets.services.satisfaction import rating_record
from tickets.services.watchdogs import sla_watch

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def _facts(ticket) -> TicketFacts:
    return TicketFacts.objects.get(pk=ticket.pk)


def test_a_first_answer_in_time_is_counted_met_with_its_minutes(
    open_ticket, agent, clock
):
    ticket = open_ticket()
    clock.shift(20 * 60)
    reply_post(ticket=ticket, author=agent, body="Looking now.")
    facts = _facts(ticket)
    assert facts.first_response_met is True
    assert facts.first_response_minutes == 20
    assert facts.first_responded_at is not None
    assert facts.next_responses_met == 0  # the first answer is not a "next" one


def test_a_missed_deadline_stays_missed_when_the_late_answer_comes(
    open_ticket, agent, clock
):
    ticket = open_ticket()
    ticket.refresh_from_db()
    clock.move_to(ticket.first_response_due_at + timedelta(minutes=5))
    assert sla_watch() >= 1
    assert _facts(ticket).first_response_met is False
    ticket.refresh_from_db()
    reply_post(ticket=ticket, author=agent, body="Sorry for the wait.")
    assert _facts(ticket).first_response_met is False


def test_a_reopening_takes_the_resolution_back_and_counts_once(
    open_ticket, agent, clock
):
    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    resolved = _facts(ticket)
    assert resolved.resolved_at is not None
    assert resolved.resolution_minutes is not None
    clock.shift(3600)
    customer_message_post(ticket=ticket, body="It broke again.")
    reopened = _facts(ticket)
    assert (reopened.resolved_at, reopened.resolution_minutes) == (None, None)
    assert reopened.reopened == 1
    assert reopened.reopened_from == resolved.resolved_at


def test_owner_priority_and_queue_follow_the_ticket(open_ticket, agent):
    ticket = open_ticket()
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    ticket_change_priority(ticket=ticket, priority="urgent", actor=agent)
    facts = _facts(ticket)
    assert (facts.assignee_id, facts.priority) == (agent.pk, "urgent")


def test_a_rating_is_counted_on_the_day_it_was_given(open_ticket, agent, clock):
    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    rating_record(ticket=ticket, score="bad")
    first = _facts(ticket).rated_at
    clock.move_to(datetime(2026, 3, 30, 10, 0, tzinfo=LONDON))
    rating_record(ticket=ticket, score="good")
    facts = _facts(ticket)
    assert (facts.rating, facts.rerated_from) == ("good", first)
    assert facts.rated_at.date().isoformat() == "2026-03-30"
