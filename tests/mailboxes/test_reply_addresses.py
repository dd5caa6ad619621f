"""Several addresses, each with its voice: every email about a ticket
comes from the support address the customer wrote to (From and Reply-To),
and mail from one of our own addresses is never answered."""

import pytest
from django.core import mail

from tests.mailboxes.test_polling import letter
from tickets.models import Mailbox, Queue, Ticket
from tickets.services.intake import inbound_receive
from tickets.services.lifecycle import reply_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def billing(db) -> Mailbox:
    return Mailbox.objects.create(
        name="Billing",
        address="billing@example.com",
        aliases="invoices@example.com",
        queue=Queue.objects.create(name="Billing", slug="billing"),
        host="imap.example.com",
        port=993,
        username="billing@example.com",
    )


def sent_to(address: str) -> list[mail.EmailMessage]:
    return [email for email in mail.outbox if address in email.to[0]]


def test_the_acknowledgement_and_every_reply_come_from_the_address_written_to(
    billing, agent, settings, django_capture_on_commit_callbacks
):
    settings.DEFAULT_FROM_EMAIL = "Acme Support <support@example.com>"
    with django_capture_on_commit_callbacks(execute=True):
        outcome = inbound_receive(raw=letter(1, to="Invoices <invoices@example.com>"))
    ticket = outcome.ticket
    assert ticket.reply_address == "invoices@example.com"
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(ticket=ticket, author=agent, body="Your refund is on its way.")
    emails = sent_to("customer1@example.com")
    assert len(emails) == 2
    for email in emails:
        assert email.from_email == "Acme Support <invoices@example.com>"
        assert email.reply_to == ["invoices@example.com"]


def test_a_mailbox_reads_as_its_own_address_when_no_alias_is_named(
    billing, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = inbound_receive(
            raw=letter(2, to="all@lists.example.com"), mailbox=billing
        )
    assert outcome.ticket.reply_address == "billing@example.com"
    assert outcome.ticket.queue == billing.queue
    assert sent_to("customer2@example.com")[0].reply_to == ["billing@example.com"]


def test_the_web_forms_tickets_use_the_default_address(
    submit, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    ticket = Ticket.objects.get()
    assert ticket.reply_address == ""
    (email,) = sent_to(ticket.customer.email)
    assert email.from_email == settings.DEFAULT_FROM_EMAIL
    assert email.reply_to == [settings.HELPDESK_SUPPORT_EMAIL]


def test_mail_from_one_of_our_addresses_is_never_answered(billing):
    outcome = inbound_receive(
        raw=letter(3, sender="Billing <invoices@example.com>", to="support@example.com")
    )
    assert outcome.action == "ignored"
    assert not Ticket.objects.exists()
