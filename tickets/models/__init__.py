from .access import ApiToken, EndedSession, token_digest
from .agents import PLACEHOLDERS, AgentAlert, AgentProfile, CannedResponse, display_name
from .automation import Rule, RuleAction, RuleCondition, RuleFiring, TimeRuleFiring
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
from .exports import DataExport
from .fields import (
    VALUE_LENGTH,
    CustomField,
    CustomFieldTranslation,
    TicketCategory,
    TicketCategoryTranslation,
    TicketFieldValue,
)
from .incidents import BANNER_CACHE_KEY, Incident, IncidentUpdate, Rating
from .intake import InboundMail
from .macros import Macro, MacroAction
from .mailboxes import Mailbox, MailboxMessage
from .organising import TAG_LENGTH, Mention, Tag, TicketLink, TimeEntry
from .policies import Policies
from .reports import Channel, ReportDay, TicketFacts
from .retention import RetentionSchedule
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
    "VALUE_LENGTH",
    "AgentAlert",
    "AgentProfile",
    "ApiToken",
    "Attachment",
    "BusinessCalendar",
    "CannedResponse",
    "Channel",
    "ContactText",
    "CustomField",
    "CustomFieldTranslation",
    "Customer",
    "DataExport",
    "EndedSession",
    "Holiday",
    "InboundMail",
    "Incident",
    "IncidentUpdate",
    "Macro",
    "MacroAction",
    "Mailbox",
    "MailboxMessage",
    "Mention",
    "Message",
    "Organisation",
    "Policies",
    "Priority",
    "Promise",
    "Queue",
    "Rating",
    "ReportDay",
    "RetentionSchedule",
    "Rule",
    "RuleAction",
    "RuleCondition",
    "RuleFiring",
    "SLAPolicy",
    "SLATarget",
    "Status",
    "Tag",
    "Ticket",
    "TicketCategory",
    "TicketCategoryTranslation",
    "TicketEvent",
    "TicketFacts",
    "TicketFieldValue",
    "TicketLink",
    "TimeEntry",
    "TimeRuleFiring",
    "Weekday",
    "WorkingHours",
    "attachment_path",
    "display_name",
    "format_reference",
    "new_access_key",
    "parse_reference",
    "token_digest",
]
