"""Who has a ticket open, and who is typing: short-lived, in the cache.

Each open ticket page reports every few seconds; an entry older than
PRESENCE_TTL seconds is gone. Presence is a courtesy, never a lock.
"""

import time

from django.contrib.auth.models import User
from django.core.cache import cache

from .models import display_name

PRESENCE_TTL = 20


def _key(ticket_id: int) -> str:
    return f"presence:ticket:{ticket_id}"


def presence_report(
    *, ticket_id: int, user: User, typing: bool
) -> list[dict[str, object]]:
    """Record this agent; return the others on the ticket now."""
    now = time.time()
    entries: dict[str, dict[str, object]] = cache.get(_key(ticket_id)) or {}
    entries = {
        uid: entry
        for uid, entry in entries.items()
        if now - float(entry["at"]) < PRESENCE_TTL  # type: ignore[arg-type]
    }
    entries[str(user.pk)] = {
        "name": display_name(user),
        "typing": typing,
        "at": now,
    }
    cache.set(_key(ticket_id), entries, PRESENCE_TTL)
    return [
        {"name": entry["name"], "typing": entry["typing"]}
        for uid, entry in entries.items()
        if uid != str(user.pk)
    ]
