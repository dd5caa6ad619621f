"""Sessions in the database with the cache in front (Django's ``cached_db``),
where signing out sticks even while the cache cannot be told.

Signing out deletes the session from the database and from the cache. If
the cache is stalled then, its copy outlives the sign-out, and once the
cache answers again the old cookie would open the account. So a sign-out
the cache did not confirm leaves a tombstone in the database
(``EndedSession``, with its user). The user is loaded on every signed-in
request anyway, with whether they have a tombstone (``AgentAwareBackend``):
only then is the session's key looked up, refused if it was ended, and the
cache told again, so that the tombstones go once the cache has heard.
"""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.sessions.backends import cached_db, db
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from .models import EndedSession


class SessionStore(cached_db.SessionStore):
    _ending_user: Any = None

    def flush(self) -> None:
        self._ending_user = self.get(SESSION_KEY)  # gone once cleared
        super().flush()

    def delete(self, session_key: str | None = None) -> None:
        key = session_key or self.session_key
        db.SessionStore.delete(self, session_key)  # the database's copy
        if key and not cache_forgot(self, key):
            EndedSession.objects.get_or_create(
                session_key=key, defaults={"user_id": self._ending_user}
            )

    @classmethod
    def clear_expired(cls) -> None:
        super().clear_expired()
        ended = timezone.now() - timedelta(seconds=settings.SESSION_COOKIE_AGE)
        EndedSession.objects.filter(ended_at__lt=ended).delete()


def cache_forgot(store: cached_db.SessionStore, key: str) -> bool:
    """Whether the cache is rid of its copy: the delete found one, or the
    cache answers that there is none (a stalled cache does neither)."""
    cache_key = store.cache_key_prefix + key
    cache = store._cache  # type: ignore[attr-defined]  # set by cached_db
    return bool(cache.delete(cache_key) or cache.add(cache_key, None, 1))


class StalledSignOuts:
    """After AuthenticationMiddleware: a session ended while the cache was
    away is refused, and the cache is told again."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if (
            isinstance(session, cached_db.SessionStore)
            and SESSION_KEY in session
            and getattr(request.user, "has_ended_sessions", False)
        ):
            ended = EndedSession.objects.filter(user=request.user.pk)
            for key in list(ended.values_list("session_key", flat=True)):
                if key == session.session_key:
                    logout(request)  # the cookie of a session signed out
                if cache_forgot(session, key):
                    ended.filter(session_key=key).delete()
        return self.get_response(request)
