"""tickets.services.commitments: promises kept or moved, away agents."""

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from tests.factories import at
from tickets.models import AgentProfile, Promise, Ticket, TicketEvent
from tickets.services.assignment import ticket_assign
from tickets.services.commitments import (
    agent_set_away,
    away_watch,
    promise_keep,
    promise_make,
    promise_move,
)
from tickets.services.errors import TicketError

pytestmark = pytest.mark.django_db


@pytest.fixture
def promise(open_ticket, agent, clock):
    ticket = open_ticket()
    return promise_make(
        ticket=ticket,
        description="Refund the VAT difference",
        due_at=at(2026, 4, 1, 12, 0),
        actor=agent,
    )


def test_a_promise_is_recorded_with_its_moment_and_shown_in_the_calendar_s_words(
    promise, agent_client
):
    event = promise.ticket.events.get(kind=TicketEvent.Kind.PROMISE_MADE)
    # The moment itself, so each reader sees it in their own language.
    assert datetime.fromisoformat(event.new_value) == at(2026, 4, 1, 12, 0)
    assert promise.state == Promise.State.OPEN
    page = agent_client.get(f"/agent/tickets/{promise.ticket_id}/").content.decode()
    assert "“Refund the VAT difference” <strong>Wed 1 Apr, 12:00 BST</strong>" in page


def test_a_promise_needs_a_future_date(open_ticket, agent, clock):
    with pytest.raises(TicketError, match="date in the future"):
        promise_make(
            ticket=open_ticket(),
            description="Call back",
            due_at=timezone.now() - timedelta(minutes=1),
            actor=agent,
        )


def test_moving_a_promise_tells_the_customer_old_and_new_dates(
    promise, agent, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = promise_move(
            promise=promise,
            due_at=at(2026, 4, 2, 12, 0),
            reason="The bank needs a day more",
            actor=agent,
        )
    assert (event.old_value, event.new_value) == (
        at(2026, 4, 1, 12, 0).isoformat(),
        at(2026, 4, 2, 12, 0).isoformat(),
    )
    (email,) = mail.outbox
    assert email.to == ["Ada Lovelace <ada@example.com>"]
    assert (
        "by Wednesday 1 April 2026, 12:00 BST, and we cannot keep that date. "
        "The new date is Thursday 2 April 2026, 12:00 BST." in email.body
    )
    assert "The bank needs a day more" in email.body
    with pytest.raises(TicketError, match="already promised"):
        promise_move(
            promise=promise, due_at=at(2026, 4, 2, 12, 0), reason="", actor=agent
        )


def test_a_kept_promise_can_no_longer_move(promise, agent):
    promise_keep(promise=promise, actor=agent)
    with pytest.raises(TicketError, match="no longer open"):
        promise_keep(promise=promise, actor=agent)
    with pytest.raises(TicketError, match="Only an open promise"):
        promise_move(
            promise=promise, due_at=at(2026, 4, 3, 9, 0), reason="", actor=agent
        )


def test_going_away_hands_back_only_what_falls_due_meanwhile(open_ticket, agent, clock):
    soon = open_ticket(subject="Due Monday")
    ticket_assign(ticket=soon, assignee=agent, actor=agent)
    returned = agent_set_away(user=agent, until=at(2026, 3, 31, 9, 0))
    assert returned == [soon]
    soon.refresh_from_db()
    assert soon.assignee is None
    assert agent in soon.followers.all()
    assert AgentProfile.objects.get(user=agent).is_away
    assert agent_set_away(user=agent, until=None) == []
    assert not AgentProfile.objects.get(user=agent).is_away


def test_away_in_the_past_is_refused(agent, clock):
    with pytest.raises(TicketError, match="moment in the future"):
        agent_set_away(user=agent, until=at(2026, 3, 27, 15, 0))


def test_the_away_watch_catches_work_assigned_while_away(open_ticket, agent, clock):
    agent_set_away(user=agent, until=at(2026, 4, 1, 9, 0))
    ticket = open_ticket()
    Ticket.objects.filter(pk=ticket.pk).update(assignee=agent)
    assert away_watch() == 1
    assert Ticket.objects.get().assignee is None
