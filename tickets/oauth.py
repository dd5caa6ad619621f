"""OAuth2 for mailboxes (Microsoft 365, Google Workspace, or another
provider), through requests-oauthlib: the consent page an admin is sent to,
the code it sends back exchanged for tokens, and the access token refreshed
a few minutes before it expires. No database here: the service keeps the
tokens, encrypted."""

import os
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from django.utils.translation import gettext as _
from oauthlib.oauth2 import InvalidGrantError, OAuth2Error
from requests_oauthlib import OAuth2Session

from .models import Mailbox

REFRESH_BEFORE_SECONDS = 300
TIMEOUT_SECONDS = 30
MICROSOFT = "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/{step}"
MICROSOFT_SCOPES = [
    "https://outlook.office.com/IMAP.AccessAsUser.All",
    "https://outlook.office.com/SMTP.Send",
    "offline_access",
]
GOOGLE_AUTHORIZE = "https://accounts.google.com/o/oauth2/v2/auth"
GOOGLE_TOKEN = "https://oauth2.googleapis.com/token"  # noqa: S105 - an address
GOOGLE_SCOPES = ["https://mail.google.com/"]

Token = dict[str, Any]
# Microsoft answers with the scopes it granted, named its own way: not an
# error (oauthlib reads this setting from the environment).
os.environ.setdefault("OAUTHLIB_RELAX_TOKEN_SCOPE", "1")


class ConsentLost(Exception):
    """The provider no longer honours the grant (expired, withdrawn, or the
    mailbox was never connected): an admin must connect it again."""


class ProviderUnavailable(Exception):
    """The provider cannot be asked now; the message says why."""


@dataclass(frozen=True)
class Endpoints:
    authorize: str
    token: str
    scope: list[str]
    extra: dict[str, str] = field(default_factory=dict)


def endpoints(box: Mailbox) -> Endpoints:
    if box.oauth_provider == Mailbox.Provider.MICROSOFT:
        tenant = box.oauth_tenant.strip() or "organizations"
        return Endpoints(
            MICROSOFT.format(tenant=tenant, step="authorize"),
            MICROSOFT.format(tenant=tenant, step="token"),
            MICROSOFT_SCOPES,
        )
    if box.oauth_provider == Mailbox.Provider.GOOGLE:
        # Offline access and a fresh consent: Google gives a refresh token.
        extra = {"access_type": "offline", "prompt": "consent"}
        return Endpoints(GOOGLE_AUTHORIZE, GOOGLE_TOKEN, GOOGLE_SCOPES, extra)
    return Endpoints(
        box.oauth_authorize_url, box.oauth_token_url, box.oauth_scope.split()
    )


def consent_url(box: Mailbox, *, redirect_uri: str, state: str) -> str:
    """Where the admin grants the help desk access to the mailbox."""
    found = endpoints(box)
    session = OAuth2Session(
        box.oauth_client_id, redirect_uri=redirect_uri, scope=found.scope
    )
    url, _state = session.authorization_url(
        found.authorize, state=state, login_hint=box.username, **found.extra
    )
    return str(url)


def exchange(
    box: Mailbox, *, client_secret: str, redirect_uri: str, answer_url: str
) -> Token:
    """The provider's answer (the callback's full URL) for tokens."""
    found = endpoints(box)
    session = OAuth2Session(
        box.oauth_client_id, redirect_uri=redirect_uri, scope=found.scope
    )
    return _asking(
        lambda: session.fetch_token(
            found.token,
            authorization_response=answer_url,
            client_secret=client_secret,
            include_client_id=True,
            timeout=TIMEOUT_SECONDS,
        )
    )


def refreshed(box: Mailbox, *, client_secret: str, token: Token) -> Token | None:
    """A new token when this one expires within a few minutes (the refresh
    token kept when the provider sends none); None while it is good."""
    if not token.get("refresh_token"):
        raise ConsentLost(_("The mailbox has not been connected yet."))
    if float(token.get("expires_at", 0)) - time.time() > REFRESH_BEFORE_SECONDS:
        return None
    session = OAuth2Session(box.oauth_client_id, token=token)
    new = _asking(
        lambda: session.refresh_token(
            endpoints(box).token,
            refresh_token=token["refresh_token"],
            client_id=box.oauth_client_id,
            client_secret=client_secret,
            timeout=TIMEOUT_SECONDS,
        )
    )
    new.setdefault("refresh_token", token["refresh_token"])
    return new


def _asking(ask: Any) -> Token:
    try:
        return dict(ask())
    except InvalidGrantError as error:
        raise ConsentLost(error.description or error.error) from error
    except OAuth2Error as error:
        raise ProviderUnavailable(
            _("The provider refused: %(error)s")
            % {"error": error.description or error.error}
        ) from error
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(
            _("The provider cannot be reached: %(error)s") % {"error": error}
        ) from error
