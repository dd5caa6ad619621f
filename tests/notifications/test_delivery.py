"""notifications.delivery: which failures are worth another try, how long to
wait, and how a failure reads to the agent who must act on it."""

import smtplib

import pytest
from anymail.exceptions import AnymailAPIError, AnymailRecipientsRefused

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
        (ValueError("a bug"), False),
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
