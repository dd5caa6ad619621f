"""A mailbox signed in with OAuth2 that names its SMTP server sends the
emails of its tickets itself: STARTTLS with the certificate checked, then
XOAUTH2 with the mailbox's access token, each email once. A token the
server refuses is renewed and the email tried again, never lost."""

import time
from base64 import b64decode
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from notifications import delivery
from notifications.models import Notification
from tests import mailserver, oauth_provider
from tests.mailboxes.test_polling import letter
from tickets.mailbox_tokens import token_keep
from tickets.models import Mailbox
from tickets.services.intake import inbound_receive
from tickets.services.mailbox_auth import mailbox_client_secret_set

pytestmark = pytest.mark.django_db


class TokenCheckingSMTP:
    """Accepts mail only after XOAUTH2 with a token the provider gave."""

    def __init__(self, provider: oauth_provider.Provider) -> None:
        self.provider = provider
        self.signed_in: list[str] = []
        self.received: list[tuple[str, bytes]] = []

    async def auth_XOAUTH2(self, server, args):
        fields = dict(
            part.split("=", 1)
            for part in b64decode(args[1]).decode().split("\x01")
            if "=" in part
        )
        token = fields.get("auth", "").removeprefix("Bearer ")
        if self.provider.access.get(token, 0.0) < time.time():
            return AuthResult(success=False, handled=False)  # 535 is answered
        self.signed_in.append(fields["user"])
        return AuthResult(success=True, auth_data=fields["user"])

    async def handle_DATA(self, server, session, envelope):
        self.received.append((envelope.mail_from, envelope.content))
        return "250 OK"


@pytest.fixture
def smtp(provider, tmp_path: Path) -> Iterator[tuple[TokenCheckingSMTP, int, str]]:
    pem = mailserver.certificate(tmp_path)
    handler = TokenCheckingSMTP(provider)
    import ssl

    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tmp_path / "cert.pem", tmp_path / "key.pem")
    port = mailserver._free_port()
    controller = Controller(
        handler,
        hostname="127.0.0.1",
        port=port,
        tls_context=context,
        require_starttls=True,
        auth_required=True,
    )
    controller.start()
    try:
        yield handler, port, pem
    finally:
        controller.stop()


@pytest.fixture
def provider(monkeypatch) -> Iterator[oauth_provider.Provider]:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")
    with oauth_provider.running() as running:
        yield running


@pytest.fixture
def sending_mailbox(provider, smtp) -> Mailbox:
    _handler, port, pem = smtp
    box = Mailbox.objects.create(
        name="Support",
        address="support@example.com",
        host="imap.example.com",
        port=993,
        username="support@example.com",
        auth=Mailbox.Auth.OAUTH2,
        oauth_provider=Mailbox.Provider.OTHER,
        oauth_client_id=oauth_provider.CLIENT_ID,
        oauth_authorize_url=f"{provider.url}/authorize",
        oauth_token_url=f"{provider.url}/token",
        oauth_scope="mail",
        smtp_host="127.0.0.1",
        smtp_port=port,
        trusted_certificate=pem,
    )
    mailbox_client_secret_set(mailbox=box, secret=oauth_provider.CLIENT_SECRET)
    grant = provider._grant()
    token_keep(box, grant | {"expires_at": time.time() + 3600})
    return box


def acknowledgement_of_a_new_ticket() -> Notification:
    outcome = inbound_receive(raw=letter(1, to="support@example.com"))
    assert outcome.ticket.reply_address == "support@example.com"
    return Notification.objects.get(
        ticket=outcome.ticket, kind=Notification.Kind.ACKNOWLEDGEMENT
    )


def test_the_mailbox_sends_its_tickets_emails_signed_in_as_itself(
    sending_mailbox, smtp
):
    handler, _port, _pem = smtp
    ack = acknowledgement_of_a_new_ticket()
    assert delivery.notification_deliver(notification_id=ack.pk).state == "sent"
    assert handler.signed_in == ["support@example.com"]
    ((sender, content),) = handler.received
    assert sender == "support@example.com"
    assert b"customer1@example.com" in content


def test_a_token_the_server_refuses_is_renewed_and_the_email_sent_once(
    sending_mailbox, smtp, provider
):
    handler, _port, _pem = smtp
    provider.expire_access_tokens()  # revoked early: our copy looks good
    ack = acknowledgement_of_a_new_ticket()
    with pytest.raises(delivery.RetryLater):
        delivery.notification_deliver(notification_id=ack.pk)
    ack.refresh_from_db()
    assert ack.state == Notification.State.PENDING  # not lost: tried again
    assert delivery.notification_deliver(notification_id=ack.pk).state == "sent"
    assert len(handler.received) == 1
    grants = [r["grant_type"] for r in provider.token_requests]
    assert grants == ["refresh_token"]


def test_a_mailbox_that_cannot_sign_in_sends_through_the_default_rather_than_wait(
    sending_mailbox, smtp, provider
):
    from django.core import mail

    handler, _port, _pem = smtp
    provider.revoke()
    token_keep(sending_mailbox, {"access_token": "old", "refresh_token": "gone"})
    ack = acknowledgement_of_a_new_ticket()
    assert delivery.notification_deliver(notification_id=ack.pk).state == "sent"
    assert handler.received == []
    assert [m.to for m in mail.outbox] == [["Customer 1 <customer1@example.com>"]]
