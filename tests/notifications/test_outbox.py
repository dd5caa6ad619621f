"""The outbox keeps its promise when parts fail: a broker down at commit, a
task delivered twice, a worker dead mid-send, an SMTP server saying "later"."""

import threading
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.utils import timezone

from helpdesk.core.celery import app as celery_app
from notifications import delivery, outbox
from notifications.models import Notification
from notifications.tasks import deliver_notification_task
from tests.bench.harness import free_port
from tests.faults.processes import ScriptedSMTP
from tickets.services.incidents import incident_create, incident_update_post


def _reset_broker_pools() -> None:
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def broker_down():
    """Point publishing at a closed port: a real connection, really refused."""
    saved = celery_app.conf.broker_url
    celery_app.conf.task_always_eager = False
    celery_app.conf.broker_url = "redis://127.0.0.1:9/0"
    _reset_broker_pools()
    yield
    celery_app.conf.broker_url = saved
    celery_app.conf.task_always_eager = True
    _reset_broker_pools()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_broker_down_at_commit_the_request_succeeds_and_the_sweep_sends_later(
    broker_down, submit, settings, caplog
):
    response = submit()
    assert response.status_code == 302
    notification = Notification.objects.get()
    assert notification.state == Notification.State.PENDING
    assert mail.outbox == []
    assert "the outbox sweep will deliver it" in caplog.text

    celery_app.conf.task_always_eager = True  # the broker is back
    settings.OUTBOX_PENDING_GRACE_SECONDS = 0
    assert outbox.outbox_sweep() == 1
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_the_sweep_leaves_fresh_rows_to_their_own_task(open_ticket, settings):
    open_ticket()
    settings.OUTBOX_PENDING_GRACE_SECONDS = 60
    assert outbox.outbox_sweep() == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_task_delivered_twice_sends_one_email(open_ticket):
    open_ticket()
    notification = Notification.objects.get()
    deliver_notification_task.delay(notification.pk)
    deliver_notification_task.delay(notification.pk)
    assert len(mail.outbox) == 1
    notification.refresh_from_db()
    assert notification.attempts == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_racing_for_one_row_send_one_email(open_ticket):
    open_ticket()
    # The on-commit task already sent it; make it due again for the race.
    Notification.objects.update(state=Notification.State.PENDING)
    mail.outbox.clear()
    notification_id = Notification.objects.get().pk
    barrier = threading.Barrier(2)
    outcomes = []

    def work() -> None:
        barrier.wait()
        try:
            outcomes.append(
                delivery.notification_deliver(notification_id=notification_id)
            )
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.state for o in outcomes) == ["sent", "skipped"]
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_worker_dead_mid_send_is_recovered_by_the_sweep(open_ticket, settings):
    open_ticket()
    Notification.objects.update(
        state=Notification.State.SENDING,
        claimed_at=timezone.now()
        - timedelta(seconds=settings.OUTBOX_STUCK_AFTER_SECONDS + 1),
        next_attempt_at=timezone.now() - timedelta(hours=1),
    )
    settings.OUTBOX_PENDING_GRACE_SECONDS = 0
    outbox.outbox_sweep()
    assert Notification.objects.get().state == Notification.State.SENT
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_a_row_still_sending_recently_is_not_sent_again(open_ticket, settings):
    open_ticket()
    Notification.objects.update(
        state=Notification.State.SENDING, claimed_at=timezone.now()
    )
    settings.OUTBOX_PENDING_GRACE_SECONDS = 0
    outbox.outbox_sweep()
    assert mail.outbox == []


@pytest.fixture
def smtp_server(settings):
    def start(replies: list[str]) -> ScriptedSMTP:
        handler = ScriptedSMTP(replies)
        port = free_port()
        controller = Controller(handler, hostname="127.0.0.1", port=port)
        controller.start()
        servers.append(controller)
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = False
        return handler

    servers: list[Controller] = []
    yield start
    for controller in servers:
        controller.stop()


@pytest.mark.django_db
def test_smtp_temporary_error_is_retried_then_sent_with_the_same_message_id(
    smtp_server, submit, django_capture_on_commit_callbacks
):
    server = smtp_server(["451 4.3.0 Try again later", "451 4.3.0 Still busy"])
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    notification = Notification.objects.get()
    assert notification.state == Notification.State.SENT
    assert notification.attempts == 3
    (received,) = server.received
    assert f"Message-ID: {notification.message_id}".encode() in received


@pytest.mark.django_db
def test_a_temporary_error_sets_the_next_attempt_with_backoff(smtp_server, open_ticket):
    smtp_server(["451 4.3.0 Try again later"])
    open_ticket()
    notification = Notification.objects.get()
    with pytest.raises(delivery.RetryLater) as later:
        delivery.notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.PENDING
    assert "451" in notification.last_error
    assert 2.5 <= later.value.countdown <= 5
    assert notification.next_attempt_at > timezone.now()


