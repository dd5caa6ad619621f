"""The mailbox tests run against a real Dovecot (tests/mailserver.py).
Without it they skip with the reason, except in CI, where that fails."""

import os
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests import mailserver
from tickets.models import InboundMail, Mailbox, Queue
from tickets.services.intake import inbound_process
from tickets.services.mailbox_auth import mailbox_password_set


@pytest.fixture
def dovecot_installed() -> None:
    if not mailserver.installed() or not mailserver.running_as_root():
        message = "Debian's Dovecot is not installed (make mailserver installs it)"
        if mailserver.installed():
            message = "Dovecot's test server needs root (it switches to its users)"
        if os.environ.get("CI"):
            pytest.fail(f"Mailbox tests must run in CI: {message}")
        pytest.skip(message)


@pytest.fixture
def dovecot(dovecot_installed: None) -> Iterator[mailserver.Dovecot]:
    with mailserver.running(("support@example.com", "billing@example.com")) as server:
        yield server


@pytest.fixture
def mailbox(db: None, dovecot: mailserver.Dovecot) -> Callable[..., Mailbox]:
    """A mailbox on the test server, as an admin would set it up."""

    def make(**fields: Any) -> Mailbox:
        address = fields.pop("address", "support@example.com")
        protocol = fields.get("protocol", Mailbox.Protocol.IMAP)
        security = fields.get("security", Mailbox.Security.TLS)
        port = {
            (Mailbox.Protocol.IMAP, Mailbox.Security.TLS): dovecot.imaps,
            (Mailbox.Protocol.IMAP, Mailbox.Security.STARTTLS): dovecot.imap,
            (Mailbox.Protocol.POP3, Mailbox.Security.TLS): dovecot.pop3s,
            (Mailbox.Protocol.POP3, Mailbox.Security.STARTTLS): dovecot.pop3,
        }[(protocol, security)]
        values = {
            "name": address.split("@")[0].title(),
            "address": address,
            "host": "127.0.0.1",
            "port": port,
            "username": address,
            "trusted_certificate": dovecot.certificate,
        } | fields
        password = values.pop("password", mailserver.PASSWORD)
        box = Mailbox.objects.create(**values)
        mailbox_password_set(mailbox=box, password=password)
        return box

    return make


@pytest.fixture
def billing_queue(db: None) -> Queue:
    return Queue.objects.create(name="Billing", slug="billing")


def read_all() -> None:
    """What the worker does after each message is stored."""
    waiting = InboundMail.objects.filter(state=InboundMail.State.RECEIVED)
    for pk in waiting.order_by("pk").values_list("pk", flat=True):
        inbound_process(inbound_id=pk)
