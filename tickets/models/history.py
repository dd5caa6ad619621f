"""Every kind's payload class by kind, and readers of any event's facts
(tickets.models.payloads and tickets.models.organised_payloads hold the
classes)."""

from dataclasses import fields
from datetime import datetime
from typing import Any

from .conversation import Message, TicketEvent
from .incidents import IncidentUpdate
from .organised_payloads import (
    CategoryChanged,
    FieldChanged,
    Linked,
    Mentioned,
    MergedIn,
    MergedInto,
    Redacted,
    RuleFired,
    SplitFrom,
    SplitOff,
    TagsChanged,
    TimeSpent,
    Unlinked,
)
from .payloads import (
    Assigned,
    CcAdded,
    Created,
    CustomerReplied,
    FollowupSent,
    IncidentLinked,
    IncidentUpdateSent,
    NoteAdded,
    Payload,
    PriorityChanged,
    PromiseDue,
    PromiseKept,
    PromiseMade,
    PromiseMoved,
    QueueChanged,
    Rated,
    Replied,
    Returned,
    SilenceAlert,
    SlaBreached,
    SlaWarning,
    StatusChanged,
    StillWorking,
)
from .sla import Promise

PAYLOADS: dict[str, type[Payload]] = {
    kind.kind: kind
    for kind in (
        Created,
        Replied,
        NoteAdded,
        CustomerReplied,
        StatusChanged,
        Assigned,
        Returned,
        PriorityChanged,
        QueueChanged,
        CcAdded,
        SlaWarning,
        SlaBreached,
        SilenceAlert,
        StillWorking,
        PromiseMade,
        PromiseMoved,
        PromiseKept,
        PromiseDue,
        IncidentLinked,
        IncidentUpdateSent,
        FollowupSent,
        Rated,
        TagsChanged,
        MergedInto,
        MergedIn,
        SplitOff,
        SplitFrom,
        Linked,
        Unlinked,
        FieldChanged,
        CategoryChanged,
        Mentioned,
        TimeSpent,
        RuleFired,
        Redacted,
    )
}


def facts_json(payload: Payload) -> dict[str, Any]:
    """The payload as JSON values, for the API and webhooks: related rows
    by id (a promise with what was promised), moments in ISO 8601."""
    facts: dict[str, Any] = {}
    for item in fields(payload):
        value = getattr(payload, item.name)
        if isinstance(value, datetime):
            value = value.isoformat()
        elif isinstance(value, Promise):
            value = {"id": value.pk, "description": value.description}
        elif isinstance(value, Message | IncidentUpdate):
            value = value.pk
        facts[item.name] = value
    return facts


def payload_of(event: TicketEvent) -> Payload:
    """The typed facts of an event of any kind."""
    return PAYLOADS[event.kind].read(event)
