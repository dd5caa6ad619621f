"""A real Celery worker process on the configured broker (Redis in CI, the
file-system transport on a laptop) delivers the acknowledgement."""

import email
import email.policy
import os
import subprocess
import time
from pathlib import Path

import pytest
from django.conf import settings

from helpdesk.core.celery import app as celery_app
from notifications.models import Notification
from tests.bench.harness import worker_command
from tests.faults.processes import worker_database_url
from tickets.models import Ticket


@pytest.fixture
def worker(tmp_path: Path):
    mail_dir = tmp_path / "mail"
    log_path = tmp_path / "worker.log"
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"EMAIL_URL", "EMAIL_BACKEND", "CELERY_TASK_ALWAYS_EAGER"}
    }
    env |= {
        "DATABASE_URL": worker_database_url(),
        "EMAIL_FILE_PATH": str(mail_dir),
        "VAR_DIR": str(settings.VAR_DIR),
        "REDIS_URL": settings.REDIS_URL,
    }
    with log_path.open("w") as log:
        process = subprocess.Popen(
            worker_command(1, "--pool=solo"),
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=settings.BASE_DIR,
        )
    deadline = time.monotonic() + 60
    while "ready." not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            pytest.fail(f"The worker did not start:\n{log_path.read_text()}")
        time.sleep(0.2)
    celery_app.conf.task_always_eager = False
    yield mail_dir
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


def _the_email(mail_dir: Path, deadline: float) -> Path:
    """The one email the worker writes, once it is there."""
    while not list(mail_dir.glob("*.eml")) and time.monotonic() < deadline:
        time.sleep(0.05)
    (eml,) = mail_dir.glob("*.eml")
    return eml


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_real_worker_sends_the_acknowledgement(worker: Path, submit) -> None:
    response = submit()
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    deadline = time.monotonic() + 30
    text = _the_email(worker, deadline).read_text()
    assert f"Subject: [{ticket.reference}] We received your request" in text
    assert "To: Grace Hopper <grace@example.com>" in text
    assert "Auto-Submitted: auto-replied" in text
    # The file is written before the worker records the row as sent: wait
    # for the record too (a loaded machine widened that gap in CI).
    notification = Notification.objects.get()
    while notification.state != Notification.State.SENT and (
        time.monotonic() < deadline
    ):
        time.sleep(0.05)
        notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 1


@pytest.mark.worker
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_writes_in_the_customer_s_language_not_its_own(
    worker: Path, client, ticket_form
) -> None:
    """The worker runs in the server's language (English); a German
    customer's acknowledgement is German all the same."""
    response = client.post(
        "/tickets/new/",
        ticket_form | {"subject": "Drucker druckt nicht"},
        REMOTE_ADDR="192.0.2.1",
        HTTP_ACCEPT_LANGUAGE="de-DE",
    )
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    eml = _the_email(worker, time.monotonic() + 30)
    message = email.message_from_bytes(eml.read_bytes(), policy=email.policy.default)
    assert message["Subject"] == (
        f"[{ticket.reference}] Wir haben Ihre Anfrage erhalten: Drucker druckt nicht"
    )
    assert message["Content-Language"] == "de"
    text = message.get_body(preferencelist=("plain",)).get_content()
    assert "Hallo Grace," in text
    assert "Wie es weitergeht:" in text
