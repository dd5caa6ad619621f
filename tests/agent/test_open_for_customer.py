"""An agent opens a ticket for a customer who called or chatted: the
customer's ticket in every way (their emails, their page), with who took it
down in the history, its queue and priority, and the acknowledgement only
when the agent chooses."""

import pytest
from django.core import mail

from tickets.models import Message, Queue, Ticket, TicketFacts

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Grace Hopper",
    "email": "grace@example.com",
    "subject": "Invoice 2291 charged twice",
    "message": "She says the March invoice was charged twice to her card.",
    "channel": "phone",
    "priority": "high",
    "acknowledge": "on",
}


def test_an_agent_opens_a_ticket_from_a_phone_call(
    agent_client, django_capture_on_commit_callbacks
):
    billing = Queue.objects.create(name="Billing", slug="billing")
    with django_capture_on_commit_callbacks(execute=True):
        answer = agent_client.post("/agent/tickets/new/", FORM | {"queue": billing.pk})
    ticket = Ticket.objects.get()
    assert answer["Location"] == f"/agent/tickets/{ticket.pk}/"
    assert (ticket.customer.email, ticket.queue, ticket.priority) == (
        "grace@example.com",
        billing,
        "high",
    )
    first = ticket.messages.get()
    assert (first.kind, first.source) == (Message.Kind.CUSTOMER, Message.Source.PHONE)
    (acknowledgement,) = mail.outbox
    assert acknowledgement.to == ["Grace Hopper <grace@example.com>"]
    assert ticket.reference in acknowledgement.subject
    page = agent_client.get(answer["Location"]).content.decode()
    assert "Ticket opened by Sam Agent for the customer (Phone call)" in page
    assert TicketFacts.objects.get(ticket=ticket).channel == "agent"


def test_without_the_acknowledgement_nobody_is_emailed(
    agent_client, django_capture_on_commit_callbacks
):
    form = {k: v for k, v in FORM.items() if k != "acknowledge"}
    with django_capture_on_commit_callbacks(execute=True):
        agent_client.post("/agent/tickets/new/", form | {"channel": "chat"})
    assert mail.outbox == []
    assert Ticket.objects.get().messages.get().source == Message.Source.CHAT


def test_bad_input_keeps_what_was_typed(agent_client):
    answer = agent_client.post(
        "/agent/tickets/new/", FORM | {"email": "grace at example", "priority": "x"}
    )
    page = answer.content.decode()
    assert answer.status_code == 400
    assert "This does not look like an email address" in page
    assert "Select a valid choice." in page
    assert "charged twice to her card" in page
    assert not Ticket.objects.exists()


def test_only_agents_open_tickets_for_others(client):
    answer = client.get("/agent/tickets/new/")
    assert answer.status_code == 302
    assert "/agent/login/" in answer["Location"]
