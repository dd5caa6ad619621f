"""The bell: an agent's notifications inside the workspace."""

from django.contrib.auth.models import User
from django.db.models import QuerySet

from ..models import AgentAlert

RECENT = 50
BELL_CAP = 100  # the bell counts up to here ("99+"): a cheap count at any size


def unread_alerts(user: User) -> int:
    """How many are waiting, up to ``BELL_CAP`` (one indexed query)."""
    return AgentAlert.objects.filter(user=user, read_at=None)[:BELL_CAP].count()


def recent_alerts(user: User) -> "QuerySet[AgentAlert]":
    """The newest first, with what the list shows of each."""
    return AgentAlert.objects.filter(user=user).select_related(
        "event", "event__actor", "ticket", "ticket__customer"
    )[:RECENT]
