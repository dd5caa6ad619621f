"""notifications.delivery: which failures are worth another try, how long to
wait, and how a failure reads to the agent who must act on it."""

import smtplib
from datetime import timedelta

import pytest
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from redis.exceptions import ConnectionError as RedisConnectionError

from notifications import delivery
from notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("error", "transient"),
    [
        (smtplib.SMTPResponseException(451, b"Try again later"), True),
        (smtplib.SMTPResponseException(550, b"No such user"), False),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (452, b"Full")}), True),
        (smtplib.SMTPRecipientsRefused({"a@example.com": (550, b"Gone")}), False),
        (smtplib.SMTPServerDisconnected("gone"), True),
        (ConnectionRefusedError(), True),
        (TimeoutError(), True),
        (AnymailAPIError("rate limited", status_code=429), True),
        (AnymailAPIError("provider down", status_code=503), True),
        (AnymailAPIError("bad request", status_code=400), False),
        (AnymailRecipientsRefused("every recipient refused"), False),
        (RedisConnectionError("Redis is restarting"), True),
        (ValueError("a bug the next deploy fixes"), True),
    ],
)
def test_transient_failures_are_retried_permanent_ones_are_not(error, transient):
    assert delivery.is_transient(error) is transient


def test_backoff_doubles_with_jitter_up_to_a_ceiling(settings):
    settings.OUTBOX_RETRY_BASE_SECONDS = 5
    settings.OUTBOX_RETRY_MAX_SECONDS = 60
    for attempt, ceiling in [(1, 5), (2, 10), (3, 20), (4, 40), (5, 60), (9, 60)]:
        waits = [delivery.retry_delay(attempt) for _ in range(50)]
        assert all(ceiling / 2 <= wait <= ceiling for wait in waits)
        assert len(set(waits)) > 1  # jitter: workers do not retry in step


def test_a_failure_reads_as_the_server_said_it():
    refused = smtplib.SMTPRecipientsRefused({"ada@example.com": (550, b"No mailbox")})
    assert delivery.describe_error(refused) == (
        "ada@example.com refused: SMTP 550 No mailbox"
    )
    assert delivery.describe_error(smtplib.SMTPResponseException(421, b"Busy")) == (
        "SMTP 421 Busy"
    )
    assert delivery.describe_error(TimeoutError("timed out")) == (
        "TimeoutError: timed out"
    )


def test_a_row_already_sent_is_skipped_without_sending(open_ticket, mailoutbox):
    open_ticket()
    notification = Notification.objects.get()
    Notification.objects.update(state=Notification.State.SENT)
    outcome = delivery.notification_deliver(notification_id=notification.pk)
    assert outcome.state == "skipped"
    assert mailoutbox == []


def test_temporary_failures_are_retried_for_the_whole_window(
    open_ticket, settings, monkeypatch
):
    settings.OUTBOX_RETRY_WINDOW_HOURS = 48
    open_ticket()
    notification = Notification.objects.get()

    def refuse(*args, **kwargs):
        raise smtplib.SMTPResponseException(421, b"Service not available")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    # 47 hours of a mail server down: still pending, shown as delayed.
    Notification.objects.update(created_at=timezone.now() - timedelta(hours=47))
    with pytest.raises(delivery.RetryLater):
        delivery.notification_deliver(notification_id=notification.pk)
    notification.refresh_from_db()
    assert notification.state == Notification.State.PENDING
    assert notification.is_delayed
    # Past the window: failed for good, and the agent is told.
    Notification.objects.update(
        created_at=timezone.now() - timedelta(hours=49),
        state=Notification.State.PENDING,
    )
    outcome = delivery.notification_deliver(notification_id=notification.pk)
    assert outcome.state == Notification.State.FAILED
    assert outcome.detail == "SMTP 421 Service not available"


def test_a_fresh_email_is_not_shown_as_delayed(open_ticket):
    open_ticket()
    assert not Notification.objects.get().is_delayed


def test_the_admin_list_marks_delayed_emails(open_ticket, admin_client):
    open_ticket()
    Notification.objects.update(created_at=timezone.now() - timedelta(minutes=30))
    listing = admin_client.get("/admin/notifications/notification/").content.decode()
    assert "column-delayed" in listing
    assert 'alt="True"' in listing  # the delayed row's icon


def test_an_acknowledgement_is_claimed_read_and_recorded_in_three_queries(
    open_ticket, mailoutbox, django_assert_max_num_queries
):
    """The row with its ticket, customer, queue, event and message in one
    read, and whether files came with it; the files only when there are."""
    open_ticket()
    with_files = open_ticket(
        email="bo@example.com",
        attachments=[SimpleUploadedFile("screen.png", b"png")],
    )
    plain, attached = Notification.objects.order_by("pk")
    delivery.notification_deliver(notification_id=plain.pk)  # warm: templates
    mailoutbox.clear()
    open_ticket(email="cy@example.com")
    latest = Notification.objects.order_by("pk").last()
    with django_assert_max_num_queries(3):
        assert delivery.notification_deliver(notification_id=latest.pk).state == "sent"
    with django_assert_max_num_queries(4):
        delivery.notification_deliver(notification_id=attached.pk)
    assert attached.ticket == with_files
    assert "screen.png" in mailoutbox[-1].body
    assert "screen.png" not in mailoutbox[0].body
