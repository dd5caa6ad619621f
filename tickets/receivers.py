"""anymail's inbound webhook arrives as a signal (its documented interface);
the receiver only hands the message to the intake service."""

import base64
import logging
from collections.abc import Callable
from email import policy
from typing import Any

from anymail.signals import inbound

from .services.intake import inbound_store

logger = logging.getLogger(__name__)

# Where each provider that posts the whole MIME message puts it: stored as
# sent, never as anymail re-serialises it (which folds a long header into
# thousands of encoded words).
PROVIDER_MIME: dict[str, Callable[[Any], Any]] = {
    "postmark": lambda event: event.get("RawEmail"),
    "mailgun": lambda request: request.POST.get("body-mime"),
    "sendgrid": lambda request: request.POST.get("email"),
    "mandrill": lambda event: event["msg"].get("raw_msg"),
    "mailersend": lambda event: event["data"].get("raw"),
    "postal": lambda event: (
        base64.b64decode(event["message"]) if event.get("base64") else event["message"]
    ),
    "sparkpost": lambda event: (
        base64.b64decode(event["msys"]["relay_message"]["content"]["email_rfc822"])
        if event["msys"]["relay_message"]["content"]["email_rfc822_is_base64"]
        else event["msys"]["relay_message"]["content"]["email_rfc822"]
    ),
}
# The others give fields, not MIME: written out once, each header as given.
AS_GIVEN = policy.SMTPUTF8.clone(refold_source="none", max_line_length=0)


def on_inbound(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """Store it and answer at once; it is read in a task (a slow webhook is
    retried by the ESP, and a retry must not make a second ticket)."""
    row, new = inbound_store(raw=_raw(event, esp_name), source=esp_name)
    logger.info("Inbound email via %s stored as %s (new: %s)", esp_name, row.pk, new)


def _raw(event: Any, esp_name: str) -> bytes:
    """The bytes the provider sent where it sends MIME; else the message
    written out once, even when it is too broken to serialise cleanly."""
    read = PROVIDER_MIME.get(esp_name.lower())
    try:
        mime = read(event.esp_event) if read is not None else None
    except (AttributeError, KeyError, TypeError, ValueError):
        mime = None
    if isinstance(mime, bytes):
        return mime
    if isinstance(mime, str):
        return mime.encode("utf-8", errors="surrogatepass")
    try:
        return bytes(event.message.as_bytes(policy=AS_GIVEN))
    except Exception:
        return str(event.message).encode("utf-8", errors="replace")


def connect() -> None:
    inbound.connect(on_inbound, dispatch_uid="helpdesk-inbound")
