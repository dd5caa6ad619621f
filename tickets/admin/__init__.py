"""Django admin: tickets for agents, and the service levels for admins."""

from . import sla, tickets

__all__ = ["sla", "tickets"]
