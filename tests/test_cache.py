"""helpdesk.core.cache.VersionedMemo: configuration kept in each process, read
again when any process changes it, and from the database while the cache
is away."""

import pytest
from django.db import transaction

from helpdesk.core.cache import VersionedMemo


class Loads:
    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        return self.count


def test_loaded_once_while_nothing_changes():
    load = Loads()
    memo = VersionedMemo("test:memo", load, check_seconds=0)
    assert [memo.get(), memo.get(), memo.get()] == [1, 1, 1]


def test_a_change_made_in_another_process_is_seen_at_the_next_check():
    load = Loads()
    here = VersionedMemo("test:memo", load, check_seconds=0)
    elsewhere = VersionedMemo("test:memo", Loads(), check_seconds=0)
    assert here.get() == 1
    elsewhere.changed()  # an admin saved something in another process
    assert here.get() == 2


def test_between_checks_the_process_keeps_what_it_has():
    load = Loads()
    here = VersionedMemo("test:memo", load, check_seconds=3600)
    assert here.get() == 1
    VersionedMemo("test:memo", Loads()).changed()
    assert here.get() == 1
    here.changed()  # the process that made the change reads it at once
    assert here.get() == 2


@pytest.fixture
def cache_away(settings):
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "helpdesk.core.cache.ResilientRedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        },
    }


def test_with_the_cache_away_it_is_read_again_at_every_check(cache_away):
    load = Loads()
    memo = VersionedMemo("test:memo", load, check_seconds=0)
    assert [memo.get(), memo.get()] == [1, 2]


@pytest.mark.django_db
def test_a_change_in_a_transaction_is_announced_again_when_it_commits(
    django_capture_on_commit_callbacks,
):
    # Another process that reloads before the commit reads the old rows
    # under the new version: the commit gives it a newer one.
    elsewhere_loads = Loads()
    here = VersionedMemo("test:memo", Loads(), check_seconds=0)
    elsewhere = VersionedMemo("test:memo", elsewhere_loads, check_seconds=0)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        here.changed()
        assert elsewhere.get() == 1  # before the commit
    assert elsewhere.get() == 2


def test_clearing_the_cache_removes_our_keys_only(settings):
    """Redis is shared (Celery's broker, other programs): the tests clear
    the cache before each test, and must never flush the database."""
    import os

    import redis
    from django.core.cache import cache

    if not settings.REDIS_URL:
        if os.environ.get("CI"):
            pytest.fail("REDIS_URL must be set in CI")
        pytest.skip("the cache is Redis only with REDIS_URL")
    shared = redis.Redis.from_url(settings.REDIS_URL)
    shared.set("another-program:key", "theirs", ex=60)
    try:
        cache.set("ours", "kept until cleared")
        cache.clear()
        assert cache.get("ours") is None
        assert shared.get("another-program:key") == b"theirs"
    finally:
        shared.delete("another-program:key")
