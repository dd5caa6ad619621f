"""Shared fixtures. In CI the real services are required: an unreachable
PostgreSQL or Redis stops the run with an error instead of skipping tests."""

import os
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings as django_settings
from django.contrib.auth.models import Group
from django.test import Client

from helpdesk.core.celery import app as celery_app
from tickets.models import Ticket
from tickets.permissions import AGENTS_GROUP
from tickets.services.lifecycle import ticket_open

from .factories import UserFactory

pytest_plugins = ["tests.history"]


def _service_problems() -> list[str]:
    problems = []
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        problems.append(
            f"DATABASE_URL must point at PostgreSQL in CI (engine: {engine})"
        )
    else:
        import psycopg2

        db = django_settings.DATABASES["default"]
        try:
            psycopg2.connect(
                dbname="postgres",
                user=db["USER"],
                password=db["PASSWORD"],
                host=db["HOST"],
                port=db["PORT"] or 5432,
                connect_timeout=3,
            ).close()
        except psycopg2.Error as error:
            problems.append(f"PostgreSQL unreachable: {error}")
    if not django_settings.REDIS_URL:
        problems.append("REDIS_URL must be set in CI")
    else:
        import redis

        try:
            redis.Redis.from_url(
                django_settings.REDIS_URL, socket_connect_timeout=3
            ).ping()
        except redis.RedisError as error:
            problems.append(f"Redis unreachable: {error}")
    return problems


def pytest_sessionstart(session: pytest.Session) -> None:
    if os.environ.get("CI"):
        problems = _service_problems()
        if problems:
            pytest.exit(
                "CI needs its real services: " + "; ".join(problems), returncode=3
            )


@pytest.fixture(autouse=True)
def _celery_eager() -> Iterator[None]:
    """Tasks run in-process unless a test starts a real worker."""
    celery_app.conf.task_always_eager = True
    yield
    celery_app.conf.task_always_eager = False


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _fresh_cache() -> Iterator[None]:
    from django.core.cache import cache, caches

    from kb.selectors import articles_changed
    from notifications.wording import wordings_changed
    from tickets import sla
    from tickets.policies import policies_changed
    from tickets.selectors import routing
    from tickets.services.automation import rules_forget

    cache.clear()
    caches["fragments"].clear()
    caches["histories"].clear()
    # The per-process memos, like the cache: a version seen in an earlier
    # test is gone from the cleared cache, and would be found changed later.
    sla.config_changed()
    routing.routing_changed()
    articles_changed()
    rules_forget()
    wordings_changed()
    policies_changed()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language() -> Iterator[None]:
    """Each test starts in the default language: a German request in one
    test leaves its language active in the thread for the next."""
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        yield


@pytest.fixture
def clock() -> Iterator[Any]:
    """Pin the clock to Friday 27 March 2026, 16:00 in London (office
    hours of the default calendar); ``clock.move_to(datetime)`` moves it."""
    start = datetime(2026, 3, 27, 16, 0, tzinfo=ZoneInfo("Europe/London"))
    with time_machine.travel(start, tick=False) as traveller:
        yield traveller


@pytest.fixture
def agent(db: None) -> Any:
    user = UserFactory(first_name="Sam", last_name="Agent")
    group, _ = Group.objects.get_or_create(name=AGENTS_GROUP)
    user.groups.add(group)
    return user


@pytest.fixture
def staff_agent(db: None) -> Any:
    return UserFactory(is_staff=True, is_superuser=True, first_name="Alex")


@pytest.fixture
def open_ticket(db: None) -> Callable[..., Ticket]:
    """Open a ticket the way the web form does, through the service."""

    def make(**overrides: Any) -> Ticket:
        fields = {
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "subject": "Invoice shows the wrong VAT number",
            "message": "My March invoice has our old VAT number. Can you fix it?",
        }
        return ticket_open(**(fields | overrides))

    return make


TICKET_FORM = {
    "name": "Grace Hopper",
    "email": "grace@example.com",
    "subject": "Cannot log in since this morning",
    "message": "I get 'invalid session' on every login.\nWhat should I do?",
    "website": "",
}


@pytest.fixture
def ticket_form() -> dict[str, str]:
    return dict(TICKET_FORM)


@pytest.fixture
def submit(client: Client, ticket_form: dict[str, str]) -> Callable[..., Any]:
    def post(**overrides: Any) -> Any:
        return client.post(
            "/tickets/new/", ticket_form | overrides, REMOTE_ADDR="192.0.2.1"
        )

    return post


@pytest.fixture
def agent_client(client: Client, agent: Any) -> Client:
    client.force_login(agent)
    return client


@pytest.fixture
def postgresql(db: None) -> None:
    """What only PostgreSQL does (the stored search vector, ranking). In CI
    the database is PostgreSQL or the run stops (pytest_sessionstart), so
    this skips only on a developer's SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only (DATABASE_URL=postgres://...)")
