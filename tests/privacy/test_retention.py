"""Retention: closed tickets removed after the days a schedule says, with
their files; raw mail and sent emails purged; a legal hold keeps a ticket
or a customer's tickets; a dry run counts first; a schedule that would
remove tickets customers may still reopen is refused."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tickets.models import (
    Attachment,
    Customer,
    InboundMail,
    RetentionSchedule,
    Ticket,
)
from tickets.services.intake import inbound_process, inbound_store
from tickets.services.lifecycle import ticket_change_status, ticket_open
from tickets.services.retention import (
    legal_hold_set,
    retention_dry_run,
    retention_pass,
)

pytestmark = pytest.mark.django_db


def _closed(agent, email, *, days_ago, file=False):
    ticket = ticket_open(
        name="Ada", email=email, subject="Old", message="x",
        attachments=[SimpleUploadedFile("a.txt", b"old", "text/plain")] if file else [],
    )  # fmt: skip
    ticket_change_status(ticket=ticket, new_status="closed", actor=agent)
    Ticket.objects.filter(pk=ticket.pk).update(
        updated_at=timezone.now() - timedelta(days=days_ago)
    )
    return ticket


def test_closed_tickets_go_after_the_schedule_with_their_files(
    agent, django_capture_on_commit_callbacks
):
    old = _closed(agent, "old@example.com", days_ago=800, file=True)
    recent = _closed(agent, "new@example.com", days_ago=10)
    stored = Attachment.objects.get(message__ticket=old).file.path
    schedule = RetentionSchedule.objects.create(
        name="Two years", what="closed_tickets", after_days=730, is_active=True
    )
    assert retention_dry_run(schedule) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert retention_pass() == {"Two years": 1}
    assert not Ticket.objects.filter(pk=old.pk).exists()
    assert Ticket.objects.filter(pk=recent.pk).exists()
    assert not Path(stored).exists()
    schedule.refresh_from_db()
    assert schedule.last_removed == 1


def test_a_legal_hold_keeps_a_ticket_and_a_customers_tickets(agent, admin_user):
    held = _closed(agent, "held@example.com", days_ago=800)
    theirs = _closed(agent, "court@example.com", days_ago=800)
    free = _closed(agent, "free@example.com", days_ago=800)
    legal_hold_set(tickets=Ticket.objects.filter(pk=held.pk), on=True, by=admin_user)
    Customer.objects.filter(email="court@example.com").update(legal_hold=True)
    RetentionSchedule.objects.create(
        name="Two years", what="closed_tickets", after_days=730, is_active=True
    )
    assert retention_pass() == {"Two years": 1}
    assert set(Ticket.objects.values_list("pk", flat=True)) >= {held.pk, theirs.pk}
    assert not Ticket.objects.filter(pk=free.pk).exists()


def test_raw_mail_and_sent_emails_are_purged(django_capture_on_commit_callbacks):
    raw = b"From: a@example.com\r\nSubject: Hi\r\nMessage-ID: <r1@x>\r\n\r\nHello"
    row, _new = inbound_store(raw=raw, source="test")
    with django_capture_on_commit_callbacks(execute=True):
        inbound_process(inbound_id=row.pk)
    InboundMail.objects.filter(pk=row.pk).update(
        received_at=timezone.now() - timedelta(days=40)
    )
    RetentionSchedule.objects.create(
        name="Raw mail", what="inbound_mail", after_days=30, is_active=True
    )
    assert retention_pass() == {"Raw mail": 1}
    assert not InboundMail.objects.filter(pk=row.pk).exists()


def test_a_schedule_that_would_remove_reopenable_tickets_is_refused(admin_client):
    response = admin_client.post(
        "/admin/tickets/retentionschedule/add/",
        {"name": "Everything", "what": "closed_tickets", "after_days": "1"},
    )
    assert response.status_code == 200
    assert "Closed tickets are kept at least 30 days" in response.content.decode()
    assert not RetentionSchedule.objects.exists()


def test_the_admin_shows_the_dry_run_and_tickets_go_on_hold(admin_client, agent):
    old = _closed(agent, "old@example.com", days_ago=800)
    schedule = RetentionSchedule.objects.create(
        name="Two years", what="closed_tickets", after_days=730
    )
    page = admin_client.get(
        f"/admin/tickets/retentionschedule/{schedule.pk}/change/"
    ).content.decode()
    assert "Would remove now (dry run)" in page
    admin_client.post(
        "/admin/tickets/ticket/", {"action": "hold", "_selected_action": [old.pk]}
    )
    old.refresh_from_db()
    assert old.legal_hold is True
    assert retention_dry_run(schedule) == 0