@pytest.mark.django_db
def test_smtp_permanent_error_is_marked_and_shown_to_agents(
    smtp_server, submit, django_capture_on_commit_callbacks, admin_client
):
    server = smtp_server(["550 5.1.1 No such user here"])
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    notification = Notification.objects.get()
    assert notification.state == Notification.State.FAILED
    assert notification.attempts == 1
    assert server.received == []
    listing = admin_client.get("/admin/notifications/notification/?state=failed")
    assert "550 5.1.1 No such user here" in listing.content.decode()
    ticket_page = admin_client.get(
        f"/admin/tickets/ticket/{notification.ticket_id}/change/"
    ).content.decode()
    assert "No such user here" in ticket_page


@pytest.mark.django_db
def test_an_agent_can_send_a_failed_email_again(
    smtp_server, submit, django_capture_on_commit_callbacks, admin_client
):
    server = smtp_server(["550 5.1.1 No such user here"])
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    notification = Notification.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/notifications/notification/",
            {"action": "retry_now", "_selected_action": [notification.pk]},
        )
    notification.refresh_from_db()
    assert notification.state == Notification.State.SENT
    assert len(server.received) == 1


@pytest.mark.django_db
def test_retries_stop_after_the_configured_attempts(smtp_server, open_ticket, settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    smtp_server(["451 busy", "451 busy", "451 busy"])
    open_ticket()
    with pytest.raises(delivery.RetryLater):
        delivery.notification_deliver(notification_id=Notification.objects.get().pk)
    outcome = delivery.notification_deliver(
        notification_id=Notification.objects.get().pk
    )
    assert outcome.state == Notification.State.FAILED


@pytest.mark.django_db
def test_notify_writes_one_row_per_address_whatever_its_case(open_ticket):
    ticket = open_ticket(acknowledge=False)
    event = ticket.events.get()
    rows = outbox.notify(
        event=event,
        recipients=[
            outbox.Recipient(Notification.Kind.REPLY, "bo@example.com", "Bo"),
            outbox.Recipient(Notification.Kind.REPLY, "BO@example.com", "Bo again"),
            outbox.Recipient(Notification.Kind.REPLY, "cy@example.com", "Cy"),
        ],
    )
    assert sorted(row.recipient_email for row in rows) == [
        "bo@example.com",
        "cy@example.com",
    ]
    assert Notification.objects.filter(event=event).count() == 2


@pytest.mark.django_db
def test_a_bounce_reported_by_the_provider_marks_the_email(open_ticket):
    open_ticket()
    Notification.objects.update(
        state=Notification.State.SENT, provider_message_id="esp-1"
    )
    changed = outbox.notification_mark_undelivered(
        provider_message_id="esp-1", kind="Bounced", description="mailbox full"
    )
    assert changed == 1
    notification = Notification.objects.get()
    assert notification.state == Notification.State.FAILED
    assert notification.last_error == "Bounced: mailbox full"


@pytest.mark.django_db
def test_send_again_leaves_sent_emails_alone(open_ticket):
    open_ticket()
    Notification.objects.update(state=Notification.State.SENT)
    assert outbox.notification_retry(ids=[Notification.objects.get().pk]) == 0
    assert Notification.objects.get().state == Notification.State.SENT


@pytest.mark.django_db
def test_rows_committed_together_share_a_doorbell_and_each_is_sent_once(
    smtp_server, open_ticket, agent, django_capture_on_commit_callbacks, monkeypatch
):
    """An incident update's rows ring in batches; a batch delivered twice
    sends nothing twice, and a row the server defers retries alone."""

    from tickets.models import Incident

    server = smtp_server([])
    tickets = [open_ticket(email=f"b{i}@example.com") for i in range(5)]
    server.received.clear()
    rung: list[list[int]] = []
    real = outbox.enqueue

    def spy(name, *args, **kwargs):
        if name == outbox.DELIVER_MANY_TASK:
            rung.append(list(args[0]))
        return real(name, *args, **kwargs)

    monkeypatch.setattr(outbox, "enqueue", spy)
    monkeypatch.setattr(outbox, "DOORBELL_BATCH", 2)
    server.replies = ["250 OK", "451 4.3.0 Try again later"]
    incident = incident_create(title="Outage", summary="", actor=agent, tickets=tickets)
    with django_capture_on_commit_callbacks(execute=True):
        incident_update_post(
            incident=incident,
            body="News.",
            status=Incident.Status.IDENTIFIED,
            actor=agent,
        )
    assert [len(batch) for batch in rung] == [2, 2, 1]
    rows = Notification.objects.filter(kind=Notification.Kind.INCIDENT_UPDATE)
    assert set(rows.values_list("state", flat=True)) == {Notification.State.SENT}
    assert sorted(rows.values_list("attempts", flat=True)) == [1, 1, 1, 1, 2]
    for batch in rung:  # every doorbell rung again: nothing more is sent
        real(outbox.DELIVER_MANY_TASK, batch, fallback="")
    accepted = server.accepted()
    assert len(accepted) == 5
    assert len(set(accepted)) == 5
