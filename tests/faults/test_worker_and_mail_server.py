"""Real worker processes and a real SMTP server of the test's own: a worker
SIGKILLed mid-send, a mail server saying "later" for a while, one saying
"never". Each prints submitted / confirmed / acknowledged / duplicated."""

import os
import time
from collections import Counter
from functools import partial
from urllib.parse import urlsplit

import pytest
from aiosmtpd.controller import Controller
from django.conf import settings as django_settings

from helpdesk.core.celery import app as celery_app
from notifications import outbox
from notifications.models import Notification
from tests.bench.harness import free_port

from .processes import CuttableProxy, OwnWorker, ScriptedSMTP, worker_database_url

pytestmark = [
    pytest.mark.worker,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def smtp():
    handlers = []

    def start(**options) -> tuple[ScriptedSMTP, int]:
        handler = ScriptedSMTP(**options)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        handlers.append(controller)
        return handler, port

    yield start
    for controller in handlers:
        controller.stop()


@pytest.fixture
def worker_for(own_redis, tmp_path):
    workers = []

    def make(smtp_port: int, **overrides: str) -> OwnWorker:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in {"EMAIL_BACKEND", "CELERY_TASK_ALWAYS_EAGER"}
        }
        env |= {
            "DATABASE_URL": worker_database_url(),
            "REDIS_URL": own_redis.url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "VAR_DIR": str(django_settings.VAR_DIR),
            "OUTBOX_RETRY_BASE_SECONDS": "0.3",
            "OUTBOX_RETRY_MAX_SECONDS": "1",
        } | overrides
        worker = OwnWorker(env, tmp_path / "worker.log", django_settings.BASE_DIR)
        workers.append(worker)
        return worker

    yield make
    for worker in workers:
        worker.stop()


def _submit(client, ticket_form, count: int) -> int:
    confirmed = 0
    for n in range(count):
        form = ticket_form | {"email": f"f{n}@example.com", "subject": f"Fault {n}"}
        response = client.post("/tickets/new/", form, REMOTE_ADDR=f"192.0.2.{n}")
        confirmed += response.status_code == 302
    return confirmed


def _wait(condition, seconds: float, sweep: bool = False) -> None:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        if sweep:
            outbox.outbox_sweep()
        time.sleep(0.3)


def _report(
    name: str, submitted: int, confirmed: int, server: ScriptedSMTP
) -> dict[str, int]:
    counts = Counter(server.accepted())
    figures = {
        "submitted": submitted,
        "confirmed": confirmed,
        "acknowledged": len(counts),
        "duplicated": sum(n - 1 for n in counts.values()),
    }
    print(f"\n{name}: {figures}")
    return figures


def test_a_worker_killed_mid_send_loses_nothing(
    client, ticket_form, smtp, worker_for, settings
):
    server, port = smtp(delay=0.05)
    confirmed = _submit(client, ticket_form, 40)
    worker = worker_for(port)
    worker.start()
    _wait(lambda: len(server.accepted()) >= 8, 60)
    worker.kill()  # SIGKILL, worker and pool, while sends are in flight
    assert len(set(server.accepted())) < 40
    worker.start()
    settings.OUTBOX_STUCK_AFTER_SECONDS = 1  # the dead worker's rows come back
    settings.OUTBOX_PENDING_GRACE_SECONDS = 0
    time.sleep(1.5)
    unsent = Notification.objects.exclude(state=Notification.State.SENT)
    # Every email reaches the server, and every row ends sent: a row the dead
    # worker had sent without recording it is sent again by the sweep, and
    # that can come after the 40th distinct email was seen.
    _wait(
        lambda: len(set(server.accepted())) >= 40 and not unsent.exists(),
        90,
        sweep=True,
    )
    figures = _report("worker SIGKILLed mid-send", 40, confirmed, server)
    assert figures["confirmed"] == 40
    assert figures["acknowledged"] == 40  # 0 lost; a repeat is allowed here
    assert not unsent.exists()


def test_a_mail_server_saying_later_for_a_while_delays_but_never_doubles(
    client, ticket_form, smtp, worker_for
):
    server, port = smtp()
    server.refuse_until = time.monotonic() + 4
    confirmed = _submit(client, ticket_form, 20)
    worker_for(port).start()
    _wait(lambda: len(server.accepted()) >= 20, 90)
    figures = _report("SMTP 451 for 4 s, then 250", 20, confirmed, server)
    assert figures == {
        "submitted": 20,
        "confirmed": 20,
        "acknowledged": 20,
        "duplicated": 0,
    }
    assert Notification.objects.filter(attempts__gt=1).exists()  # it did retry


