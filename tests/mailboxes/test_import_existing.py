"""A mailbox's "import existing mail": what was in the folder when it was
first read (read or not) comes in as history, dated then and with nobody
emailed; what arrives afterwards is handled as usual."""

from datetime import UTC, datetime

import pytest

from notifications.models import Notification
from tests.mailboxes.conftest import read_all
from tests.mailboxes.test_polling import letter
from tickets.models import Mailbox, Ticket
from tickets.services.mailboxes import mailbox_poll

pytestmark = pytest.mark.django_db
LAST_YEAR = "Tue, 04 Feb 2025 10:00:00 +0000"


def acknowledged() -> set[str]:
    return set(
        Notification.objects.filter(kind=Notification.Kind.ACKNOWLEDGEMENT).values_list(
            "ticket__subject", flat=True
        )
    )


def test_the_mail_already_there_is_history_and_new_mail_is_acknowledged(
    dovecot, mailbox, settings, django_capture_on_commit_callbacks
):
    settings.HELPDESK_MAILBOX_BATCH = 1  # the import spans several polls
    dovecot.deliver("support@example.com", letter(1, Date=LAST_YEAR), letter(2))
    with dovecot.client("support@example.com") as client:
        client.select_folder("INBOX")
        client.add_flags(client.search(["ALL"])[:1], [b"\\Seen"])  # read already
    box = mailbox(import_existing=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert mailbox_poll(mailbox_id=box.pk).fetched == 1
        dovecot.deliver("support@example.com", letter(3))
        assert mailbox_poll(mailbox_id=box.pk).fetched == 1
        assert mailbox_poll(mailbox_id=box.pk).fetched == 1
        read_all()
    subjects = set(Ticket.objects.values_list("subject", flat=True))
    assert subjects == {f"Question number {n}" for n in (1, 2, 3)}
    assert acknowledged() == {"Question number 3"}
    first = Ticket.objects.get(subject="Question number 1")
    assert first.created_at == datetime(2025, 2, 4, 10, tzinfo=UTC)
    box.refresh_from_db()
    assert box.history_below_uid is None  # all of it imported


def test_without_the_switch_unread_mail_is_acknowledged(
    dovecot, mailbox, django_capture_on_commit_callbacks
):
    dovecot.deliver("support@example.com", letter(1, Date=LAST_YEAR))
    box = mailbox()
    with django_capture_on_commit_callbacks(execute=True):
        mailbox_poll(mailbox_id=box.pk)
        read_all()
    assert acknowledged() == {"Question number 1"}


def test_pop3_cannot_import_existing_mail(admin_client, db):
    answer = admin_client.post(
        "/admin/tickets/mailbox/add/",
        {
            "name": "Old",
            "address": "old@example.com",
            "protocol": Mailbox.Protocol.POP3,
            "host": "mail.example.com",
            "port": "995",
            "security": Mailbox.Security.TLS,
            "username": "old",
            "password": "secret",
            "folder": "INBOX",
            "after_fetch": Mailbox.AfterFetch.KEEP,
            "poll_seconds": "60",
            "import_existing": "on",
        },
    )
    assert answer.status_code == 200
    assert "Only IMAP can tell old mail from new" in answer.content.decode()
    assert 'value="mail.example.com"' in answer.content.decode()  # kept
    assert not Mailbox.objects.exists()
