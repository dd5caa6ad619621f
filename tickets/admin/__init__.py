"""Django admin: tickets for agents, and the service levels, mailboxes and
access for admins."""

from . import (
    access,
    audit,
    automation,
    care,
    customers,
    exports,
    fields,
    mailboxes,
    policies,
    retention,
    sla,
    tags,
    tickets,
)

__all__ = [
    "access",
    "audit",
    "automation",
    "care",
    "customers",
    "exports",
    "fields",
    "mailboxes",
    "policies",
    "retention",
    "sla",
    "tags",
    "tickets",
]
