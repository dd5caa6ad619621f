"""Credentials kept encrypted at rest (a mailbox's password or OAuth2
refresh token): Fernet (AES-128-CBC with an HMAC) from ``cryptography``,
under a key from the environment, ``HELPDESK_SECRETS_KEY``; without one,
a key derived from ``SECRET_KEY``. A value sealed under an old key reads
as unreadable (the mailbox then asks for the password again), never as
garbage."""

import base64
import hashlib

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class Unreadable(Exception):
    """Sealed under a key this installation no longer has."""


def _fernet() -> MultiFernet:
    keys = [key for key in settings.HELPDESK_SECRETS_KEYS if key]
    if not keys:  # derived: stable for as long as SECRET_KEY is
        digest = hashlib.sha256(
            b"helpdesk-secrets:" + settings.SECRET_KEY.encode()
        ).digest()
        keys = [base64.urlsafe_b64encode(digest).decode()]
    return MultiFernet([Fernet(key) for key in keys])


def seal(plain: str) -> str:
    """The text encrypted (new values under the first key)."""
    return _fernet().encrypt(plain.encode()).decode() if plain else ""


def unseal(sealed: str) -> str:
    """The text back; ``Unreadable`` when no key opens it."""
    if not sealed:
        return ""
    try:
        return _fernet().decrypt(sealed.encode()).decode()
    except InvalidToken as error:
        raise Unreadable from error
