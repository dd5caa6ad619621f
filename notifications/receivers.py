"""anymail's webhooks arrive as signals (its documented interface); the
receivers only hand them to the services."""

import logging
from typing import Any

from anymail.signals import EventType, inbound, tracking

from . import inbound as inbound_mail

logger = logging.getLogger(__name__)
PROBLEMS = {
    EventType.BOUNCED: "Bounced",
    EventType.REJECTED: "Rejected by the provider",
    EventType.COMPLAINED: "Marked as spam by the customer",
}


def on_inbound(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    outcome = inbound_mail.inbound_receive(raw=event.message.as_bytes())
    logger.info("Inbound email via %s: %s %s", esp_name, outcome.action, outcome.reason)


def on_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    kind = PROBLEMS.get(event.event_type)
    if kind and event.message_id:
        description = (
            event.description or event.mta_response or event.reject_reason or ""
        )
        inbound_mail.delivery_problem(
            provider_message_id=event.message_id,
            kind=kind,
            description=str(description),
        )


def connect() -> None:
    inbound.connect(on_inbound, dispatch_uid="helpdesk-inbound")
    tracking.connect(on_tracking, dispatch_uid="helpdesk-tracking")
