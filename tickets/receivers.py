"""anymail's inbound webhook arrives as a signal (its documented interface);
the receiver only hands the message to the intake service."""

import logging
from typing import Any

from anymail.signals import inbound

from . import services

logger = logging.getLogger(__name__)


def on_inbound(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    outcome = services.inbound_receive(raw=event.message.as_bytes())
    logger.info("Inbound email via %s: %s %s", esp_name, outcome.action, outcome.reason)


def connect() -> None:
    inbound.connect(on_inbound, dispatch_uid="helpdesk-inbound")
