"""tickets.services.lifecycle: opening, the conversation and the status machine."""

import pytest
from django.core import mail

from kb import services as kb_services
from kb.models import Article
from notifications import delivery
from notifications.models import Notification
from tests.notifications.test_rating_links import rated_ticket
from tickets.models import Message, Queue, Status, Ticket, TicketEvent
from tickets.services.errors import TicketChangedMeanwhile, TransitionNotAllowed
from tickets.services.lifecycle import (
    customer_message_post,
    default_queue,
    note_add,
    reply_post,
    ticket_change_status,
    ticket_close_by_customer,
)
from tickets.services.replying import agent_message_post

pytestmark = pytest.mark.django_db


def test_status_change_emails_the_customer_in_plain_words(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    (email,) = mail.outbox
    assert email.subject == f"[{ticket.reference}] Resolved: {ticket.subject}"
    assert "is now: Resolved" in email.body
    assert "If anything is still wrong, just reply" in email.body
    # How did we do: the same one-click links as the follow-up.
    assert rated_ticket(email.body, "bad") == ticket.pk
    assert email.extra_headers["Auto-Submitted"] == "auto-generated"


def test_an_illegal_transition_is_refused_and_nothing_changes(open_ticket, agent):
    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    with pytest.raises(TransitionNotAllowed, match="closed cannot become resolved"):
        ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    assert Ticket.objects.get().status == Status.CLOSED


def test_two_agents_cannot_both_change_a_stale_ticket(open_ticket, agent):
    ticket = open_ticket()
    first = Ticket.objects.get(pk=ticket.pk)
    second = Ticket.objects.get(pk=ticket.pk)
    ticket_change_status(ticket=first, new_status=Status.OPEN, actor=agent)
    with pytest.raises(TicketChangedMeanwhile):
        ticket_change_status(ticket=second, new_status=Status.RESOLVED, actor=agent)
    assert Ticket.objects.get().status == Status.OPEN
    assert ticket.events.filter(kind="status_changed").count() == 1


def test_a_reply_emails_the_customer_once_with_the_new_status_and_a_quote(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(ticket=ticket, author=agent, body="Fixed: see the new invoice.")
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
        reply_post(
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
        note_add(ticket=ticket, author=agent, body="VIP, be quick")
    assert mail.outbox == []
    assert ticket.messages.filter(kind=Message.Kind.NOTE).count() == 1


def test_a_customer_message_reopens_a_closed_ticket(open_ticket, agent):
    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    customer_message_post(ticket=ticket, body="It broke again")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.last_customer_message_at is not None


def test_opening_reuses_the_customer_by_address_whatever_its_case(open_ticket):
    first = open_ticket(email="Ada@Example.com")
    second = open_ticket(email="ada@example.com", subject="Another question")
    assert first.customer == second.customer
    assert first.customer.email == "ada@example.com"
    assert "My March invoice" in Ticket.objects.get(pk=first.pk).search_document


def test_a_new_ticket_lands_in_a_default_queue_even_on_an_empty_install(
    open_ticket,
):
    Queue.objects.all().delete()
    ticket = open_ticket()
    assert ticket.queue.name == "General"
    assert default_queue() == ticket.queue


def test_the_acknowledgement_keeps_the_articles_chosen_when_the_ticket_opened(
    open_ticket, django_capture_on_commit_callbacks
):
    article = kb_services.article_save(
        article=None,
        title="Wrong VAT number on an invoice",
        body="Change it under *Billing*.",
        status=Article.Status.PUBLISHED,
    )
    with django_capture_on_commit_callbacks(execute=False):
        ticket = open_ticket(subject="Invoice shows the wrong VAT number")
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    assert [a["title"] for a in created.suggested_articles] == [article.title]
    # Renamed before the (retried) email goes: it says what was chosen.
    Article.objects.filter(pk=article.pk).update(title="Renamed since")
    ack = Notification.objects.get(ticket=ticket)
    delivery.notification_deliver(notification_id=ack.pk)
    (email,) = mail.outbox
    assert "Wrong VAT number on an invoice" in email.body
    assert "Renamed since" not in email.body


def test_without_acknowledgement_the_customer_gets_no_email_and_no_search(
    open_ticket,
):
    ticket = open_ticket(acknowledge=False)
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    assert created.suggested_articles == []
    assert not Notification.objects.filter(recipient_email="ada@example.com").exists()


def test_a_reply_to_a_new_ticket_opens_it_and_stops_the_clock(open_ticket, agent):
    ticket = open_ticket()
    reply_post(ticket=ticket, author=agent, body="On it.")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.first_responded_at is not None
    assert ticket.due_at is None


def test_a_note_with_a_status_changes_both_or_neither(open_ticket, agent):
    ticket = open_ticket()
    agent_message_post(
        ticket=ticket,
        author=agent,
        kind=Message.Kind.NOTE,
        body="Checked the ledger.",
        new_status=Status.WAITING,
    )
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
    assert ticket.messages.filter(kind=Message.Kind.NOTE).count() == 1


def test_the_customer_writing_to_a_waiting_ticket_owes_them_an_answer(
    open_ticket, agent
):
    ticket = open_ticket()
    reply_post(
        ticket=ticket, author=agent, body="Which number?", new_status=Status.WAITING
    )
    customer_message_post(ticket=ticket, body="GB123")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.due_at is not None
    assert "GB123" in ticket.search_document


def test_the_customer_closes_with_a_reason_once(open_ticket):
    ticket = open_ticket()
    event = ticket_close_by_customer(ticket=ticket, reason="Found it")
    assert (event.by_customer, event.reason) == (True, "Found it")
    with pytest.raises(TransitionNotAllowed):
        ticket_close_by_customer(ticket=ticket)
