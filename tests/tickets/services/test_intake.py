"""Email in: replies land on their ticket, new mail opens one, machines and
strangers are kept out, and a bounce is shown to the agent."""

import base64
import json
import mailbox
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core import mail
from django.core.management import call_command

from notifications.models import Notification
from tickets.models import Message, Status, Ticket
from tickets.replies import strip_quoted
from tickets.services.assignment import ticket_add_cc
from tickets.services.intake import inbound_receive
from tickets.services.lifecycle import reply_post, ticket_change_status

pytestmark = pytest.mark.django_db


def email(
    *,
    sender="Ada Lovelace <ada@example.com>",
    subject="Hello",
    body="Hi there",
    headers=None,
    attachments=(),
):
    message = EmailMessage()
    message["From"] = sender
    message["To"] = "support@example.com"
    message["Subject"] = subject
    message["Message-ID"] = f"<{abs(hash((sender, subject, body)))}@mail.example.com>"
    for name, value in (headers or {}).items():
        message[name] = value
    message.set_content(body)
    for name, data in attachments:
        message.add_attachment(
            data, maintype="application", subtype="octet-stream", filename=name
        )
    return message.as_bytes()


@pytest.fixture
def acknowledged(open_ticket, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
    ack = Notification.objects.get(ticket=ticket)
    mail.outbox.clear()
    return ticket, ack


def test_a_reply_to_our_email_lands_on_its_ticket_without_the_quote(acknowledged):
    ticket, ack = acknowledged
    raw = email(
        subject=f"Re: [{ticket.reference}] We received your request",
        body="The number is GB123.\n\nOn Mon, 30 Mar 2026, Acme Support wrote:\n"
        "> Hello Ada\n> We received it",
        headers={"In-Reply-To": ack.message_id, "References": ack.message_id},
    )
    outcome = inbound_receive(raw=raw)
    assert (outcome.action, outcome.ticket) == ("replied", ticket)
    message = ticket.messages.order_by("-pk").first()
    assert message.body == "The number is GB123."
    assert message.source == Message.Source.EMAIL
    assert [a.filename for a in message.attachments.all()] == ["original-message.eml"]


def test_the_reference_in_the_subject_threads_when_headers_are_gone(acknowledged):
    ticket, _ack = acknowledged
    outcome = inbound_receive(raw=email(subject=f"Re: [{ticket.reference}] thanks"))
    assert outcome.ticket == ticket
    assert outcome.action == "replied"


def test_a_stranger_s_mail_never_lands_on_someone_s_ticket(acknowledged):
    ticket, ack = acknowledged
    outcome = inbound_receive(
        raw=email(
            sender="Mallory <mallory@evil.example>",
            subject=f"Re: [{ticket.reference}]",
            headers={"In-Reply-To": ack.message_id},
        )
    )
    assert outcome.action == "opened"
    assert outcome.ticket != ticket
    assert outcome.ticket.customer.email == "mallory@evil.example"


def test_someone_in_copy_may_reply(acknowledged, agent):
    ticket, _ack = acknowledged
    ticket_add_cc(ticket=ticket, email="boss@example.com", name="Bo", actor=agent)
    outcome = inbound_receive(
        raw=email(sender="boss@example.com", subject=f"Re: [{ticket.reference}]")
    )
    assert (outcome.action, outcome.ticket) == ("replied", ticket)


def test_a_reply_reopens_a_resolved_ticket(acknowledged, agent):
    ticket, _ack = acknowledged
    ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    inbound_receive(
        raw=email(subject=f"Re: [{ticket.reference}] not fixed", body="Still broken")
    )
    assert Ticket.objects.get(pk=ticket.pk).status == Status.OPEN


def test_a_new_email_opens_a_ticket_with_the_same_acknowledgement(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = inbound_receive(
            raw=email(
                subject="Printer on fire",
                body="Help!",
                attachments=[("photo.png", b"png")],
            )
        )
    ticket = outcome.ticket
    assert outcome.action == "opened"
    assert ticket.subject == "Printer on fire"
    assert ticket.messages.get().source == Message.Source.EMAIL
    names = sorted(a.filename for a in ticket.messages.get().attachments.all())
    assert names == ["original-message.eml", "photo.png"]
    (ack,) = mail.outbox
    assert (
        ack.subject == f"[{ticket.reference}] We received your request: Printer on fire"
    )
    assert ack.extra_headers["Auto-Submitted"] == "auto-replied"


@pytest.mark.parametrize(
    "headers",
    [
        {"Auto-Submitted": "auto-replied"},
        {"Precedence": "bulk"},
        {"X-Loop": "support@example.com"},
        {"Return-Path": "<>"},
    ],
)
def test_automatic_mail_gets_no_acknowledgement(
    headers, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        outcome = inbound_receive(raw=email(subject="Out of office", headers=headers))
    assert outcome.action == "opened"
    assert mail.outbox == []


def test_an_out_of_office_reply_does_not_reopen_or_touch_a_ticket(acknowledged, agent):
    ticket, _ack = acknowledged
    reply_post(ticket=ticket, author=agent, body="Which?", new_status=Status.WAITING)
    outcome = inbound_receive(
        raw=email(
            subject=f"Automatic reply: [{ticket.reference}]",
            body="I am on leave",
            headers={"Auto-Submitted": "auto-replied"},
        )
    )
    assert outcome.action == "ignored"
    assert Ticket.objects.get(pk=ticket.pk).status == Status.WAITING


@pytest.mark.parametrize(
    "sender", ["MAILER-DAEMON@mx.example.com", "support@example.com"]
)
def test_mail_from_daemons_or_ourselves_is_dropped(sender):
    outcome = inbound_receive(raw=email(sender=sender, subject="Undeliverable"))
    assert outcome.action == "ignored"
    assert not Ticket.objects.exists()


def test_acknowledgements_per_address_are_limited(
    settings, django_capture_on_commit_callbacks
):
    settings.HELPDESK_ACK_LIMIT_PER_HOUR = 2
    with django_capture_on_commit_callbacks(execute=True):
        for n in range(3):
            inbound_receive(raw=email(subject=f"Question {n}"))
    assert Ticket.objects.count() == 3
    assert len(mail.outbox) == 2


def test_the_same_email_delivered_twice_is_kept_once():
    raw = email(subject="Once")
    assert inbound_receive(raw=raw).action == "opened"
    assert inbound_receive(raw=raw).action == "ignored"
    assert Ticket.objects.count() == 1


def test_attachments_over_the_limits_are_named_not_kept(settings):
    settings.HELPDESK_MAX_ATTACHMENT_BYTES = 3
    outcome = inbound_receive(
        raw=email(attachments=[("big.pdf", b"12345"), ("ok.txt", b"1")])
    )
    message = outcome.ticket.messages.get()
    assert "[Not kept, over the attachment limits: big.pdf]" in message.body
    assert sorted(a.filename for a in message.attachments.all()) == [
        "ok.txt",
        "original-message.eml",
    ]


def test_quoted_history_and_signatures_are_stripped():
    text = (
        "Thanks!\nIt works now.\n-- \nAda\nCTO\n\n-----Original Message-----\nFrom: us"
    )
    assert strip_quoted(text) == "Thanks!\nIt works now."
    assert strip_quoted("> only a quote") == "> only a quote"


def test_import_email_reads_eml_files_and_maildirs(tmp_path):
    (tmp_path / "one.eml").write_bytes(email(subject="From a file"))
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(email(subject="From a Maildir"))
    call_command(
        "import_email", str(tmp_path / "one.eml"), str(tmp_path / "Maildir"), "--remove"
    )
    assert sorted(Ticket.objects.values_list("subject", flat=True)) == [
        "From a Maildir",
        "From a file",
    ]
    assert not (tmp_path / "one.eml").exists()
    assert len(mailbox.Maildir(tmp_path / "Maildir")) == 0


def _basic(secret):
    return "Basic " + base64.b64encode(secret.encode()).decode()


def test_the_anymail_inbound_webhook_needs_its_secret_and_opens_a_ticket(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    payload = json.dumps({"RawEmail": email(subject="Via Postmark").decode()})
    refused = client.post(
        "/anymail/postmark/inbound/", payload, content_type="application/json"
    )
    assert refused.status_code == 400
    assert not Ticket.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):  # read in a task
        accepted = client.post(
            "/anymail/postmark/inbound/",
            payload,
            content_type="application/json",
            HTTP_AUTHORIZATION=_basic("hook:s3cret"),
        )
    assert accepted.status_code == 200
    assert Ticket.objects.get().subject == "Via Postmark"


def test_a_bounce_marks_the_email_and_the_agent_sees_it(
    client, settings, acknowledged, agent_client
):
    ticket, ack = acknowledged
    Notification.objects.filter(pk=ack.pk).update(provider_message_id="pm-123")
    settings.ANYMAIL = {"WEBHOOK_SECRET": "hook:s3cret"}
    bounce = {
        "RecordType": "Bounce",
        "Type": "HardBounce",
        "MessageID": "pm-123",
        "Email": "ada@example.com",
        "Description": "The mailbox does not exist",
        "Details": "550 5.1.1 unknown user",
        "BouncedAt": "2026-03-30T10:00:00Z",
    }
    response = client.post(
        "/anymail/postmark/tracking/",
        json.dumps(bounce),
        content_type="application/json",
        HTTP_AUTHORIZATION=_basic("hook:s3cret"),
    )
    assert response.status_code == 200
    ack.refresh_from_db()
    assert ack.state == Notification.State.FAILED
    assert ack.last_error.startswith("Bounced")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "ada@example.com did not get our email" in page


MAIL = Path(__file__).parent / "mail"


@pytest.mark.parametrize(
    ("fixture", "words"),
    [
        ("gmail_html_only.eml", "The number is GB123."),
        ("wrapped_wrote.eml", "The number is GB123."),
        ("outlook_from_sent.eml", "The number is GB123."),
        ("german_schrieb.eml", "Die Nummer ist DE123456789."),
    ],
)
def test_real_mail_programs_replies_land_as_the_customer_s_words_alone(
    acknowledged, fixture, words
):
    ticket, _ack = acknowledged
    raw = (MAIL / fixture).read_bytes().replace(b"HD-REF", ticket.reference.encode())
    outcome = inbound_receive(raw=raw)
    assert (outcome.action, outcome.ticket) == ("replied", ticket)
    assert ticket.messages.order_by("-pk").first().body == words
