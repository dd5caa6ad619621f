"""A dead beat is never silent: emails whose doorbell was lost would wait
for ever and the watchdogs stop. The health endpoint, ``manage.py health``
(compose's check for beat) and the agents' queue say so."""

from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from notifications.health import SWEEP, health_read
from notifications.models import Heartbeat, Notification
from notifications.tasks import sweep_outbox_task

pytestmark = pytest.mark.django_db


def _beat(seconds_ago: float) -> None:
    Heartbeat.objects.update_or_create(
        name=SWEEP,
        defaults={"beat_at": timezone.now() - timedelta(seconds=seconds_ago)},
    )


def test_each_outbox_sweep_is_a_heartbeat(client):
    assert client.get("/health/").status_code == 503  # never ran
    sweep_outbox_task()
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json()["beat"] == {"ok": True, "seconds_since_last_run": 0}


def test_a_stale_beat_is_a_503_and_a_failing_command(client, settings):
    settings.HELPDESK_BEAT_STALE_SECONDS = 120
    _beat(600)
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json()["beat"] == {"ok": False, "seconds_since_last_run": 600}
    with pytest.raises(CommandError, match="beat last ran 600 s ago"):
        call_command("health")
    call_command("health", "--only", "email")  # the email side is fine
    _beat(5)
    call_command("health")  # healthy: no error


def test_an_email_nobody_picked_up_is_reported(client, open_ticket, settings):
    settings.HELPDESK_EMAIL_WAIT_ALERT_SECONDS = 300
    _beat(1)
    open_ticket()  # its acknowledgement is pending: the doorbell was lost
    row = Notification.objects.get()
    assert row.state == Notification.State.PENDING
    assert client.get("/health/").status_code == 200  # just written
    Notification.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() - timedelta(minutes=12)
    )
    body = client.get("/health/").json()
    assert body["email"]["ok"] is False
    assert 715 <= body["email"]["oldest_waiting_seconds"] <= 725
    # An email waiting for its retry (the mail server said "later") is
    # not overdue.
    Notification.objects.filter(pk=row.pk).update(
        next_attempt_at=timezone.now() + timedelta(minutes=3)
    )
    assert health_read().email_ok


def test_the_agents_queue_says_when_background_work_stopped(agent_client, settings):
    settings.HELPDESK_BEAT_STALE_SECONDS = 120
    page = agent_client.get("/agent/").content.decode()
    assert "Background work has never run here" in page
    _beat(3600)
    page = agent_client.get("/agent/").content.decode()
    assert "Background work last ran 60 minutes ago" in page
    _beat(2)
    page = agent_client.get("/agent/").content.decode()
    assert "Background work" not in page
