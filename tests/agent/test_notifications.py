"""Agents hear about their work through the same outbox, as they prefer."""

import pytest
from django.core import mail

from tickets.models import Queue
from tickets.services.assignment import ticket_assign
from tickets.services.lifecycle import customer_message_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def queue_with_agent(agent):
    queue = Queue.objects.get(slug="general")
    queue.agents.add(agent)
    return queue


def test_the_queue_s_agents_hear_of_a_new_unassigned_ticket(
    queue_with_agent, agent, open_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
    to_agent = [m for m in mail.outbox if agent.email in m.to[0]]
    assert len(to_agent) == 1
    assert to_agent[0].subject == f"[{ticket.reference}] New ticket: {ticket.subject}"
    assert f"/agent/tickets/{ticket.pk}/" in to_agent[0].body
    assert "ada@example.com" not in to_agent[0].to[0]


def test_an_agent_can_turn_new_ticket_emails_off(
    queue_with_agent,
    agent,
    agent_client,
    open_ticket,
    django_capture_on_commit_callbacks,
):
    agent_client.post("/agent/profile/", {"notify_customer_reply": "on"})
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    assert [m.to for m in mail.outbox] == [["Ada Lovelace <ada@example.com>"]]


def test_the_assignee_hears_when_their_customer_replies(
    agent, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_post(ticket=ticket, body="Here is the number: 42")
    (email,) = mail.outbox
    assert email.to == [f"Sam Agent <{agent.email}>"]
    assert "Here is the number: 42" in email.body
    assert email.subject.startswith(f"[{ticket.reference}] Customer replied")
