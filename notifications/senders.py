"""Which way an email leaves. A mailbox that signs in with OAuth2 and names
an SMTP server sends the emails of the tickets written to it, signed in as
itself (XOAUTH2); everything else goes through the configured backend. A
mailbox that cannot sign in now sends through the configured backend
rather than hold its customers' emails back."""

import logging
from functools import partial

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend

from helpdesk.core.secrets import Unreadable
from tickets import oauth
from tickets.mailbox_tokens import access_token, token_expire
from tickets.mailboxes import tls_context
from tickets.models import Mailbox

from .backends import XOAuth2SMTPBackend

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 60


def connection_for(reply_address: str) -> BaseEmailBackend | None:
    """The mailbox's own SMTP sign-in for this address; None: the default."""
    if not reply_address:
        return None
    sending = Mailbox.objects.filter(auth=Mailbox.Auth.OAUTH2, is_active=True).exclude(
        smtp_host=""
    )
    for box in sending:
        if reply_address in box.addresses:
            try:
                token = access_token(box)
            except (oauth.ConsentLost, oauth.ProviderUnavailable, Unreadable) as why:
                logger.warning("Mailbox %s cannot sign in to send: %s", box.pk, why)
                return None
            return XOAuth2SMTPBackend(
                host=box.smtp_host,
                port=box.smtp_port,
                username=box.username,
                access_token=token,
                tls=tls_context(box),
                refused=partial(token_expire, box),
                timeout=settings.EMAIL_TIMEOUT or TIMEOUT_SECONDS,
            )
    return None