def test_a_mail_server_saying_never_fails_each_email_visibly_once(
    client, ticket_form, smtp, worker_for
):
    server, port = smtp(replies=["550 5.1.1 No such user here"] * 5)
    confirmed = _submit(client, ticket_form, 5)
    worker_for(port).start()
    failed = Notification.objects.filter(state=Notification.State.FAILED)
    _wait(lambda: failed.count() >= 5, 60)
    figures = _report("SMTP 550", 5, confirmed, server)
    assert figures["confirmed"] == 5
    assert figures["acknowledged"] == 0
    assert failed.count() == 5
    assert set(failed.values_list("attempts", flat=True)) == {1}
    assert all("550 5.1.1" in n.last_error for n in failed)


def test_a_relay_slower_than_the_stuck_window_sends_each_email_once(
    client, ticket_form, smtp, worker_for, settings
):
    """Before: each answer within EMAIL_TIMEOUT, the whole dialogue past
    OUTBOX_STUCK_AFTER_SECONDS, and the sweep sent it again while the first
    send was still going out (3 of 3 doubled)."""
    server, port = smtp(rcpt_delay=2.5, delay=2.5)  # 5 s a dialogue
    window = {"OUTBOX_STUCK_AFTER_SECONDS": "3", "EMAIL_TIMEOUT": "5"}
    settings.OUTBOX_STUCK_AFTER_SECONDS = 3
    settings.OUTBOX_PENDING_GRACE_SECONDS = 0
    confirmed = _submit(client, ticket_form, 3)
    worker_for(port, **window).start(concurrency=3)
    sent = Notification.objects.filter(state=Notification.State.SENT)
    _wait(lambda: sent.count() >= 3, 60, sweep=True)  # sweeping all along
    _wait(lambda: False, 4, sweep=True)  # and on, past another window
    figures = _report("relay answering in 2.5 s", 3, confirmed, server)
    assert figures == {
        "submitted": 3,
        "confirmed": 3,
        "acknowledged": 3,
        "duplicated": 0,
    }


def test_the_database_cut_after_the_250_sends_nothing_twice(
    client, ticket_form, smtp, worker_for, settings
):
    """Before: the row stayed "sending" when PostgreSQL went away between
    the server's 250 and the update, and the sweep sent it again."""
    engine = django_settings.DATABASES["default"]["ENGINE"]
    if "postgresql" not in engine:
        pytest.skip("cuts a PostgreSQL connection (CI runs it on PostgreSQL)")
    db_port = int(django_settings.DATABASES["default"]["PORT"] or 5432)
    proxy = CuttableProxy(db_port)
    proxy.start()
    try:
        server, port = smtp()
        server.before_first_250 = partial(proxy.cut, 6)
        url = urlsplit(worker_database_url())
        through_proxy = url._replace(
            netloc=url.netloc.replace(f":{url.port}", f":{proxy.port}")
        ).geturl()
        settings.OUTBOX_STUCK_AFTER_SECONDS = 10
        settings.OUTBOX_PENDING_GRACE_SECONDS = 0
        confirmed = _submit(client, ticket_form, 3)
        worker_for(
            port, DATABASE_URL=through_proxy, OUTBOX_STUCK_AFTER_SECONDS="10"
        ).start()
        sent = Notification.objects.filter(state=Notification.State.SENT)
        _wait(lambda: sent.count() >= 3, 60, sweep=True)
        _wait(lambda: False, 11, sweep=True)  # past the window: nothing again
        figures = _report("database cut 6 s after a 250", 3, confirmed, server)
    finally:
        proxy.stop()
    assert proxy.cuts == 1
    assert figures == {
        "submitted": 3,
        "confirmed": 3,
        "acknowledged": 3,
        "duplicated": 0,
    }
    assert sent.count() == 3


@pytest.fixture(autouse=True)
def _published_not_eager(own_redis):
    """The web side publishes to the test's Redis; the worker does the rest."""
    celery_app.conf.task_always_eager = False
