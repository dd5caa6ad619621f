"""A mailbox's OAuth2 tokens, kept encrypted on its row: the access token
to sign in with (renewed first when it expires within minutes), for both
reading (tickets.services.mailboxes) and sending (notifications.delivery)."""

import json

from helpdesk.core.secrets import seal, unseal

from . import oauth
from .models import Mailbox


def access_token(mailbox: Mailbox) -> str:
    """A good access token. Raises ``oauth.ConsentLost`` (connect again),
    ``oauth.ProviderUnavailable``, or ``secrets.Unreadable`` (a lost key)."""
    token = json.loads(unseal(mailbox.oauth_token_sealed) or "{}")
    new = oauth.refreshed(
        mailbox,
        client_secret=unseal(mailbox.oauth_client_secret_sealed),
        token=token,
    )
    if new is not None:
        token_keep(mailbox, new)
        token = new
    return str(token["access_token"])


def token_keep(mailbox: Mailbox, token: oauth.Token) -> None:
    mailbox.oauth_token_sealed = seal(json.dumps(token))
    Mailbox.objects.filter(pk=mailbox.pk).update(
        oauth_token_sealed=mailbox.oauth_token_sealed
    )


def token_expire(mailbox: Mailbox) -> None:
    """The server refused the access token before its time (revoked there):
    the next sign-in asks the provider for a new one."""
    if mailbox.auth != Mailbox.Auth.OAUTH2 or not mailbox.oauth_token_sealed:
        return
    token = json.loads(unseal(mailbox.oauth_token_sealed))
    token["expires_at"] = 0
    token_keep(mailbox, token)
