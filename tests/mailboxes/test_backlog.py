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
