"""A mailbox with a backlog is read at the workers' pace: each poll takes a
batch and, while more waits, the next poll follows at once instead of at
the next interval."""

import pytest

from tests.mailboxes.test_polling import letter
from tickets.models import InboundMail
from tickets.tasks import mailbox_poll_task

pytestmark = pytest.mark.django_db


def test_a_backlog_is_read_poll_after_poll_without_waiting(dovecot, mailbox, settings):
    settings.HELPDESK_MAILBOX_BATCH = 2
    dovecot.deliver("support@example.com", *(letter(n) for n in range(1, 6)))
    box = mailbox()
    mailbox_poll_task(box.pk)  # as beat asks; the rest follow by themselves
    assert InboundMail.objects.count() == 5
    box.refresh_from_db()
    assert (box.waiting, box.fetched_total) == (0, 5)


def test_a_message_that_cannot_be_stored_leaves_the_others_stored_and_told(
    dovecot, mailbox, monkeypatch
):
    """Messages are stored a few at a time in one commit: one that fails is
    rolled back alone, stays unread on the server, and is named."""
    from tickets.services import mailboxes as polling

    real = polling.inbound_store

    def refuses_question_2(*, raw, **fields):
        if b"question 2." in raw:
            raise ValueError("cannot store question 2")
        return real(raw=raw, **fields)

    monkeypatch.setattr(polling, "inbound_store", refuses_question_2)
    dovecot.deliver("support@example.com", letter(1), letter(2), letter(3))
    box = mailbox()
    poll = polling.mailbox_poll(mailbox_id=box.pk)
    assert (poll.fetched, poll.waiting) == (2, 1)
    assert "cannot store question 2" in poll.problems[0]
    assert sorted(InboundMail.objects.values_list("subject", flat=True)) == [
        "Question number 1",
        "Question number 3",
    ]
    with dovecot.client("support@example.com") as client:
        client.select_folder("INBOX", readonly=True)
        assert len(client.search(["UNSEEN"])) == 1
