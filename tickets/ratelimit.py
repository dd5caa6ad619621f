"""Fixed-window counters in the cache (Redis in production)."""

import hashlib

from django.conf import settings
from django.core.cache import cache


def allow(*, scope: str, key: str, limit: int, window: int) -> bool:
    """Count one hit and say whether it is within ``limit`` per ``window`` s."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:32]
    cache_key = f"ratelimit:{scope}:{digest}"
    cache.add(cache_key, 0, timeout=window)
    try:
        hits = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=window)
        hits = 1
    return hits <= limit


def new_ticket_allowed(*, ip: str, email: str) -> bool:
    """The form's and the API's limit on new tickets, per address and client.
    Both counters move on every try, so neither can be probed for free."""
    window = settings.HELPDESK_RATE_LIMIT_WINDOW_SECONDS
    ip_ok = allow(
        scope="ticket-ip",
        key=ip,
        limit=settings.HELPDESK_RATE_LIMIT_PER_IP,
        window=window,
    )
    email_ok = allow(
        scope="ticket-email",
        key=email.lower(),
        limit=settings.HELPDESK_RATE_LIMIT_PER_EMAIL,
        window=window,
    )
    return ip_ok and email_ok
