"""Mailboxes signed in with OAuth2 (XOAUTH2), as Microsoft 365 and Google
Workspace require: the admin connects the mailbox through the provider's
consent page, the tokens are kept encrypted, the access token is renewed
before it expires, and a withdrawn consent says "connect again" on the
mailbox and emails the admins once. Against a real Dovecot whose oauth2
passdb checks each token at the tests' own authorisation server."""

import urllib.error
import urllib.request
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.core import mail

from tests import mailserver, oauth_provider
from tests.mailboxes.conftest import read_all
from tests.mailboxes.test_polling import letter, unread
from tickets.models import Mailbox, Ticket
from tickets.services.mailboxes import mailbox_poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def provider(monkeypatch) -> Iterator[oauth_provider.Provider]:
    monkeypatch.setenv("OAUTHLIB_INSECURE_TRANSPORT", "1")  # http on loopback
    with oauth_provider.running() as running:
        yield running


@pytest.fixture
def dovecot(dovecot_installed, provider) -> Iterator[mailserver.Dovecot]:
    with mailserver.running(
        ("support@example.com",), tokeninfo=f"{provider.url}/tokeninfo/"
    ) as server:
        yield server


def add_mailbox(admin_client, dovecot, provider) -> Mailbox:
    answer = admin_client.post(
        "/admin/tickets/mailbox/add/",
        {
            "name": "Support",
            "address": "support@example.com",
            "protocol": Mailbox.Protocol.IMAP,
            "host": "127.0.0.1",
            "port": str(dovecot.imaps),
            "security": Mailbox.Security.TLS,
            "trusted_certificate": dovecot.certificate,
            "username": "support@example.com",
            "auth": Mailbox.Auth.OAUTH2,
            "oauth_provider": Mailbox.Provider.OTHER,
            "oauth_client_id": oauth_provider.CLIENT_ID,
            "client_secret": oauth_provider.CLIENT_SECRET,
            "oauth_authorize_url": f"{provider.url}/authorize",
            "oauth_token_url": f"{provider.url}/token",
            "oauth_scope": "mail offline_access",
            "folder": "INBOX",
            "after_fetch": Mailbox.AfterFetch.SEEN,
            "poll_seconds": "60",
            "is_active": "on",
        },
    )
    assert answer.status_code == 302, answer.content.decode()
    return Mailbox.objects.get()


def connect(admin_client, box: Mailbox) -> str:
    """The admin presses "Connect", consents at the provider, comes back."""
    page = admin_client.get(f"/admin/tickets/mailbox/{box.pk}/change/")
    assert "Connect with" in page.content.decode()
    to_provider = admin_client.get(f"/admin/tickets/mailbox/{box.pk}/connect/")
    assert to_provider.status_code == 302
    return consent_and_return(admin_client, to_provider["Location"])


def consent_and_return(admin_client, consent_page: str) -> str:
    """The provider's consent page answers with a redirect back to us."""

    class Stop(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        urllib.request.build_opener(Stop).open(consent_page)
    except urllib.error.HTTPError as back:
        parts = urlsplit(back.headers["Location"])
    back_home = admin_client.get(f"{parts.path}?{parts.query}", follow=True)
    return str(back_home.content.decode())


def test_an_admin_connects_the_mailbox_and_its_mail_is_read(
    admin_client, dovecot, provider
):
    box = add_mailbox(admin_client, dovecot, provider)
    assert "is connected" in connect(admin_client, box)
    box.refresh_from_db()
    assert box.oauth_token_sealed
    granted = next(iter(provider.access))
    assert granted not in box.oauth_token_sealed  # encrypted at rest
    assert oauth_provider.CLIENT_SECRET not in box.oauth_client_secret_sealed
    dovecot.deliver("support@example.com", letter(1))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 1
    read_all()
    assert Ticket.objects.filter(subject="Question number 1").exists()
    assert "method=XOAUTH2" in dovecot.log()


def test_a_token_about_to_expire_is_renewed_before_the_poll(
    admin_client, dovecot, provider
):
    provider.access_seconds = 60  # within the five minutes kept in hand
    box = add_mailbox(admin_client, dovecot, provider)
    connect(admin_client, box)
    dovecot.deliver("support@example.com", letter(1))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 1
    grants = [r["grant_type"] for r in provider.token_requests]
    assert grants == ["authorization_code", "refresh_token"]


def test_a_token_the_server_refuses_early_is_replaced_at_the_next_poll(
    admin_client, dovecot, provider
):
    box = add_mailbox(admin_client, dovecot, provider)
    connect(admin_client, box)
    provider.expire_access_tokens()
    dovecot.deliver("support@example.com", letter(1))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 0
    box.refresh_from_db()
    assert "refused the sign-in" in box.last_error
    assert mailbox_poll(mailbox_id=box.pk).fetched == 1
    box.refresh_from_db()
    assert (box.last_error, box.needs_authorisation) == ("", False)


def test_withdrawn_consent_asks_to_connect_again_and_emails_the_admins_once(
    admin_client, dovecot, provider, admin_user
):
    box = add_mailbox(admin_client, dovecot, provider)
    connect(admin_client, box)
    provider.revoke()
    mailbox_poll(mailbox_id=box.pk)  # the server refuses the old token
    dovecot.deliver("support@example.com", letter(1))
    mailbox_poll(mailbox_id=box.pk)  # the provider refuses to renew it
    mailbox_poll(mailbox_id=box.pk)
    box.refresh_from_db()
    assert box.needs_authorisation
    assert "connect the mailbox again" in box.last_error
    alerts = [m for m in mail.outbox if admin_user.email in m.to]
    assert len(alerts) == 1
    assert f"/admin/tickets/mailbox/{box.pk}/change/" in alerts[0].body
    page = admin_client.get(f"/admin/tickets/mailbox/{box.pk}/change/")
    assert "connect again" in page.content.decode()
    assert unread(dovecot) != []  # the mail waits; nothing is lost
    assert "is connected" in connect(admin_client, box)
    assert mailbox_poll(mailbox_id=box.pk).fetched == 1
    box.refresh_from_db()
    assert (box.needs_authorisation, box.last_error) == (False, "")


def test_an_answer_nobody_asked_for_is_refused(admin_client, dovecot, provider):
    box = add_mailbox(admin_client, dovecot, provider)
    forged = admin_client.get(
        "/admin/tickets/mailbox/oauth/callback/?code=stolen&state=guess", follow=True
    )
    assert "was not asked for" in forged.content.decode()
    box.refresh_from_db()
    assert not box.oauth_token_sealed


def test_the_form_says_what_oauth2_needs_and_keeps_what_was_typed(admin_client):
    answer = admin_client.post(
        "/admin/tickets/mailbox/add/",
        {
            "name": "Billing",
            "address": "billing@example.com",
            "protocol": Mailbox.Protocol.POP3,
            "host": "outlook.office365.com",
            "port": "995",
            "security": Mailbox.Security.TLS,
            "username": "billing@example.com",
            "auth": Mailbox.Auth.OAUTH2,
            "oauth_provider": Mailbox.Provider.MICROSOFT,
            "folder": "INBOX",
            "after_fetch": Mailbox.AfterFetch.DELETE,
            "poll_seconds": "60",
        },
    )
    page = answer.content.decode()
    assert answer.status_code == 200
    assert "OAuth2 is for IMAP mailboxes." in page
    assert "The application&#x27;s ID from the provider." in page
    assert 'value="outlook.office365.com"' in page
    assert not Mailbox.objects.exists()
