"""anymail's tracking webhook arrives as a signal (its documented interface):
a bounce, rejection or complaint marks our email as undelivered."""

from typing import Any

from anymail.signals import EventType, tracking
from django.db.models.signals import post_delete, post_save

from .models import EmailWording
from .outbox import notification_mark_undelivered
from .wording import wordings_changed

PROBLEMS = {
    EventType.BOUNCED: "Bounced",
    EventType.REJECTED: "Rejected by the provider",
    EventType.COMPLAINED: "Marked as spam by the customer",
}


def on_tracking(sender: Any, event: Any, esp_name: str, **kwargs: Any) -> None:
    kind = PROBLEMS.get(event.event_type)
    if kind and event.message_id:
        description = (
            event.description or event.mta_response or event.reject_reason or ""
        )
        notification_mark_undelivered(
            provider_message_id=event.message_id,
            kind=kind,
            description=str(description),
        )


def _wording_changed(**kwargs: Any) -> None:
    wordings_changed()  # a memo: it announces the change again on commit


def connect() -> None:
    for signal in (post_save, post_delete):
        signal.connect(
            _wording_changed, sender=EmailWording, dispatch_uid=f"wording-{signal}"
        )
    tracking.connect(on_tracking, dispatch_uid="helpdesk-tracking")
