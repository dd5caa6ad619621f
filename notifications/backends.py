"""Email backends: the embedded one (one readable .eml file per message),
and SMTP signed in with OAuth2 for a mailbox that sends its own mail."""

import smtplib
import ssl
import uuid
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.utils import timezone


class EmlFileBackend(BaseEmailBackend):
    """Writes each message to ``EMAIL_FILE_PATH/<time>-<id>.eml``.

    Written to a temporary name and renamed, so that a reader never sees half
    a message. Open the files with any mail program, or read them as text.
    """

    def __init__(self, *args: Any, file_path: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(file_path or settings.EMAIL_FILE_PATH)

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        sent = 0
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S-%f}-{uuid.uuid4().hex[:8]}.eml"
            partial = self.folder / f".{name}.tmp"
            partial.write_bytes(message.message().as_bytes())
            partial.rename(self.folder / name)
            sent += 1
        return sent


class TokenRefused(Exception):
    """The SMTP server refused the access token: about our sign-in, not the
    recipient, so the email is tried again (with a new token)."""


class XOAuth2SMTPBackend(SMTPBackend):
    """Django's SMTP backend signing in with an OAuth2 access token
    (XOAUTH2, as Microsoft 365 and Google Workspace take), after STARTTLS
    with the certificate checked."""

    def __init__(
        self,
        *,
        host: str,
        port: int,
        username: str,
        access_token: str,
        tls: ssl.SSLContext,
        refused: Callable[[], None],
        **kwargs: Any,
    ) -> None:
        super().__init__(host=host, port=port, **kwargs)
        self.oauth_user, self.access_token, self.tls = username, access_token, tls
        self.refused = refused

    def open(self) -> bool:
        if self.connection:
            return False
        connection = smtplib.SMTP(self.host, self.port, timeout=self.timeout or 60)
        try:
            connection.ehlo()
            connection.starttls(context=self.tls)
            connection.ehlo()
            answer = (
                f"user={self.oauth_user}\x01auth=Bearer {self.access_token}\x01\x01"
            )
            # On refusal the server sends a challenge: answer it empty.
            connection.auth(
                "XOAUTH2", lambda challenge=None: "" if challenge else answer
            )
        except smtplib.SMTPAuthenticationError as error:
            connection.close()
            self.refused()  # a new token for the next attempt
            raise TokenRefused(f"{error.smtp_code} {error.smtp_error!r}") from error
        except BaseException:
            connection.close()
            raise
        self.connection = connection
        return True
