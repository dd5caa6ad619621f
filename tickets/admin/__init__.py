"""Django admin: tickets for agents, and the service levels for admins."""

from . import care, sla, tickets

__all__ = ["care", "sla", "tickets"]
