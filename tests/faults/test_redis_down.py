"""Redis (cache and broker) stopped while customers write: every ticket is
confirmed at once and acknowledged exactly once when Redis is back."""

import re

import pytest
from django.conf import settings
from django.core import mail
from rest_framework.test import APIClient

from helpdesk.core.celery import app as celery_app
from notifications import outbox
from notifications.models import Notification
from tickets.models import EndedSession, Message, Ticket

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_with_redis_down_nothing_is_lost_and_nothing_doubled(
    own_redis, client, agent_client, ticket_form, settings
):
    own_redis.stop()
    confirmed = []
    for n in range(20):
        form = ticket_form | {"email": f"c{n}@example.com", "subject": f"Down {n}"}
        response = client.post("/tickets/new/", form, REMOTE_ADDR="192.0.2.1")
        assert response.status_code == 302, response.content.decode()[:500]
        page = client.get(response["Location"]).content.decode()
        confirmed += re.findall(r"HD-\d+", page)[:1]
    api = APIClient().post(
        "/api/v1/tickets/",
        {
            "name": "Api",
            "email": "api@example.com",
            "subject": "Via the API",
            "message": "Still works?",
        },
        format="json",
    )
    assert api.status_code == 201
    ticket = Ticket.objects.get(subject="Down 0")
    reply = client.post(f"/t/{ticket.access_key}/reply/", {"message": "More"})
    assert reply.status_code == 302
    assert client.get(f"/t/{ticket.access_key}/").status_code == 200
    assert agent_client.get(f"/agent/tickets/{ticket.pk}/").status_code == 200
    assert agent_client.get("/agent/").status_code == 200
    assert len(set(confirmed)) == 20
    assert Message.objects.filter(body="More").count() == 1
    assert mail.outbox == []

    own_redis.start()
    celery_app.conf.task_always_eager = True  # the worker is back too
    settings.OUTBOX_PENDING_GRACE_SECONDS = 0
    outbox.outbox_sweep()
    outbox.outbox_sweep()  # a second sweep finds nothing left to send
    acknowledgements = [m for m in mail.outbox if "We received" in m.subject]
    recipients = [m.to[0] for m in acknowledgements]
    print(
        "\nRedis stopped during 21 submissions:",
        {
            "submitted": 21,
            "confirmed": len(set(confirmed)) + (api.status_code == 201),
            "acknowledged": len(set(recipients)),
            "duplicated": len(recipients) - len(set(recipients)),
        },
    )
    assert len(acknowledgements) == 21
    assert len({m.to[0] for m in acknowledgements}) == 21
    assert not Notification.objects.exclude(state=Notification.State.SENT).exists()


def test_a_sign_out_during_a_redis_stall_sticks_when_redis_is_back(
    own_redis, client, agent
):
    """Before: the cache's copy of the session outlived the sign-out, and the
    old cookie opened the workspace again once Redis answered."""
    client.force_login(agent)
    assert client.get("/agent/").status_code == 200  # the session is cached
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    own_redis.pause()
    client.post("/agent/logout/")
    own_redis.resume()
    client.cookies[settings.SESSION_COOKIE_NAME] = cookie  # the old cookie
    response = client.get("/agent/")
    assert response.status_code == 302
    assert response["Location"].startswith("/agent/login/")
    # The next sign-out with Redis up leaves no tombstone behind.
    client.force_login(agent)
    client.post("/agent/logout/")
    assert not EndedSession.objects.exclude(session_key=cookie).exists()
