"""Issue 26, item 9: email that could not be read is a work view. The
reason in words, a preview of what could be read, "Create ticket from this
email" and "Dismiss"; the queue's banner counts only what still waits."""

from typing import Any

import pytest
from django.core import mail
from django.test import Client

from tickets.models import Attachment, InboundMail, Ticket

pytestmark = pytest.mark.django_db

RAW = (
    b"From: Ada Lovelace <ada@example.com>\r\n"
    b"To: support@example.com\r\n"
    b"Subject: Invoice\r\n"
    b"Message-ID: <one@mail.example.com>\r\n"
    b"MIME-Version: 1.0\r\n"
    b'Content-Type: multipart/mixed; boundary="b"\r\n\r\n'
    b"--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
    b"Hello, my invoice is wrong.\r\n"
    b"--b\r\nContent-Type: application/pdf\r\n"
    b'Content-Disposition: attachment; filename="invoice.pdf"\r\n'
    b"Content-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n"
)


def _unreadable(
    error: str = "UnicodeDecodeError: 'utf-8' codec can't decode",
) -> InboundMail:
    return InboundMail.objects.create(
        key=str(InboundMail.objects.count()),
        raw=RAW,
        source="imap",
        state=InboundMail.State.UNREADABLE,
        sender="ada@example.com",
        subject="Invoice",
        error=error,
    )


def test_the_list_and_the_page_say_why_in_words(agent_client: Client) -> None:
    row = _unreadable()
    listing = agent_client.get("/agent/inbound/").content.decode()
    assert "The message&#x27;s text encoding is broken" in listing
    assert "UnicodeDecodeError" not in listing
    page = agent_client.get(f"/agent/inbound/{row.pk}/").content.decode()
    assert "The message&#x27;s text encoding is broken" in page
    assert "Hello, my invoice is wrong." in page  # the preview, to check
    assert "invoice.pdf" in page
    assert 'value="ada@example.com"' in page
    nav = agent_client.get("/agent/").content.decode()
    assert 'href="/agent/inbound/"' in nav


def test_create_ticket_from_this_email(agent: Any, agent_client: Client) -> None:
    row = _unreadable()
    assert "1 email could not be read" in agent_client.get("/agent/").content.decode()
    made = agent_client.post(
        f"/agent/inbound/{row.pk}/",
        {
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "subject": "Invoice",
            "message": "Hello, my invoice is wrong.",
            "acknowledge": "on",
        },
    )
    ticket = Ticket.objects.get()
    assert made["Location"] == f"/agent/tickets/{ticket.pk}/"
    assert ticket.messages.get().source == "email"
    assert Attachment.objects.get(message__ticket=ticket).filename == "invoice.pdf"
    row.refresh_from_db()
    assert row.state == InboundMail.State.PROCESSED
    assert row.ticket == ticket
    assert f"Ticket {ticket.reference} made by Sam Agent" == row.outcome
    assert "could not be read" not in agent_client.get("/agent/").content.decode()
    # A second agent pressing the same button makes nothing twice.
    again = agent_client.post(f"/agent/inbound/{row.pk}/", {"email": "a@b.example"})
    assert again.status_code == 404
    assert Ticket.objects.count() == 1


def test_a_mistake_keeps_what_was_typed(agent_client: Client) -> None:
    row = _unreadable()
    sent = agent_client.post(
        f"/agent/inbound/{row.pk}/",
        {"email": "not an address", "subject": "Invoice", "message": "Edited words"},
    )
    assert sent.status_code == 400
    page = sent.content.decode()
    assert "Edited words" in page
    assert "This does not look like an email address" in page
    assert not Ticket.objects.exists()


def test_dismiss_takes_it_off_the_list_and_keeps_it(agent_client: Client) -> None:
    row = _unreadable(error="GaveUp: 3 readings failed")
    page = agent_client.get(f"/agent/inbound/{row.pk}/").content.decode()
    assert "Reading it failed several times" in page
    agent_client.post(f"/agent/inbound/{row.pk}/dismiss/")
    row.refresh_from_db()
    assert row.state == InboundMail.State.DISMISSED
    assert row.outcome == "Dismissed by Sam Agent"
    assert bytes(row.raw) == RAW
    assert "could not be read" not in agent_client.get("/agent/").content.decode()
    listing = agent_client.get("/agent/inbound/").content.decode()
    assert "Every email that arrived was read." in listing
    assert not mail.outbox


def test_a_message_whose_body_cannot_be_parsed_still_shows_its_text(
    agent_client: Client, monkeypatch: Any
) -> None:
    def broken(raw: bytes) -> None:
        raise LookupError("unknown encoding: x-broken")

    monkeypatch.setattr("tickets.services.unreadable.parse", broken)
    row = _unreadable(error="LookupError: unknown encoding: x-broken")
    page = agent_client.get(f"/agent/inbound/{row.pk}/").content.decode()
    assert "Only its headers and raw text could be read" in page
    assert "Hello, my invoice is wrong." in page
