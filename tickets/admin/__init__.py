"""Django admin: tickets for agents, and the service levels for admins."""

from . import access, care, sla, tickets

__all__ = ["access", "care", "sla", "tickets"]
