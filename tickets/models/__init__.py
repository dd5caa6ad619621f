from .access import ApiToken, EndedSession, token_digest
from .agents import PLACEHOLDERS, AgentAlert, AgentProfile, CannedResponse, display_name
from .contact import CONTACT_CACHE_KEY, ContactText
from .conversation import (
    AGENT_MESSAGE_KINDS,
    RASTER_IMAGES,
    Attachment,
    Message,
    TicketEvent,
    attachment_path,
)
from .core import (
    STATUS_EXPLAINED,
    TRANSITIONS,
    Customer,
    Priority,
    Queue,
    Status,
    Ticket,
    format_reference,
    new_access_key,
    parse_reference,
)
from .incidents import BANNER_CACHE_KEY, Incident, IncidentUpdate, Rating
from .intake import InboundMail
from .mailboxes import Mailbox, MailboxMessage
from .organising import TAG_LENGTH, Tag, TicketLink
from .reports import Channel, ReportDay, TicketFacts
from .sla import (
    BusinessCalendar,
    Holiday,
    Organisation,
    Promise,
    SLAPolicy,
    SLATarget,
    Weekday,
    WorkingHours,
)

__all__ = [
    "AGENT_MESSAGE_KINDS",
    "BANNER_CACHE_KEY",
    "CONTACT_CACHE_KEY",
    "PLACEHOLDERS",
    "RASTER_IMAGES",
    "STATUS_EXPLAINED",
    "TAG_LENGTH",
    "TRANSITIONS",
    "AgentAlert",
    "AgentProfile",
    "ApiToken",
    "Attachment",
    "BusinessCalendar",
    "CannedResponse",
    "Channel",
    "ContactText",
    "Customer",
    "EndedSession",
    "Holiday",
    "InboundMail",
    "Incident",
    "IncidentUpdate",
    "Mailbox",
    "MailboxMessage",
    "Message",
    "Organisation",
    "Priority",
    "Promise",
    "Queue",
    "Rating",
    "ReportDay",
    "SLAPolicy",
    "SLATarget",
    "Status",
    "Tag",
    "Ticket",
    "TicketEvent",
    "TicketFacts",
    "TicketLink",
    "Weekday",
    "WorkingHours",
    "attachment_path",
    "display_name",
    "format_reference",
    "new_access_key",
    "parse_reference",
    "token_digest",
]
