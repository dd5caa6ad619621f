"""The API goes through the same services: same rules, same emails."""

import pytest
from django.core import mail

from tickets.models import Message, Status, Ticket

pytestmark = pytest.mark.django_db


def test_a_ticket_opened_by_api_is_acknowledged_like_the_form(
    api, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        api.post(
            "/api/v1/tickets/",
            {
                "name": "Ada Lovelace",
                "email": "ada@example.com",
                "subject": "Broken",
                "message": "It broke.",
            },
            format="json",
        )
    ticket = Ticket.objects.get()
    assert ticket.messages.get().source == Message.Source.API
    (email,) = mail.outbox
    assert email.subject == f"[{ticket.reference}] We received your request: Broken"


def test_bad_input_gets_a_clear_json_message(api):
    response = api.post("/api/v1/tickets/", {"email": "nope"}, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["email"] == ["Enter a valid email address."]
    assert body["subject"] == ["This field is required."]


def test_the_queue_lists_filters_and_pages_without_counting(agent_api, open_ticket):
    for n in range(3):
        open_ticket(subject=f"Printer {n}")
    open_ticket(subject="Invoice")
    # A search looks through every ticket, equally relevant ones newest first.
    page = agent_api.get("/api/v1/tickets/?q=printer&limit=2").json()
    assert [t["subject"] for t in page["results"]] == ["Printer 2", "Printer 1"]
    assert "offset=2" in page["next"]
    rest = agent_api.get(page["next"]).json()
    assert [t["subject"] for t in rest["results"]] == ["Printer 0"]
    assert rest["next"] is None


def test_reply_status_and_assignment(
    agent_api, agent, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply = agent_api.post(
            f"/api/v1/tickets/{ticket.pk}/messages/",
            {"kind": "reply", "body": "Fixed.", "new_status": "resolved"},
            format="json",
        )
    assert reply.status_code == 201
    assert len(mail.outbox) == 1
    # Answering an unassigned ticket made it the replier's (their preference).
    assert agent_api.get(f"/api/v1/tickets/{ticket.pk}/").json()["assignee"] == (
        "Sam Agent"
    )
    unassigned = agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/assign/", {"assignee": None}, format="json"
    )
    assert unassigned.json()["assignee"] is None
    assigned = agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/assign/", {"assignee": agent.pk}, format="json"
    )
    assert assigned.json()["assignee"] == "Sam Agent"
    detail = agent_api.get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert detail["status"] == Status.RESOLVED
    assert [m["kind"] for m in detail["messages"]] == ["customer", "reply"]


def test_an_illegal_transition_is_a_clear_409(agent_api, agent, open_ticket):
    ticket = open_ticket()
    agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/status/", {"status": "closed"}, format="json"
    )
    response = agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/status/", {"status": "resolved"}, format="json"
    )
    assert response.status_code == 409
    assert response.json() == {
        "detail": "A ticket that is closed cannot become resolved."
    }


def test_an_agent_creates_an_api_token_in_their_profile(agent_client):
    response = agent_client.post("/agent/profile/token/", follow=True)
    page = response.content.decode()
    assert "Your new API token:" in page
    key = page.split("Your new API token: ")[1].split(" ")[0]
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert client.get("/api/v1/tickets/").status_code == 200
    agent_client.post("/agent/profile/token/")
    assert client.get("/api/v1/tickets/").status_code in (401, 403)


def test_the_schema_and_docs_are_served(api):
    schema = api.get("/api/schema/?format=json").json()
    assert "/api/v1/tickets/" in schema["paths"]
    assert api.get("/api/docs/").status_code == 200


def test_a_note_with_a_forbidden_status_leaves_nothing_behind(
    agent_api, agent, open_ticket
):
    ticket = open_ticket()
    agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/status/", {"status": "closed"}, format="json"
    )
    response = agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/messages/",
        {"kind": "note", "body": "Only once", "new_status": "resolved"},
        format="json",
    )
    assert response.status_code == 409
    assert ticket.messages.filter(kind="note").count() == 0
