"""Mailboxes as an admin sets them up, their secrets, and where mail
addressed to them goes when it arrives by a provider's webhook."""

import pytest
from django.test import override_settings

from helpdesk.core.secrets import Unreadable, seal, unseal
from tests.mailboxes.conftest import read_all
from tests.mailboxes.test_polling import letter
from tickets.models import Mailbox, Queue, Ticket
from tickets.services.intake import inbound_receive
from tickets.services.mailboxes import mailbox_poll

pytestmark = pytest.mark.django_db


def test_mail_to_an_alias_goes_to_that_mailboxs_queue(db):
    billing = Queue.objects.create(name="Billing", slug="billing")
    Mailbox.objects.create(
        name="Billing",
        address="billing@example.com",
        aliases="invoices@example.com\naccounts@example.com",
        queue=billing,
        host="imap.example.com",
        port=993,
        username="billing@example.com",
    )
    inbound_receive(raw=letter(1, to="Accounts <accounts@example.com>"))
    inbound_receive(raw=letter(2, to="someone-else@example.com"))
    first, second = Ticket.objects.order_by("pk")
    assert first.queue == billing
    assert second.queue != billing


def test_a_password_is_kept_encrypted_and_a_lost_key_says_so(settings):
    sealed = seal("correct horse")
    assert "correct horse" not in sealed
    assert unseal(sealed) == "correct horse"
    with (
        override_settings(SECRET_KEY="another installation's key"),
        pytest.raises(Unreadable),
    ):
        unseal(sealed)


def test_a_password_sealed_under_a_rotated_key_still_opens(settings):
    from cryptography.fernet import Fernet

    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.HELPDESK_SECRETS_KEYS = [old]
    sealed = seal("correct horse")
    settings.HELPDESK_SECRETS_KEYS = [new, old]
    assert unseal(sealed) == "correct horse"


def test_an_admin_adds_a_mailbox_and_polls_it(admin_client, dovecot):
    form = {
        "name": "Support",
        "address": "support@example.com",
        "aliases": "",
        "queue": "",
        "is_active": "on",
        "protocol": "imap",
        "host": "127.0.0.1",
        "port": str(dovecot.imaps),
        "security": "tls",
        "trusted_certificate": dovecot.certificate,
        "username": "support@example.com",
        "password": "correct horse battery staple",
        "folder": "INBOX",
        "after_fetch": "seen",
        "move_to": "",
        "poll_seconds": "60",
    }
    answer = admin_client.post("/admin/tickets/mailbox/add/", form)
    assert answer.status_code == 302, answer.content.decode()[:3000]
    box = Mailbox.objects.get()
    assert box.password_sealed
    assert "correct horse" not in box.password_sealed
    dovecot.deliver("support@example.com", letter(1))
    page = admin_client.post(
        "/admin/tickets/mailbox/",
        {"action": "poll_now", "_selected_action": [box.pk]},
        follow=True,
    ).content.decode()
    assert "Support: 1 taken, 0 waiting." in page
    read_all()
    assert Ticket.objects.get().subject == "Question number 1"
    listing = admin_client.get("/admin/tickets/mailbox/").content.decode()
    assert "Working." in listing


def test_the_admin_form_keeps_what_was_typed_and_says_what_is_missing(admin_client):
    form = {
        "name": "Billing",
        "address": "billing@example.com",
        "protocol": "pop3",
        "host": "pop.example.com",
        "port": "995",
        "security": "tls",
        "username": "billing",
        "folder": "INBOX",
        "after_fetch": "move",
        "poll_seconds": "5",
    }
    answer = admin_client.post("/admin/tickets/mailbox/add/", form)
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "The mailbox needs its password." in page
    assert "POP3 can only delete a message or leave it." in page
    assert "Ensure this value is greater than or equal to 15." in page
    assert 'value="pop.example.com"' in page
    assert not Mailbox.objects.exists()


def test_a_mailbox_whose_password_can_no_longer_be_read_asks_for_it(mailbox, settings):
    box = mailbox()
    settings.SECRET_KEY = "a new key after a reinstall, without the old one"
    assert mailbox_poll(mailbox_id=box.pk).fetched == 0
    box.refresh_from_db()
    assert box.last_error == "The password can no longer be read: enter it again."


def test_agents_see_each_mailboxs_status_on_the_inbound_page(
    agent_client, mailbox, dovecot
):
    working = mailbox()
    broken = mailbox(address="billing@example.com", password="wrong")
    dovecot.deliver("support@example.com", letter(1), letter(2))
    mailbox_poll(mailbox_id=working.pk)
    mailbox_poll(mailbox_id=broken.pk)
    page = agent_client.get("/agent/inbound/").content.decode()
    assert "Support &lt;support@example.com&gt;" in page
    assert "Working" in page
    assert "The server refused the sign-in" in page
    assert "correct horse" not in page
