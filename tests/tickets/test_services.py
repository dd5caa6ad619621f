"""The status machine and the agents' writes."""

import pytest
from django.core import mail

from tickets import services
from tickets.models import Message, Status, Ticket

pytestmark = pytest.mark.django_db


def test_status_change_emails_the_customer_in_plain_words(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.ticket_change_status(
            ticket=ticket, new_status=Status.RESOLVED, actor=agent
        )
    (email,) = mail.outbox
    assert email.subject == f"[{ticket.reference}] Resolved: {ticket.subject}"
    assert "is now: Resolved" in email.body
    assert "If anything is still wrong, just reply" in email.body
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"


def test_an_illegal_transition_is_refused_and_nothing_changes(open_ticket, agent):
    ticket = open_ticket()
    services.ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    with pytest.raises(
        services.TransitionNotAllowed, match="closed cannot become resolved"
    ):
        services.ticket_change_status(
            ticket=ticket, new_status=Status.RESOLVED, actor=agent
        )
    assert Ticket.objects.get().status == Status.CLOSED


def test_two_agents_cannot_both_change_a_stale_ticket(open_ticket, agent):
    ticket = open_ticket()
    first = Ticket.objects.get(pk=ticket.pk)
    second = Ticket.objects.get(pk=ticket.pk)
    services.ticket_change_status(ticket=first, new_status=Status.OPEN, actor=agent)
    with pytest.raises(services.TicketChangedMeanwhile):
        services.ticket_change_status(
            ticket=second, new_status=Status.RESOLVED, actor=agent
        )
    assert Ticket.objects.get().status == Status.OPEN
    assert ticket.events.filter(kind="status_changed").count() == 1


def test_a_reply_emails_the_customer_once_with_the_new_status_and_a_quote(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_post(
            ticket=ticket, author=agent, body="Fixed: see the new invoice."
        )
    (email,) = mail.outbox
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.first_responded_at is not None
    assert email.subject == f"[{ticket.reference}] Re: {ticket.subject}"
    assert "Sam Agent replied" in email.body
    assert "Fixed: see the new invoice." in email.body
    assert "Status: Open." in email.body
    assert "> My March invoice has our old VAT number." in email.body
    assert "Auto-Submitted" not in email.extra_headers


def test_a_reply_can_ask_the_customer_and_wait(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_post(
            ticket=ticket, author=agent, body="Which one?", new_status=Status.WAITING
        )
    assert Ticket.objects.get().status == Status.WAITING
    assert len(mail.outbox) == 1
    assert "We need something from you" in mail.outbox[0].body


def test_an_internal_note_is_never_emailed(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.note_add(ticket=ticket, author=agent, body="VIP, be quick")
    assert mail.outbox == []
    assert ticket.messages.filter(kind=Message.Kind.NOTE).count() == 1


def test_a_customer_message_reopens_a_closed_ticket(open_ticket, agent):
    ticket = open_ticket()
    services.ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    services.customer_message_post(ticket=ticket, body="It broke again")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.last_customer_message_at is not None
