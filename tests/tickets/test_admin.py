"""Until the agent workspace exists, agents answer from the Django admin."""

import pytest
from django.core import mail

from tickets.models import Status, Ticket

pytestmark = pytest.mark.django_db


def _change(client, ticket, **data):
    form = {
        "subject": ticket.subject,
        "priority": ticket.priority,
        "queue": ticket.queue_id,
        "assignee": "",
        "new_status": "",
        "reply": "",
        "note": "",
    }
    for prefix in ("messages", "events", "notifications"):
        form |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return client.post(f"/admin/tickets/ticket/{ticket.pk}/change/", form | data)


def test_agent_replies_and_sets_waiting_from_the_admin(
    admin_client, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    with django_capture_on_commit_callbacks(execute=True):
        response = _change(
            admin_client, ticket, reply="Which number?", new_status="waiting"
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Ticket.objects.get().status == Status.WAITING
    (email,) = mail.outbox
    assert "Which number?" in email.body
    assert "Waiting on customer" in email.body


def test_admin_offers_only_allowed_transitions(admin_client, open_ticket, agent):
    from tickets import services

    ticket = open_ticket()
    services.ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    page = admin_client.get(
        f"/admin/tickets/ticket/{ticket.pk}/change/"
    ).content.decode()
    assert '<option value="open">Open</option>' in page
    assert '<option value="resolved">' not in page


def test_a_forged_illegal_transition_gets_a_clear_error(
    admin_client, open_ticket, agent
):
    from tickets import services

    ticket = open_ticket()
    services.ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    response = _change(admin_client, ticket, new_status="resolved")
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Ticket.objects.get().status == Status.CLOSED


def test_bulk_resolve_goes_through_the_service_and_emails_each_customer(
    admin_client, open_ticket, django_capture_on_commit_callbacks
):
    tickets = [open_ticket(email=f"c{n}@example.com") for n in range(3)]
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/tickets/ticket/",
            {"action": "mark_resolved", "_selected_action": [t.pk for t in tickets]},
        )
    assert set(Ticket.objects.values_list("status", flat=True)) == {Status.RESOLVED}
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"Ada Lovelace <c{n}@example.com>" for n in range(3)
    ]
