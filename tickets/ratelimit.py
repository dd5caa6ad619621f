"""Fixed-window counters in the cache (Redis in production), and who the
client is. The cache is advisory: when it cannot be reached a counter
starts from nothing, so a limit fails open and the customer is served."""

import hashlib

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from rest_framework.request import Request

from helpdesk.core.cache import ResilientRedisCache

from .policies import desk_policy


def _hits(scope_keys: list[tuple[str, str]], window: int) -> list[int]:
    """Count one hit on each (scope, key) counter of a fixed ``window``."""
    cache_keys = [
        f"ratelimit:{scope}:{hashlib.sha256(key.encode()).hexdigest()[:32]}"
        for scope, key in scope_keys
    ]
    cache = caches["default"]
    if isinstance(cache, ResilientRedisCache):
        return cache.hit_many(cache_keys, window)  # one round trip
    counts: list[int] = []
    for cache_key in cache_keys:
        cache.add(cache_key, 0, timeout=window)
        try:
            counts.append(cache.incr(cache_key))
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=window)
            counts.append(1)
    return counts


def allow(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one hit and say whether it is within ``limit`` per ``window`` s."""
    return _hits([(scope, key)], window)[0] <= limit


def acknowledgement_allowed(address: str) -> bool:
    """At most HELPDESK_ACK_LIMIT_PER_HOUR acknowledgements to one address
    an hour (a loop, or a flood in someone's name, stops there)."""
    return allow(
        scope="ack",
        key=address,
        limit=settings.HELPDESK_ACK_LIMIT_PER_HOUR,
        window=3600,
    )


def new_ticket_allowed(*, ip: str, email: str) -> bool:
    """The form's and the API's limit on new tickets, per address and client.
    Both counters move on every try, so neither can be probed for free."""
    by_ip, by_email = _hits(
        [("ticket-ip", ip), ("ticket-email", email.lower())],
        settings.HELPDESK_RATE_LIMIT_WINDOW_SECONDS,
    )
    ip_limit: int = settings.HELPDESK_RATE_LIMIT_PER_IP
    email_limit: int = settings.HELPDESK_RATE_LIMIT_PER_EMAIL
    return by_ip <= ip_limit and by_email <= email_limit


def client_ip(request: HttpRequest | Request) -> str:
    """The client's address. Behind HELPDESK_TRUSTED_PROXIES reverse proxies,
    django-xff has already put into REMOTE_ADDR the address the outermost
    of them saw, so a forged X-Forwarded-For never chooses the bucket."""
    return str(request.META.get("REMOTE_ADDR", ""))


REPLIES_PAUSED = _(
    "Many messages arrived on this ticket in a short time, so we paused new ones "
    "for a few minutes. Nothing sent before is lost, and your text is kept: "
    "please send it again shortly."
)


def customer_reply_allowed(*, ticket_id: int) -> bool:
    """A customer's messages on one ticket, per window (a stuck script or a
    flood must not bury the agents' view of the conversation)."""
    return allow(
        scope="reply",
        key=str(ticket_id),
        limit=desk_policy("reply_limit_per_ticket"),
        window=desk_policy("reply_limit_window_seconds"),
    )
