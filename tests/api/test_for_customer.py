"""POST /api/v1/tickets/for-customer/: agents open a customer's ticket
from a phone system or a chat tool."""

import pytest

from tickets.models import Ticket

pytestmark = pytest.mark.django_db


def test_the_api_opens_one_for_a_customer(agent_api, api):
    body = {
        "name": "Grace Hopper",
        "email": "grace@example.com",
        "subject": "Card charged twice",
        "message": "Charged twice.",
        "channel": "chat",
        "priority": "urgent",
        "acknowledge": False,
    }
    answer = agent_api.post("/api/v1/tickets/for-customer/", body, format="json")
    assert answer.status_code == 201, answer.content
    ticket = Ticket.objects.get()
    assert answer.json()["reference"] == ticket.reference
    assert (ticket.priority, ticket.messages.get().source) == ("urgent", "chat")
    history = agent_api.get(f"/api/v1/tickets/{ticket.pk}/history/").json()
    assert history[0]["text"] == "Ticket opened by Sam Agent for the customer (Chat)"
    assert history[0]["by_customer"] is False
    refused = api.post("/api/v1/tickets/for-customer/", body, format="json")
    assert refused.status_code in (401, 403)
