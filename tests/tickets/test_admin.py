"""Until the agent workspace exists, agents answer from the Django admin."""

import pytest
from django.core import mail

from tests.factories import UserFactory, at
from tickets.models import Queue, Status, Ticket, TicketEvent, payloads
from tickets.models.history import payload_of
from tickets.services.incidents import incident_create
from tickets.services.lifecycle import ticket_change_status, ticket_open
from tickets.services.satisfaction import rating_record

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

    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    page = admin_client.get(
        f"/admin/tickets/ticket/{ticket.pk}/change/"
    ).content.decode()
    assert '<option value="open">Open</option>' in page
    assert '<option value="resolved">' not in page


def test_a_forged_illegal_transition_gets_a_clear_error(
    admin_client, open_ticket, agent
):

    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
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


def test_priority_queue_and_assignee_changed_in_admin_go_through_the_services(
    admin_client, open_ticket, agent, clock
):
    # Friday 27 March 2026, 16:00 London; normal priority: Monday 16:00.
    ticket = open_ticket()
    assert ticket.due_at == at(2026, 3, 30, 16, 0)
    billing = Queue.objects.create(name="Billing", slug="billing")
    response = _change(
        admin_client,
        ticket,
        priority="urgent",
        queue=billing.pk,
        assignee=agent.pk,
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.queue, ticket.assignee) == (
        "urgent",
        billing,
        agent,
    )
    # Urgent is one business hour: the deadline moved with the priority.
    assert ticket.due_at == at(2026, 3, 27, 17, 0)
    history = {
        payload_of(e) for e in ticket.events.exclude(kind=TicketEvent.Kind.CREATED)
    }
    assert history == {
        payloads.PriorityChanged(was="normal", now="urgent"),
        payloads.QueueChanged(was="General", now="Billing"),
        payloads.Assigned(was="", now="Sam Agent"),
    }


def test_the_admin_offers_only_agents_to_assign(admin_client, open_ticket, agent):
    outsider = UserFactory(first_name="Not", last_name="Anagent")
    ticket = open_ticket()
    page = admin_client.get(f"/admin/tickets/ticket/{ticket.pk}/change/")
    options = page.content.decode()
    assert f'<option value="{agent.pk}">' in options
    assert f'<option value="{outsider.pk}">' not in options
    response = _change(admin_client, ticket, assignee=outsider.pk)
    assert response.status_code == 200  # refused next to the field
    assert Ticket.objects.get().assignee is None


def test_incidents_and_ratings_are_readable_in_admin(client, staff_agent, agent):
    from tickets.models import Rating

    incident = incident_create(title="Checkout", summary="x", actor=agent)
    ticket = ticket_open(
        name="Ada", email="ada@example.com", subject="Down", message="x"
    )
    rating_record(ticket=ticket, score=Rating.Score.BAD, comment="Slow")
    client.force_login(staff_agent)
    assert "Checkout" in client.get("/admin/tickets/incident/").content.decode()
    page = client.get(f"/admin/tickets/incident/{incident.pk}/change/")
    assert page.status_code == 200
    client.post(
        f"/admin/tickets/incident/{incident.pk}/change/",
        {
            "title": "Checkout broken",
            "summary": "Payments fail",
            "is_public": "on",
            "updates-TOTAL_FORMS": "0",
            "updates-INITIAL_FORMS": "0",
        },
    )
    incident.refresh_from_db()
    assert incident.title == "Checkout broken"
    assert "Slow" in client.get("/admin/tickets/rating/").content.decode()
