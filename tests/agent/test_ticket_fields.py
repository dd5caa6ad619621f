"""The ticket page's fields: the category and values shown and changed,
a mistake next to its field with what was typed, the same query count
with 20 fields."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tickets.models import CustomField, TicketCategory, TicketEvent
from tickets.selectors.fields import values_of
from tickets.services.fields import ticket_fields_set

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(db):
    return CustomField.objects.create(
        key="plan", label="Plan", kind="choice", choices="Free\nPro"
    )


def test_an_agent_sets_fields_and_the_category(agent_client, open_ticket, plan):
    category = TicketCategory.objects.create(name="Billing")
    ticket = open_ticket()
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Edit fields" in page
    form = agent_client.get(f"/agent/tickets/{ticket.pk}/fields/", {"part": 1})
    assert 'name="field_plan"' in form.content.decode()
    assert "<html" not in form.content.decode()  # the form alone, for the panel
    whole = agent_client.get(f"/agent/tickets/{ticket.pk}/fields/").content.decode()
    assert 'name="field_plan"' in whole
    assert "<html" in whole
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/fields/",
        {"category": category.pk, "field_plan": "Pro"},
        follow=True,
    )
    assert "1 field saved." in response.content.decode()
    assert "<dt>Plan</dt><dd>Pro</dd>" in response.content.decode()
    ticket.refresh_from_db()
    assert ticket.category == category
    assert list(values_of(ticket).values()) == [["Pro"]]
    kinds = set(ticket.events.values_list("kind", flat=True))
    assert {TicketEvent.Kind.FIELD_CHANGED, TicketEvent.Kind.CATEGORY_CHANGED} <= kinds
    # Both changes are lines of the ticket's history, with who made them.
    history = " ".join(response.content.decode().split())
    assert "Plan: <strong>Pro</strong> by Sam Agent" in history
    assert "Category: <strong>Billing</strong> by Sam Agent" in history


def test_a_mistake_comes_back_next_to_the_field_with_what_was_typed(
    agent_client, open_ticket, plan
):
    CustomField.objects.create(key="seats", label="Seats", kind="number")
    ticket = open_ticket()
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/fields/",
        {"field_plan": "Pro", "field_seats": "many"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Write a number, like 42 or 3.5." in page
    assert 'value="many"' in page
    assert values_of(ticket) == {}  # nothing half-saved


def test_the_page_costs_the_same_queries_with_20_fields(
    agent_client, agent, open_ticket
):
    ticket = open_ticket()
    url = f"/agent/tickets/{ticket.pk}/"
    CustomField.objects.create(key="f0", label="F0", kind="text")
    agent_client.get(url)
    with CaptureQueriesContext(connection) as one:
        agent_client.get(url)
    for n in range(1, 20):
        CustomField.objects.create(key=f"f{n}", label=f"F{n}", kind="text")
    ticket_fields_set(
        ticket=ticket, actor=agent, raw={f"f{n}": f"value {n}" for n in range(20)}
    )
    agent_client.get(url)
    with CaptureQueriesContext(connection) as twenty:
        page = agent_client.get(url).content.decode()
    assert "<dt>F19</dt><dd>value 19</dd>" in page
    assert len(twenty.captured_queries) == len(one.captured_queries)


def test_the_queue_filters_and_searches_by_a_field_and_sets_it_in_bulk(
    agent_client, agent, open_ticket, plan
):
    pro = open_ticket(subject="Pro customer asks")
    free = open_ticket(subject="Free customer asks")
    ticket_fields_set(ticket=pro, actor=agent, raw={"plan": "Pro"})
    for query in ({"field": "plan", "value": "pro"}, {"q": "plan:Pro"}):
        page = agent_client.get("/agent/", query).content.decode()
        assert "Pro customer asks" in page
        assert "Free customer asks" not in page
    response = agent_client.post(
        "/agent/bulk/",
        {"tickets": [free.pk], "change": "field:plan", "field_value": "Gold"},
        follow=True,
    )
    assert "not one of the choices" in response.content.decode()
    agent_client.post(
        "/agent/bulk/",
        {"tickets": [free.pk], "change": "field:plan", "field_value": "free"},
    )
    assert list(values_of(free).values()) == [["Free"]]
