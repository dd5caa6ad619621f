"""Macros through the API: listed for the agent (shared and their own),
applied to a ticket as the composer applies them."""

import pytest

from tests.factories import UserFactory
from tickets.models import Macro, MacroAction

pytestmark = pytest.mark.django_db


@pytest.fixture
def refund():
    macro = Macro.objects.create(
        name="Refund", reply="Hello {{ customer_first_name }}, refunded."
    )
    MacroAction.objects.create(macro=macro, action="set_status", value="waiting")
    MacroAction.objects.create(macro=macro, action="assign", value="nobody-here")
    return macro


def test_the_agent_lists_the_shared_macros_and_their_own(agent_api, refund):
    Macro.objects.create(name="Kim's", reply="x", owner=UserFactory(username="kim"))
    listed = agent_api.get("/api/v1/macros/").json()
    assert [(m["name"], m["shared"]) for m in listed] == [("Refund", True)]
    assert listed[0]["actions"][0] == {"action": "set_status", "value": "waiting"}


def test_a_macro_applied_sends_its_reply_and_says_what_it_could_not_do(
    agent_api, open_ticket, refund
):
    ticket = open_ticket()
    response = agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/macros/{refund.pk}/", {}, format="json"
    )
    assert response.status_code == 200
    body = response.json()
    assert body["ticket"]["status"] == "waiting"
    assert body["did"] == ["set_status"]
    assert body["skipped"][0]["action"] == "assign"
    assert "nobody-here" in body["skipped"][0]["reason"]
    assert ticket.messages.filter(kind="reply").get().body == "Hello Ada, refunded."


def test_the_text_given_replaces_the_macros_reply(agent_api, open_ticket, refund):
    ticket = open_ticket()
    agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/macros/{refund.pk}/",
        {"body": "Dear {{ customer_first_name }}, 20 EUR back.", "new_status": "open"},
        format="json",
    )
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert ticket.messages.filter(kind="reply").get().body == "Dear Ada, 20 EUR back."


def test_another_agents_macro_is_not_found(agent_api, open_ticket):
    kims = Macro.objects.create(name="Kim's", reply="x", owner=UserFactory())
    ticket = open_ticket()
    response = agent_api.post(
        f"/api/v1/tickets/{ticket.pk}/macros/{kims.pk}/", {}, format="json"
    )
    assert response.status_code == 404
    assert not ticket.messages.filter(kind="reply").exists()
