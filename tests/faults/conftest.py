from collections.abc import Iterator
from pathlib import Path

import pytest

from helpdesk.core.celery import app as celery_app

from .processes import OwnRedis


def _reset_broker_pools() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_redis(tmp_path: Path, settings) -> Iterator[OwnRedis]:
    """The cache and the broker on a Redis of the test's own, running."""
    redis = OwnRedis(tmp_path)
    redis.start()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "helpdesk.core.cache.ResilientRedisCache",
            "LOCATION": redis.url,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        },
    }
    saved = celery_app.conf.broker_url
    celery_app.conf.broker_url = redis.url
    celery_app.conf.task_always_eager = False
    _reset_broker_pools()
    yield redis
    redis.stop()
    celery_app.conf.broker_url = saved
    celery_app.conf.task_always_eager = True
    _reset_broker_pools()
