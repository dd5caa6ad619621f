"""Importing an old mailbox (``import_email --history``): every message
keeps its own date, nobody is emailed, and nothing counts as a missed
target; mail after the import is handled as usual."""

import mailbox
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from notifications.models import Notification
from tickets.models import Message, Ticket, TicketEvent, TicketFacts
from tickets.services.lifecycle import reply_post
from tickets.services.watchdogs import silence_watch, sla_watch

pytestmark = pytest.mark.django_db

MARCH = datetime(2025, 3, 3, 9, 30, tzinfo=UTC)


def old_mail(n: int, *, written: datetime, replying_to: int | None = None) -> bytes:
    message = EmailMessage()
    message["From"] = "Grace Hopper <grace@example.com>"
    message["To"] = "support@example.com"
    message["Subject"] = "Re: Invoice 7" if replying_to else "Invoice 7"
    message["Date"] = written.strftime("%a, %d %b %Y %H:%M:%S +0000")
    message["Message-ID"] = f"<old-{n}@mail.example.com>"
    if replying_to:
        message["In-Reply-To"] = f"<old-{replying_to}@mail.example.com>"
    message.set_content(f"Old message number {n}.\n")
    return bytes(message)


@pytest.fixture
def imported(tmp_path, django_capture_on_commit_callbacks):
    box = mailbox.Maildir(tmp_path / "Maildir")
    box.add(old_mail(1, written=MARCH))
    box.add(old_mail(2, written=MARCH + timedelta(days=2), replying_to=1))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_email", "--history", str(tmp_path / "Maildir"))
    return Ticket.objects.get()


def test_each_ticket_and_message_keeps_its_own_date(imported):
    assert imported.created_at == MARCH
    assert list(imported.messages.values_list("body", "created_at")) == [
        ("Old message number 1.", MARCH),
        ("Old message number 2.", MARCH + timedelta(days=2)),
    ]
    history = TicketEvent.objects.filter(ticket=imported).order_by("created_at")
    assert [e.created_at for e in history] == [MARCH, MARCH + timedelta(days=2)]
    assert TicketFacts.objects.get(ticket=imported).created_at == MARCH


def test_nobody_is_emailed(imported):
    assert Notification.objects.count() == 0
    assert mail.outbox == []


def test_no_target_is_set_so_none_is_missed(imported, agent):
    assert (imported.due_at, imported.resolution_due_at) == (None, None)
    later = timezone.now() + timedelta(days=30)
    assert sla_watch(later) == 0
    assert silence_watch(later) == 0
    reply_post(ticket=imported, author=agent, body="Sorry for the wait.")
    facts = TicketFacts.objects.get(ticket=imported)
    assert facts.first_response_met is None  # not counted, either way


def test_mail_after_the_import_is_acknowledged_as_usual(
    imported, tmp_path, django_capture_on_commit_callbacks
):
    new = tmp_path / "new.eml"
    new.write_bytes(old_mail(3, written=timezone.now()))
    with django_capture_on_commit_callbacks(execute=True):
        call_command("import_email", str(new))
    ticket = Ticket.objects.exclude(pk=imported.pk).get()
    assert ticket.due_at is not None
    assert Notification.objects.filter(
        ticket=ticket, kind=Notification.Kind.ACKNOWLEDGEMENT
    ).exists()


def test_a_date_in_the_future_or_none_at_all_is_read_as_now(tmp_path):
    future = old_mail(4, written=timezone.now() + timedelta(days=400))
    undated = old_mail(5, written=MARCH).replace(b"Date:", b"X-No-Date:")
    for name, raw in (("future.eml", future), ("undated.eml", undated)):
        (tmp_path / name).write_bytes(raw)
    before = timezone.now()
    call_command("import_email", "--history", str(tmp_path))
    dates = Message.objects.values_list("created_at", flat=True)
    assert all(before <= date <= timezone.now() for date in dates)
    assert len(dates) == 2
