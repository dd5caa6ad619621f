"""Email in is stored before it is read: an ESP retrying a slow webhook makes
one ticket, and mail that breaks the parser is kept for agents, never a 500."""

import base64
import json
import threading

import pytest
from django.core import mail
from django.db import OperationalError, connection
from django.test import Client

from notifications.models import Notification
from tickets.models import InboundMail, Ticket
from tickets.services.intake import inbound_process, inbound_sweep

SECRET = "hook:s3cret"
AUTH = "Basic " + base64.b64encode(SECRET.encode()).decode()


def _raw(
    *,
    message_id="<one@mail.example.com>",
    sender="Ada Lovelace <ada@example.com>",
    body="Hello, my invoice is wrong.",
):
    lines = [f"From: {sender}", "To: support@example.com", "Subject: Invoice"]
    if message_id:
        lines.append(f"Message-ID: {message_id}")
    lines += ["Content-Type: text/plain; charset=utf-8", "", body]
    return "\r\n".join(lines)


def _deliver(client, raw):
    return client.post(
        "/anymail/postmark/inbound/",
        json.dumps({"RawEmail": raw}),
        content_type="application/json",
        HTTP_AUTHORIZATION=AUTH,
    )


@pytest.fixture(autouse=True)
def _webhook_secret(settings):
    settings.ANYMAIL = {"WEBHOOK_SECRET": SECRET}


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_four_concurrent_deliveries_of_one_email_make_one_ticket():
    barrier = threading.Barrier(4)
    statuses = []

    def deliver():
        barrier.wait()
        try:
            statuses.append(_deliver(Client(), _raw()).status_code)
        finally:
            connection.close()

    threads = [threading.Thread(target=deliver) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert statuses == [200, 200, 200, 200]
    assert InboundMail.objects.count() == 1
    assert Ticket.objects.count() == 1
    acknowledgements = Notification.objects.filter(
        kind=Notification.Kind.ACKNOWLEDGEMENT
    )
    assert acknowledgements.count() == 1
    assert len([m for m in mail.outbox if "We received" in m.subject]) == 1


@pytest.mark.django_db
def test_an_email_without_message_id_delivered_twice_is_one_ticket(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _deliver(client, _raw(message_id="")).status_code == 200
        assert _deliver(client, _raw(message_id="")).status_code == 200
    assert Ticket.objects.count() == 1


@pytest.mark.parametrize(
    "raw",
    [
        _raw(message_id="<" + "x" * 400 + "@mail.example.com>"),
        _raw(sender=f"{'Ada ' * 80}<ada@example.com>"),
        _raw(body="Hello\x00 world, a NUL came with me."),
        _raw().replace("charset=utf-8", "charset=x-no-such-charset"),
    ],
    ids=["long Message-ID", "long sender name", "NUL in the body", "bad charset"],
)
@pytest.mark.django_db
def test_hostile_mail_lands_on_a_ticket_instead_of_a_500(
    client, raw, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert _deliver(client, raw).status_code == 200
    row = InboundMail.objects.get()
    assert row.state == InboundMail.State.PROCESSED
    message = row.ticket.messages.get()
    assert "Hello" in message.body
    assert "\x00" not in message.body


@pytest.mark.django_db
def test_mail_that_cannot_be_read_is_kept_for_the_agents(
    client, agent_client, monkeypatch, django_capture_on_commit_callbacks
):
    def broken(**kwargs):
        raise ValueError("a parser bug")

    monkeypatch.setattr("tickets.services.intake.inbound_receive", broken)
    with django_capture_on_commit_callbacks(execute=True):
        assert _deliver(client, _raw()).status_code == 200
    row = InboundMail.objects.get()
    assert row.state == InboundMail.State.UNREADABLE
    assert row.error == "ValueError: a parser bug"
    assert not Ticket.objects.exists()
    queue = agent_client.get("/agent/").content.decode()
    assert "1 email could not be read" in queue
    listing = agent_client.get("/agent/inbound/").content.decode()
    assert "ada@example.com" in listing
    download = agent_client.get(f"/agent/inbound/{row.pk}/raw/")
    assert b"Hello, my invoice is wrong." in download.content
    assert download["Content-Disposition"].startswith("attachment")


@pytest.mark.django_db
def test_mail_stored_while_the_broker_was_down_is_read_by_the_sweep(client, settings):
    # No on-commit callback ran: as if the task was never published.
    assert _deliver(client, _raw()).status_code == 200
    assert InboundMail.objects.get().state == InboundMail.State.RECEIVED
    assert not Ticket.objects.exists()
    InboundMail.objects.update(received_at="2026-01-01T00:00:00Z")
    assert inbound_sweep() == 1
    assert InboundMail.objects.get().state == InboundMail.State.PROCESSED
    assert Ticket.objects.count() == 1


@pytest.mark.django_db
def test_mail_read_while_the_database_falters_waits_for_the_sweep(client, monkeypatch):
    assert _deliver(client, _raw()).status_code == 200
    row = InboundMail.objects.get()

    def database_away(**kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr("tickets.services.intake.inbound_receive", database_away)
    with pytest.raises(OperationalError):
        inbound_process(inbound_id=row.pk)
    row.refresh_from_db()
    assert row.state == InboundMail.State.RECEIVED  # not given up on
    monkeypatch.undo()
    assert inbound_process(inbound_id=row.pk).ticket is not None
