"""Fixed-window counters in the cache (Redis in production)."""

import hashlib

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
