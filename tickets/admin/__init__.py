"""Django admin: tickets for agents, and the service levels, mailboxes and
access for admins."""

from . import access, care, fields, mailboxes, sla, tags, tickets

__all__ = ["access", "care", "fields", "mailboxes", "sla", "tags", "tickets"]
