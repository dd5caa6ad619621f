"""The acknowledgement: everything the customer wrote, the promise, the link."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.models import Notification
from tickets.models import Ticket
from tickets.services.lifecycle import reply_post

pytestmark = pytest.mark.django_db


@pytest.fixture
def acknowledgement(submit, django_capture_on_commit_callbacks, settings):
    settings.SITE_URL = "https://help.example.com"
    settings.HELPDESK_SUPPORT_PHONE = "+44 20 7946 0999"
    files = [
        SimpleUploadedFile("screen.png", b"png"),
        SimpleUploadedFile("a.log", b"l"),
    ]
    with django_capture_on_commit_callbacks(execute=True):
        submit(attachments=files)
    (email,) = mail.outbox
    return email


def test_acknowledgement_repeats_everything_the_customer_sent(acknowledgement):
    ticket = Ticket.objects.get()
    body = acknowledgement.body
    html = acknowledgement.alternatives[0][0]
    assert ticket.reference in acknowledgement.subject
    assert "Cannot log in since this morning" in acknowledgement.subject
    for text in (body, html):
        assert ticket.reference in text
        assert "Cannot log in since this morning" in text
        assert "screen.png" in text
        assert "a.log" in text
        assert f"https://help.example.com/t/{ticket.access_key}/" in text
        assert "+44 20 7946 0999" in text
    assert "I get 'invalid session' on every login.\nWhat should I do?" in body


def test_acknowledgement_states_the_expected_first_response_time(acknowledgement):
    ticket = Ticket.objects.get()
    assert ticket.first_response_due_at is not None
    due = ticket.first_response_due_at.astimezone().strftime("%d %B %Y")
    assert "will reply by" in acknowledgement.body
    assert due.lstrip("0") in acknowledgement.body


def test_acknowledgement_headers(acknowledgement):
    notification = Notification.objects.get()
    headers = acknowledgement.message()
    assert headers["Message-ID"] == notification.message_id
    assert headers["Auto-Submitted"] == "auto-replied"
    assert headers["To"] == "Grace Hopper <grace@example.com>"
    assert headers["Reply-To"] == "support@example.com"
    assert headers["Cc"] is None
    assert acknowledgement.bcc == []
    assert notification.state == Notification.State.SENT
    assert notification.provider_message_id == notification.message_id


def test_html_acknowledgement_escapes_the_customer_text(
    submit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(message="<script>alert(1)</script>")
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_one_email_per_recipient_and_no_other_customer_address(
    submit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit(email="one@example.com")
        submit(email="two@example.com")
    assert [m.to for m in mail.outbox] == [
        ["Grace Hopper <one@example.com>"],
        ["Grace Hopper <two@example.com>"],
    ]
    assert "two@example.com" not in mail.outbox[0].message().as_string()
    assert "one@example.com" not in mail.outbox[1].message().as_string()


def test_later_emails_thread_under_the_acknowledgement(
    open_ticket, agent, django_capture_on_commit_callbacks
):

    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(ticket=ticket, author=agent, body="On it.")
    ack, reply = mail.outbox
    assert reply.extra_headers["In-Reply-To"] == ack.extra_headers["Message-ID"]
    assert ack.extra_headers["Message-ID"] in reply.extra_headers["References"]


def test_the_html_email_reads_on_a_phone_under_our_name(acknowledgement, settings):
    html = acknowledgement.alternatives[0][0]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in (
        html
    )
    header = html.split("<body", 1)[1].split("</p>", 1)[0]
    assert header.endswith(f">{settings.HELPDESK_ORG_NAME}")
