"""Warnings, escalations, silence and promises: each once, through the outbox."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail

from tests.factories import UserFactory, at
from tickets.models import Queue, SLAPolicy, TicketEvent
from tickets.services import watchdogs
from tickets.services.assignment import ticket_assign
from tickets.services.commitments import away_watch, promise_make
from tickets.services.lifecycle import customer_message_post, reply_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def mine(open_ticket, agent, clock, django_capture_on_commit_callbacks):
    ticket = open_ticket()  # Friday 16:00; first response due Monday 16:00
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    mail.outbox.clear()
    return ticket


def _run(watch, capture, times=3):
    with capture(execute=True):
        return sum(watch() for _ in range(times))


def test_the_assignee_is_warned_once_before_the_deadline(
    mine, agent, agent_client, clock, django_capture_on_commit_callbacks
):
    # 75% of 510 business minutes: 382.5 -> 383 minutes = Monday 13:53.
    clock.move_to(at(2026, 3, 30, 13, 50))
    assert _run(watchdogs.sla_watch, django_capture_on_commit_callbacks) == 0
    clock.move_to(at(2026, 3, 30, 14, 0))
    assert _run(watchdogs.sla_watch, django_capture_on_commit_callbacks) == 1
    (email,) = mail.outbox
    assert email.to == [f"Sam Agent <{agent.email}>"]
    assert email.subject == f"[{mine.reference}] Deadline near: {mine.subject}"
    assert "is due Monday 30 March 2026, 16:00 BST" in email.body
    assert mine.events.filter(kind=TicketEvent.Kind.SLA_WARNING).count() == 1
    history = agent_client.get(f"/agent/tickets/{mine.pk}/").content.decode()
    assert "<strong>SLA deadline near</strong>: The answer to" in history


def test_an_unassigned_ticket_warns_its_queue(
    open_ticket, agent, clock, django_capture_on_commit_callbacks
):
    Queue.objects.get(slug="general").agents.add(agent)
    open_ticket()
    mail.outbox.clear()
    clock.move_to(at(2026, 3, 30, 15, 0))
    _run(watchdogs.sla_watch, django_capture_on_commit_callbacks)
    assert [m.to for m in mail.outbox] == [[f"Sam Agent <{agent.email}>"]]


def test_a_breach_escalates_once_to_the_escalation_group(
    mine, agent, clock, django_capture_on_commit_callbacks
):
    leads = Group.objects.create(name="Team leads")
    lead = UserFactory(first_name="Lee", email="lead@example.com")
    lead.groups.add(leads)
    SLAPolicy.objects.filter(name="Standard").update(escalation_group=leads)
    clock.move_to(at(2026, 3, 30, 16, 1))
    assert _run(watchdogs.sla_watch, django_capture_on_commit_callbacks) == 1
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"Lee <{lead.email}>",
        f"Sam Agent <{agent.email}>",
    ]
    assert all("Deadline missed" in m.subject for m in mail.outbox)
    assert "was due Monday 30 March 2026, 16:00 BST and is late" in mail.outbox[0].body


def test_a_new_deadline_gets_its_own_warning(
    mine, agent, clock, django_capture_on_commit_callbacks
):
    clock.move_to(at(2026, 3, 30, 15, 0))
    assert _run(watchdogs.sla_watch, django_capture_on_commit_callbacks) == 1
    reply_post(ticket=mine, author=agent, body="On it")
    customer_message_post(ticket=mine, body="Thanks, any news?")
    clock.move_to(at(2026, 3, 31, 14, 30))  # 75% into the next-response target
    assert _run(watchdogs.sla_watch, django_capture_on_commit_callbacks) == 1


def test_the_silence_watchdog_alerts_then_tells_the_customer(
    mine, agent, clock, django_capture_on_commit_callbacks, settings
):
    settings.HELPDESK_SILENCE_ALERT_HOURS = 24
    settings.HELPDESK_SILENCE_UPDATE_HOURS = 48
    clock.move_to(at(2026, 3, 28, 17, 0))  # 25 hours without news
    assert _run(watchdogs.silence_watch, django_capture_on_commit_callbacks) == 1
    (alert,) = mail.outbox
    assert alert.to == [f"Sam Agent <{agent.email}>"]
    assert "has had no news about" in alert.body
    mail.outbox.clear()
    clock.move_to(at(2026, 3, 29, 17, 0))  # 48 hours
    assert _run(watchdogs.silence_watch, django_capture_on_commit_callbacks) == 1
    (update,) = mail.outbox
    assert update.to == ["Ada Lovelace <ada@example.com>"]
    assert "still being worked on, by Sam Agent" in update.body
    assert update.extra_headers["Auto-Submitted"] == "auto-generated"
    mail.outbox.clear()
    clock.move_to(at(2026, 3, 29, 20, 0))  # the update was news: quiet again
    assert _run(watchdogs.silence_watch, django_capture_on_commit_callbacks) == 0


def test_news_for_the_customer_resets_the_silence_watchdog(
    mine, agent, clock, django_capture_on_commit_callbacks
):
    clock.move_to(at(2026, 3, 28, 15, 0))
    reply_post(ticket=mine, author=agent, body="Still checking.")
    clock.move_to(at(2026, 3, 29, 10, 0))
    assert _run(watchdogs.silence_watch, django_capture_on_commit_callbacks) == 0


def test_waiting_tickets_are_not_silence_alerts(
    mine, agent, clock, django_capture_on_commit_callbacks
):
    reply_post(ticket=mine, author=agent, body="Which?", new_status="waiting")
    clock.move_to(at(2026, 4, 3, 10, 0))
    assert _run(watchdogs.silence_watch, django_capture_on_commit_callbacks) == 0


def test_a_promise_is_reminded_once_and_moving_it_tells_the_customer(
    mine, agent, agent_client, clock, django_capture_on_commit_callbacks
):
    response = agent_client.post(
        f"/agent/tickets/{mine.pk}/promises/",
        {"description": "Refund to your card", "due_at": "2026-04-01T17:00"},
    )
    assert response.status_code == 302
    promise = mine.promises.get()
    customer_page = agent_client.get(mine.get_absolute_url()).content.decode()
    assert "Refund to your card" in customer_page
    clock.move_to(at(2026, 4, 1, 13, 30))
    assert _run(watchdogs.promise_watch, django_capture_on_commit_callbacks) == 1
    (reminder,) = mail.outbox
    assert reminder.to == [f"Sam Agent <{agent.email}>"]
    assert "“Refund to your card” by Wednesday 1 April 2026, 17:00 BST" in reminder.body
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        agent_client.post(
            f"/agent/tickets/{mine.pk}/promises/{promise.pk}/",
            {"due_at": "2026-04-03T12:00", "reason": "The bank needs two more days"},
        )
    (told,) = mail.outbox
    assert told.to == ["Ada Lovelace <ada@example.com>"]
    assert 'we promised "Refund to your card" by Wednesday 1 April 2026, 17:00 BST' in (
        told.body
    )
    assert "The new date is Friday 3 April 2026, 12:00 BST." in told.body
    assert "Why: The bank needs two more days" in told.body
    mail.outbox.clear()
    clock.move_to(at(2026, 4, 3, 9, 0))
    assert _run(watchdogs.promise_watch, django_capture_on_commit_callbacks) == 1
    agent_client.post(f"/agent/tickets/{mine.pk}/promises/{promise.pk}/", {"keep": "1"})
    promise.refresh_from_db()
    assert promise.state == "kept"


def test_a_promise_in_the_past_is_refused_with_the_text_kept(mine, agent_client, clock):
    response = agent_client.post(
        f"/agent/tickets/{mine.pk}/promises/",
        {"description": "Call back", "due_at": "2026-03-01T10:00"},
    )
    assert response.status_code == 409
    assert "A promise needs a date in the future." in response.content.decode()
    assert 'value="Call back"' in response.content.decode()


def test_an_away_agent_s_tickets_falling_due_go_back_to_the_queue(
    mine, open_ticket, agent, agent_client, clock
):
    later = open_ticket(subject="Later")
    ticket_assign(ticket=later, assignee=agent, actor=agent)
    reply_post(ticket=later, author=agent, body="Done for now")  # nothing due
    response = agent_client.post("/agent/profile/away/", {"until": "2026-03-31T09:00"})
    assert response.status_code == 302
    mine.refresh_from_db()
    later.refresh_from_db()
    assert mine.assignee is None
    assert agent in mine.followers.all()
    assert later.assignee == agent
    event = mine.events.get(kind=TicketEvent.Kind.RETURNED)
    assert "is away until Tuesday 31 March 2026, 09:00 BST" in event.reason
    page = agent_client.get("/agent/profile/").content.decode()
    assert "You are away until" in page
    assert mine.reference in page
    # Assigned again while away: the beat hands it back as well.
    ticket_assign(ticket=mine, assignee=agent, actor=agent)
    assert away_watch() == 1
    agent_client.post("/agent/profile/away/", {"back": "1"})
    assert away_watch() == 0


def test_moving_a_promise_into_the_past_keeps_what_was_typed(
    mine, agent, agent_client, clock
):
    promise = promise_make(
        ticket=mine, description="Refund", due_at=at(2026, 4, 1, 17, 0), actor=agent
    )
    response = agent_client.post(
        f"/agent/tickets/{mine.pk}/promises/{promise.pk}/",
        {"due_at": "2026-03-01T10:00", "reason": "The bank is slow"},
    )
    page = response.content.decode()
    assert response.status_code == 409
    assert "The new date must be in the future." in page
    assert 'value="2026-03-01T10:00"' in page
    assert 'value="The bank is slow"' in page
    promise.refresh_from_db()
    assert promise.due_at == at(2026, 4, 1, 17, 0)
