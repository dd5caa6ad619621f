"""The cache is advisory: rate limits, presence, the configuration memos'
versions, API throttles. It is often the same Redis as the broker, and
nothing a customer writes may depend on it (DESIGN.md, known traps). This
backend turns a cache that cannot be reached into a cache that is empty:
each operation logs and answers as if the key were missing, so callers
degrade instead of failing.
"""

import logging
import threading
import time
import uuid
from collections.abc import Callable
from functools import partial
from typing import Any, Generic, TypeVar

from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import connection, transaction
from redis.exceptions import RedisError

logger = logging.getLogger("helpdesk.core.cache")
T = TypeVar("T")
LOG_EVERY_SECONDS = 10.0


class ReusedClients(RedisCacheClient):
    """Django's client builds a new ``redis.Redis`` (and its table of some
    170 response callbacks) for every cache operation, six per ticket form
    round trip: one per connection pool does. redis-py clients are safe to
    share between threads, and their pools notice a fork."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(  # type: ignore[attr-defined]
                connection_pool=pool
            )
        return client


class ResilientRedisCache(RedisCache):
    """Django's Redis cache, answering "missing" while Redis is down."""

    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = ReusedClients

    failures = 0  # since the process started: the metric to alert on
    _logged_at = 0.0

    def _unavailable(self, operation: str, error: Exception) -> None:
        cls = type(self)
        cls.failures += 1
        now = time.monotonic()
        if now - cls._logged_at >= LOG_EVERY_SECONDS:
            cls._logged_at = now
            logger.warning(
                "cache_unavailable: %s failed (%s); carrying on without the cache "
                "(%d failures so far in this process)",
                operation,
                error,
                cls.failures,
            )

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except RedisError as error:
            self._unavailable("get", error)
            return default

    def get_many(self, keys: Any, version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except RedisError as error:
            self._unavailable("get_many", error)
            return {}

    def add(
        self,
        key: Any,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except RedisError as error:
            self._unavailable("add", error)
            return False

    def set(
        self,
        key: Any,
        value: Any,
        timeout: Any = DEFAULT_TIMEOUT,
        version: int | None = None,
    ) -> None:
        try:
            super().set(key, value, timeout, version)
        except RedisError as error:
            self._unavailable("set", error)

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except RedisError as error:
            self._unavailable("incr", error)
            raise ValueError(f"Key '{key}' not found (cache unavailable)") from error

    def hit_many(self, keys: list[str], window: int) -> list[int]:
        """Count one hit on each counter (each lives ``window`` seconds from
        its first hit) in one round trip; zeros when Redis cannot be reached."""
        full_keys = [self.make_and_validate_key(key) for key in keys]
        try:
            client = self._cache.get_client(full_keys[0], write=True)
            pipeline = client.pipeline(transaction=False)
            for full_key in full_keys:
                pipeline.incr(full_key)
                pipeline.expire(full_key, window, nx=True)
            answers = pipeline.execute()
        except RedisError as error:
            self._unavailable("hit_many", error)
            return [0] * len(keys)
        return [int(hits) for hits in answers[::2]]

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except RedisError as error:
            self._unavailable("delete", error)
            return False

    def clear(self) -> None:
        """Our keys only (by the key prefix), never the whole database:
        Redis is shared with Celery's broker and, often, other programs
        (Django's own ``clear`` is FLUSHDB)."""
        try:
            client = self._cache.get_client(write=True)
            found = client.scan_iter(match=f"{self.key_prefix}:*", count=1000)
            batch: list[Any] = []
            for key in found:
                batch.append(key)
                if len(batch) == 1000:
                    client.delete(*batch)
                    batch.clear()
            if batch:
                client.delete(*batch)
        except RedisError as error:
            self._unavailable("clear", error)


class VersionedMemo(Generic[T]):
    """Configuration every process reads on every request and admins seldom
    change (service levels, queues and their agents), kept in each process
    and loaded again when its version in the shared cache changes. The
    version is checked at most every ``check_seconds``: a change in admin
    applies within that time everywhere, at once in the process that made
    it. With the cache away there is no version: loaded again, at most
    every ``check_seconds``.

    A change made in a transaction is not kept until that transaction is
    over: what it reads meanwhile may be rolled back (a queue created for a
    ticket whose request then failed), and a memo holding rows that never
    were would break every later request."""

    def __init__(
        self, key: str, load: Callable[[], T], check_seconds: float = 1.0
    ) -> None:
        self.key, self._load, self.check_seconds = key, load, check_seconds
        self._value: tuple[str | None, T] | None = None
        self._checked_at = 0.0
        self._version_seen: str | None = None
        self._version_checked_at = -check_seconds  # not yet
        # Per thread (each has its own connection): a token for the change
        # this thread made in a transaction that is not over yet.
        self._changing = threading.local()

    def version(self) -> str | None:
        """A token that changes with the configuration, kept where every web
        and worker process sees it; None when the cache cannot say."""
        version = cache.get(self.key)
        if version is None:
            cache.add(self.key, uuid.uuid4().hex, timeout=None)
            version = cache.get(self.key)
        return None if version is None else str(version)

    def get(self) -> T:
        if self._changing_here():
            return self._load()  # read, not kept: it may yet be rolled back
        now = time.monotonic()
        value = self._value
        if value is not None and now - self._checked_at < self.check_seconds:
            return value[1]
        self._checked_at = now
        version = self.version()
        if value is None or version is None or value[0] != version:
            value = self._value = (version, self._load())
        return value[1]

    def held_version(self) -> str | None:
        """The configuration's version, checked as ``get`` checks, without
        loading it: what a derived piece of a page may be keyed on. None
        when unknown: the cache away, or this thread changing it now."""
        if self._changing_here():
            return None
        now = time.monotonic()
        if now - self._version_checked_at >= self.check_seconds:
            self._version_seen = self.version()
            self._version_checked_at = now
        return self._version_seen

    def changed(self) -> None:
        """This process loads again at once, the others within a check; a
        change made in a transaction is announced again when it commits
        (another process may have reloaded in between and missed it)."""
        self._value = None
        self._version_checked_at = -self.check_seconds
        self._bump()
        if _in_transaction():
            token = self._changing.token = object()
            transaction.on_commit(partial(self._committed, token))

    def _bump(self) -> None:
        cache.set(self.key, uuid.uuid4().hex, timeout=None)

    def _committed(self, token: object) -> None:
        if getattr(self._changing, "token", None) is token:
            self._changing.token = None
        self._value = None
        self._version_checked_at = -self.check_seconds
        self._bump()

    def _changing_here(self) -> bool:
        """Is this thread in the transaction that changed the configuration?
        Until it commits, its commit hook is pending; a rollback drops it."""
        token = getattr(self._changing, "token", None)
        if token is None:
            return False
        if not _in_transaction():  # over (a test's wrapper is not one)
            self._changing.token = None
            return False
        for pending in connection.run_on_commit:  # (savepoints, hook, robust)
            hook = pending[1]
            if isinstance(hook, partial) and hook.args == (token,):
                return True
        self._changing.token = None  # rolled back
        return False


def _in_transaction() -> bool:
    """In a transaction of the code's own (a test's wrapper is not one: what
    a test does outside its own atomic blocks stands as if committed)."""
    return any(
        not getattr(block, "_from_testcase", False)
        for block in connection.atomic_blocks
    )
