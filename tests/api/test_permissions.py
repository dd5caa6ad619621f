"""Who may do what, endpoint by endpoint: exactly as in the pages."""

import pytest

from kb import services as kb_services
from tickets.services.assignment import ticket_assign
from tickets.services.lifecycle import note_add

pytestmark = pytest.mark.django_db

AGENT_ONLY = [
    ("get", "/api/v1/tickets/", None),
    ("get", "/api/v1/tickets/{pk}/", None),
    ("post", "/api/v1/tickets/{pk}/messages/", {"kind": "note", "body": "hi"}),
    ("post", "/api/v1/tickets/{pk}/status/", {"status": "open"}),
    ("post", "/api/v1/tickets/{pk}/assign/", {"assignee": None}),
    ("post", "/api/v1/tickets/{pk}/priority/", {"priority": "high"}),
]


@pytest.fixture
def ticket(open_ticket, agent):

    opened = open_ticket()
    ticket_assign(ticket=opened, assignee=agent, actor=agent)
    return opened


@pytest.mark.parametrize(("method", "path", "data"), AGENT_ONLY)
@pytest.mark.parametrize("who", ["api", "outsider_api"])
def test_agent_endpoints_refuse_everyone_else(request, who, method, path, data, ticket):
    client = request.getfixturevalue(who)
    response = getattr(client, method)(path.format(pk=ticket.pk), data, format="json")
    assert response.status_code in (401, 403)
    assert "detail" in response.json()


@pytest.mark.parametrize(("method", "path", "data"), AGENT_ONLY)
@pytest.mark.parametrize("who", ["agent_api", "admin_client"])
def test_agents_and_admins_may(request, who, method, path, data, ticket, open_ticket):
    client = request.getfixturevalue(who)
    kwargs = (
        {"content_type": "application/json"}
        if who == "admin_client"
        else {"format": "json"}
    )
    import json

    payload = json.dumps(data) if who == "admin_client" and data is not None else data
    response = getattr(client, method)(path.format(pk=ticket.pk), payload, **kwargs)
    assert response.status_code in (200, 201), response.content


def test_anyone_may_open_a_ticket_and_gets_its_secret(api):
    response = api.post(
        "/api/v1/tickets/",
        {
            "name": "Ada",
            "email": "ada@example.com",
            "subject": "Broken",
            "message": "Help",
        },
        format="json",
    )
    assert response.status_code == 201
    body = response.json()
    assert body["reference"].startswith("HD-")
    assert body["url"].endswith(f"/t/{body['access_key']}/")


def test_a_customer_key_opens_only_its_own_ticket(api, open_ticket, agent):

    mine = open_ticket()
    theirs = open_ticket(email="them@example.com", subject="Theirs")
    note_add(ticket=mine, author=agent, body="internal only")
    own = api.get(f"/api/v1/customer/tickets/{mine.access_key}/")
    assert own.status_code == 200
    assert own.json()["subject"] == mine.subject
    assert "internal only" not in own.content.decode()
    assert "them@example.com" not in own.content.decode()
    assert api.get(f"/api/v1/customer/tickets/{mine.access_key}x/").status_code == 404
    assert api.get(f"/api/v1/customer/tickets/{mine.pk}/").status_code == 404
    wrong = api.post(
        f"/api/v1/customer/tickets/{theirs.access_key[:-2]}/messages/",
        {"body": "x"},
        format="json",
    )
    assert wrong.status_code == 404
    added = api.post(
        f"/api/v1/customer/tickets/{mine.access_key}/messages/",
        {"body": "More details"},
        format="json",
    )
    assert added.status_code == 201


def test_help_articles_are_public_and_drafts_are_not(api, db):
    kb_services.article_save(
        article=None, title="Reset password", body="x", status="published"
    )
    kb_services.article_save(
        article=None, title="Secret draft", body="x", status="draft"
    )
    titles = [a["title"] for a in api.get("/api/v1/kb/articles/").json()]
    assert titles == ["Reset password"]
    assert api.get("/api/v1/kb/articles/secret-draft/").status_code == 404
    assert api.get("/api/v1/kb/articles/?q=reset").json()[0]["slug"] == "reset-password"
