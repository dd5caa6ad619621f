"""Custom fields and categories through the API: written when a ticket is
opened and later, read back, filtered by; every mistake a 400 naming the
field."""

import pytest

from tickets.models import CustomField, Queue, TicketCategory

pytestmark = pytest.mark.django_db

OPENING = {
    "name": "Ada Lovelace",
    "email": "ada@example.com",
    "subject": "Invoice",
    "message": "Wrong VAT.",
}


@pytest.fixture
def asked(db):
    queue = Queue.objects.create(name="Billing", slug="billing")
    category = TicketCategory.objects.create(name="Billing", queue=queue)
    CustomField.objects.create(
        key="order", label="Order", kind="text", who="customer", required="opening"
    )
    CustomField.objects.create(key="seats", label="Seats", kind="number")
    return category


def test_a_ticket_opened_with_fields_reads_them_back(api, agent_api, asked):
    created = api.post(
        "/api/v1/tickets/",
        OPENING | {"category": asked.pk, "custom_fields": {"order": "A-1"}},
        format="json",
    )
    assert created.status_code == 201
    listed = agent_api.get("/api/v1/tickets/", {"q": "order:A-1"}).json()["results"]
    (ticket,) = listed
    assert ticket["custom_fields"] == {"order": "A-1"}
    assert ticket["category"] == asked.pk
    changed = agent_api.post(
        f"/api/v1/tickets/{ticket['id']}/fields/",
        {"custom_fields": {"seats": "12"}, "category": None},
        format="json",
    )
    assert changed.json()["custom_fields"] == {"order": "A-1", "seats": 12}
    assert changed.json()["category"] is None
    by_value = agent_api.get("/api/v1/tickets/", {"field": "seats", "value": "12.0"})
    assert [t["id"] for t in by_value.json()["results"]] == [ticket["id"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"custom_fields": {}}, "custom_fields"),  # the order is required
        ({"custom_fields": {"order": "A", "seats": 3}}, "custom_fields"),  # agents'
        ({"custom_fields": {"order": "x" * 201}}, "custom_fields"),
        ({"custom_fields": {"order": "A"}, "category": 99999}, "category"),
    ],
)
def test_bad_values_are_a_400_naming_the_field(api, asked, body, field):
    response = api.post("/api/v1/tickets/", OPENING | body, format="json")
    assert response.status_code == 400
    assert field in response.json()


def test_a_bad_value_later_is_a_400_and_nothing_changes(agent_api, open_ticket, asked):
    ticket = open_ticket()
    response = agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/fields/",
        {"custom_fields": {"seats": "lots"}},
        format="json",
    )
    assert response.status_code == 400
    assert "Write a number" in response.json()["custom_fields"]["seats"]
    again = agent_api.get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert again["custom_fields"] == {}
