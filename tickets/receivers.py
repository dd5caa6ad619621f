"""anymail's inbound webhook arrives as a signal (its documented interface);
the receiver only hands the message to the intake service."""

import logging
from typing import Any

from anymail.signals import inbound

from . import services

logger = logging.getLogger(__name__)


def on_inbound(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    """Store it and answer at once; it is read in a task (a slow webhook is
    retried by the ESP, and a retry must not make a second ticket)."""
    row, new = services.inbound_store(raw=_raw(event.message), source=esp_name)
    logger.info("Inbound email via %s stored as %s (new: %s)", esp_name, row.pk, new)


def _raw(message: Any) -> bytes:
    """The message's bytes, even when it is too broken to serialise cleanly."""
    try:
        return bytes(message.as_bytes())
    except Exception:
        return str(message).encode("utf-8", errors="replace")


def connect() -> None:
    inbound.connect(on_inbound, dispatch_uid="helpdesk-inbound")
