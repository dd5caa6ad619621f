"""Tags and merges through the API: validated, named in the schema, and
through the same services as the workspace."""

import pytest

from tickets.models import Status, Ticket

pytestmark = pytest.mark.django_db


def test_tags_are_added_set_and_listed(agent_api, open_ticket):
    ticket = open_ticket()
    url = f"/api/v1/tickets/{ticket.pk}/tags/"
    added = agent_api.post(url, {"add": ["refund", "VIP"]}, format="json")
    assert added.status_code == 200
    assert added.json()["tags"] == ["VIP", "refund"]
    kept = agent_api.put(url, {"tags": ["refund", "later"]}, format="json").json()
    assert kept["tags"] == ["later", "refund"]
    listed = agent_api.get("/api/v1/tickets/", {"tag": "LATER"}).json()
    assert [t["id"] for t in listed["results"]] == [ticket.pk]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"add": ["x" * 500]}, "add"),
        ({"add": ["   "]}, "add"),
        ({"remove": ["a,b"]}, "remove"),
    ],
)
def test_a_bad_tag_is_a_400_naming_the_field(agent_api, open_ticket, body, field):
    ticket = open_ticket()
    response = agent_api.post(f"/api/v1/tickets/{ticket.pk}/tags/", body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_merge_through_the_api(agent_api, open_ticket):
    survivor, other = open_ticket(), open_ticket()
    response = agent_api.post(
        f"/api/v1/tickets/{survivor.pk}/merge/", {"tickets": [other.pk]}, format="json"
    )
    assert response.status_code == 200
    merged = agent_api.get(f"/api/v1/tickets/{other.pk}/").json()
    assert (merged["status"], merged["merged_into"]) == (Status.CLOSED, survivor.pk)


@pytest.mark.parametrize(
    ("case", "field"),
    [
        ("itself", "tickets"),
        ("missing", "tickets"),
        ("stranger", "other_customers_confirmed"),
    ],
)
def test_a_bad_merge_is_a_400_naming_the_field(agent_api, open_ticket, case, field):
    survivor = open_ticket()
    other = {
        "itself": survivor.pk,
        "missing": 999_999,
        "stranger": open_ticket(email="bo@example.com").pk,
    }[case]
    response = agent_api.post(
        f"/api/v1/tickets/{survivor.pk}/merge/", {"tickets": [other]}, format="json"
    )
    assert response.status_code == 400
    assert field in response.json()
    assert not Ticket.objects.filter(merged_into=survivor).exists()
