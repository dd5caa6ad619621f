"""Incidents through the API: the same services as the pages, agents only."""

import pytest
from django.core import mail

from tickets.models import Incident, Rating
from tickets.services.incidents import incident_create
from tickets.services.satisfaction import rating_record

pytestmark = pytest.mark.django_db


def test_create_link_update_and_read_an_incident(
    agent_api, open_ticket, django_capture_on_commit_callbacks
):
    first = open_ticket(email="a@example.com")
    second = open_ticket(email="b@example.com")
    created = agent_api.post(
        "/api/v1/incidents/",
        {
            "title": "Checkout down",
            "summary": "Payments fail.",
            "public": True,
            "tickets": [first.pk],
        },
        format="json",
    )
    assert created.status_code == 201
    body = created.json()
    assert (body["title"], body["public"], body["status"]) == (
        "Checkout down",
        True,
        "investigating",
    )
    assert body["ticket_count"] == 1
    pk = body["id"]
    linked = agent_api.post(
        f"/api/v1/incidents/{pk}/tickets/", {"ticket": second.pk}, format="json"
    )
    assert linked.status_code == 200
    assert linked.json()["incident"] == pk
    again = agent_api.post(
        f"/api/v1/incidents/{pk}/tickets/", {"ticket": second.pk}, format="json"
    )
    assert again.status_code == 409
    assert "already linked" in again.json()["detail"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        update = agent_api.post(
            f"/api/v1/incidents/{pk}/updates/",
            {"body": "Fixed.", "status": "resolved", "public": True},
            format="json",
        )
    assert update.status_code == 201
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Ada Lovelace <a@example.com>",
        "Ada Lovelace <b@example.com>",
    ]
    detail = agent_api.get(f"/api/v1/incidents/{pk}/").json()
    assert detail["status"] == "resolved"
    assert detail["ended_at"] is not None
    assert [(u["body"], u["fanned_out_to"]) for u in detail["updates"]] == [
        ("Fixed.", 2)
    ]
    listed = agent_api.get("/api/v1/incidents/").json()["results"]
    assert [i["id"] for i in listed] == [pk]


def test_bad_input_and_outsiders(agent_api, outsider_api, api, agent):
    response = agent_api.post(
        "/api/v1/incidents/", {"title": "", "public": "maybe"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) == {"title", "public"}
    incident = incident_create(title="X", summary="", actor=agent)
    bad = agent_api.post(
        f"/api/v1/incidents/{incident.pk}/updates/",
        {"body": "x", "status": "fixed"},
        format="json",
    )
    assert bad.status_code == 400
    assert "status" in bad.json()
    for client in (outsider_api, api):
        assert client.get("/api/v1/incidents/").status_code in (401, 403)
        assert client.post(
            f"/api/v1/incidents/{incident.pk}/updates/",
            {"body": "x", "status": "resolved"},
            format="json",
        ).status_code in (401, 403)
    assert Incident.objects.get().status == "investigating"


def test_the_ticket_detail_carries_the_satisfaction(agent_api, open_ticket):
    ticket = open_ticket()
    assert agent_api.get(f"/api/v1/tickets/{ticket.pk}/").json()["satisfaction"] is None
    rating_record(ticket=ticket, score=Rating.Score.BAD, comment="Slow.")
    found = agent_api.get(f"/api/v1/tickets/{ticket.pk}/").json()["satisfaction"]
    assert (found["score"], found["comment"]) == ("bad", "Slow.")
    assert found["rated_at"]


def test_the_schema_names_the_incident_endpoints(agent_api):
    paths = agent_api.get("/api/schema/?format=json").json()["paths"]
    for path in (
        "/api/v1/incidents/",
        "/api/v1/incidents/{id}/",
        "/api/v1/incidents/{id}/tickets/",
        "/api/v1/incidents/{id}/updates/",
    ):
        assert path in paths
