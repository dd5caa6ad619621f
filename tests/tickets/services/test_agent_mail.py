"""Agents by email: an answer to one of our emails lands on its ticket (a
public reply, or a note with ``#note``), a forward opens the ticket for
the customer who wrote, and nothing opens a ticket in an agent's name."""

from email.message import EmailMessage

import pytest
from django.core import mail

from notifications.models import Notification
from tickets.models import Message, Ticket
from tickets.services.intake import inbound_receive

pytestmark = pytest.mark.django_db


def agent_email(
    agent,
    body: str,
    *,
    subject: str = "Re: New ticket",
    answering: str = "",
    n: int = 1,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = f"Sam Agent <{agent.email}>"
    message["To"] = "support@example.com"
    message["Subject"] = subject
    message["Message-ID"] = f"<agent-{n}@mail.acme.example>"
    if answering:
        message["In-Reply-To"] = answering
    message.set_content(body)
    return message


@pytest.fixture
def alerted(agent, open_ticket, django_capture_on_commit_callbacks):
    """A new ticket, and the email that told the agent about it."""
    from tickets.services.lifecycle import default_queue

    default_queue().agents.add(agent)  # told of the queue's new tickets
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
    alert = Notification.objects.get(ticket=ticket, recipient_email=agent.email)
    assert alert.to_agent
    mail.outbox.clear()
    return ticket, alert


def test_an_agents_answer_to_an_alert_is_a_public_reply_on_that_ticket(
    agent, alerted, django_capture_on_commit_callbacks
):
    ticket, alert = alerted
    answer = agent_email(
        agent,
        "Hello Ada, a new cartridge is on its way.\n\n"
        "On Mon, 7 Dec 2026 at 10:00, Acme Support wrote:\n> New ticket",
        answering=alert.message_id,
    )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = inbound_receive(raw=bytes(answer))
    assert (outcome.action, outcome.ticket) == ("replied", ticket)
    assert Ticket.objects.count() == 1
    reply = ticket.messages.get(kind=Message.Kind.REPLY)
    assert reply.author_user == agent
    assert reply.body == "Hello Ada, a new cartridge is on its way."
    assert not reply.attachments.exists()  # the raw email quotes the alert
    (to_customer,) = [m for m in mail.outbox if "ada@example.com" in m.to[0]]
    assert "a new cartridge is on its way" in to_customer.body
    assert not any(agent.email in m.to[0] for m in mail.outbox)  # no acknowledgement


def test_hash_note_makes_it_an_internal_note(agent, alerted):
    ticket, alert = alerted
    answer = agent_email(
        agent, "#note\nCalled her, she is fine waiting.", answering=alert.message_id
    )
    outcome = inbound_receive(raw=bytes(answer))
    assert outcome.action == "noted"
    note = ticket.messages.get(kind=Message.Kind.NOTE)
    assert note.body == "Called her, she is fine waiting."
    assert note.author_user == agent


def test_a_forged_agent_address_cannot_speak_for_the_agent(agent, alerted):
    ticket, _alert = alerted
    forged = agent_email(
        agent, "Your refund is denied.", subject=f"Re: [{ticket.reference}]"
    )
    outcome = inbound_receive(raw=bytes(forged))
    assert outcome.action == "ignored"
    assert "answering no email we sent them" in outcome.reason
    assert not ticket.messages.filter(kind=Message.Kind.REPLY).exists()
    assert Ticket.objects.count() == 1


def forwarded_inline(agent, style: str) -> EmailMessage:
    blocks = {
        "gmail": "---------- Forwarded message ---------\n"
        "From: Grace Hopper <grace@example.com>\n"
        "Date: Mon, 7 Dec 2026 at 09:12\n"
        "Subject: The invoice is wrong\n"
        "To: Sam Agent <sam@acme.example>\n\n\n",
        "outlook": "________________________________\n"
        "From: Grace Hopper <grace@example.com>\n"
        "Sent: Monday, December 7, 2026 9:12 AM\n"
        "To: Sam Agent <sam@acme.example>\n"
        "Subject: RE: The invoice is wrong\n\n",
        "apple": "Begin forwarded message:\n\n"
        "From: Grace Hopper <grace@example.com>\n"
        "Subject: The invoice is wrong\n"
        "Date: 7 December 2026 at 09:12:00 CET\n"
        "To: Sam Agent <sam@acme.example>\n\n",
        "thunderbird-de": "-------- Weitergeleitete Nachricht --------\n"
        "Betreff: \tThe invoice is wrong\n"
        "Datum: \tMon, 7 Dec 2026 09:12:00 +0100\n"
        "Von: \tGrace Hopper <grace@example.com>\n"
        "An: \tsam@acme.example\n\n",
        "outlook-old": "-----Original Message-----\n"
        "From: Grace Hopper [mailto:grace@example.com]\n"
        "Sent: Monday, December 7, 2026 9:12 AM\n"
        "Subject: The invoice is wrong\n\n",
    }
    return agent_email(
        agent,
        "Can billing look at this?\n\n"
        + blocks[style]
        + "Invoice 7 charges me twice.\nGrace\n",
        subject="Fwd: The invoice is wrong",
    )


@pytest.mark.parametrize(
    "style", ["gmail", "outlook", "apple", "thunderbird-de", "outlook-old"]
)
def test_a_forward_opens_the_ticket_for_the_customer_who_wrote(
    agent, style, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = inbound_receive(raw=bytes(forwarded_inline(agent, style)))
    ticket = outcome.ticket
    assert outcome.action == "opened"
    assert (ticket.customer.email, ticket.customer.name) == (
        "grace@example.com",
        "Grace Hopper",
    )
    assert ticket.subject == "The invoice is wrong"
    first = ticket.messages.get(kind=Message.Kind.CUSTOMER)
    assert first.body.startswith("Invoice 7 charges me twice.")
    note = ticket.messages.get(kind=Message.Kind.NOTE)
    assert (note.body, note.author_user) == ("Can billing look at this?", agent)
    # The agent's own email stays with the agents.
    assert [a.filename for a in note.attachments.all()] == ["original-message.eml"]
    assert not first.attachments.exists()
    assert any("grace@example.com" in m.to[0] for m in mail.outbox)  # acknowledged


def test_a_forward_as_an_attachment_opens_it_too(agent):
    original = EmailMessage()
    original["From"] = "Grace Hopper <grace@example.com>"
    original["Subject"] = "The invoice is wrong"
    original.set_content("Invoice 7 charges me twice.\n")
    forward = agent_email(agent, "For billing.", subject="Fwd: The invoice is wrong")
    forward.add_attachment(original)
    outcome = inbound_receive(raw=bytes(forward))
    ticket = outcome.ticket
    assert ticket.customer.email == "grace@example.com"
    first = ticket.messages.get(kind=Message.Kind.CUSTOMER)
    assert first.body == "Invoice 7 charges me twice."
    assert [a.filename for a in first.attachments.all()] == ["forwarded-message.eml"]


def test_an_agent_writing_as_a_customer_is_a_customer(
    agent, open_ticket, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        own = open_ticket(email=agent.email, name="Sam Agent")
    ack = Notification.objects.get(ticket=own, kind=Notification.Kind.ACKNOWLEDGEMENT)
    outcome = inbound_receive(
        raw=bytes(agent_email(agent, "Still broken.", answering=ack.message_id))
    )
    assert (outcome.action, outcome.ticket) == ("replied", own)
    assert own.messages.filter(kind=Message.Kind.CUSTOMER).count() == 2
