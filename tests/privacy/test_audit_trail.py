"""The audit trail: who changed what in the admin, before and after,
secrets never written; erasures and redactions in it too, naming nobody;
readable, filterable and exported as CSV by admins."""

import pytest
from auditlog.models import LogEntry

from tickets.models import Customer, Mailbox, SLAPolicy
from tickets.services.erasure import customer_erase, customer_erase_request
from tickets.services.lifecycle import customer_message_post
from tickets.services.redaction import message_redact

pytestmark = pytest.mark.django_db


def test_a_queue_added_in_the_admin_is_in_the_trail_with_who_and_what(
    admin_client, admin_user
):
    admin_client.post(
        "/admin/tickets/queue/add/",
        {"name": "Refunds", "slug": "refunds", "assignment": "off"},
    )
    entry = LogEntry.objects.get_for_object(
        __import__("tickets.models", fromlist=["Queue"]).Queue.objects.get(
            slug="refunds"
        )
    ).get()
    assert entry.actor == admin_user
    assert entry.changes["name"] == ["None", "Refunds"]
    trail = admin_client.get("/admin/auditlog/logentry/").content.decode()
    assert "Refunds" in trail


def test_a_service_level_changed_keeps_before_and_after(admin_user):
    from auditlog.context import set_actor

    policy = SLAPolicy.objects.get(name="Standard")
    with set_actor(admin_user):
        policy.warn_at_percent = 60
        policy.save()
    entry = LogEntry.objects.get_for_object(policy).latest("pk")
    assert entry.actor == admin_user
    assert entry.changes["warn_at_percent"][1] == "60"


def test_a_mailbox_secret_is_never_written(admin_user):
    box = Mailbox.objects.create(
        name="Support", address="help@example.com", host="imap.example.com",
        port=993, username="help", password_sealed="sealed-secret-value",
    )  # fmt: skip
    box.password_sealed = "another-sealed-value"
    box.host = "imap2.example.com"
    box.save()
    changes = [e.changes for e in LogEntry.objects.get_for_object(box)]
    assert all("password_sealed" not in c for c in changes)
    assert any("host" in c for c in changes)


def test_an_erasure_and_a_redaction_are_in_the_trail_naming_nobody(agent, open_ticket):
    ticket = open_ticket(name="Zebulon Quixotic", email="zq@example.com")
    pasted = customer_message_post(ticket=ticket, body="card 4111")
    message_redact(message=pasted, by=agent, reason="card")
    customer = Customer.objects.get(email="zq@example.com")
    customer_erase_request(customer, by=agent)
    customer_erase(customer.pk)
    deeds = LogEntry.objects.filter(additional_data__deed__isnull=False)
    assert sorted(e.changes_text for e in deeds) == ["erased", "redacted"]
    assert all(e.actor == agent for e in deeds)
    written = " ".join(f"{e.object_repr} {e.changes}" for e in LogEntry.objects.all())
    assert "Zebulon" not in written
    assert "zq@example.com" not in written
    assert f"Customer #{customer.pk}" in written


def test_the_trail_is_exported_as_csv(admin_client):
    admin_client.post(
        "/admin/tickets/queue/add/",
        {"name": "=HYPERLINK(1)", "slug": "x", "assignment": "off"},
    )
    ids = list(LogEntry.objects.values_list("pk", flat=True))
    response = admin_client.post(
        "/admin/auditlog/logentry/",
        {"action": "export_csv", "_selected_action": ids},
    )
    assert response["Content-Type"].startswith("text/csv")
    text = response.content.decode()
    assert (
        text.splitlines()[0]
        == "timestamp,actor,action,content_type,object_repr,changes"
    )
    assert "'=HYPERLINK(1)" in text  # no formula in a spreadsheet
