"""Time spent through the API: given with a message, added up on the
ticket, refused outside 1 to 1,440 minutes with a 400 naming the field."""

import pytest

pytestmark = pytest.mark.django_db


def test_minutes_sent_with_a_note_add_up_on_the_ticket(agent_api, open_ticket):
    ticket = open_ticket()
    url = f"/api/v1/tickets/{ticket.pk}/messages/"
    for minutes in (30, 15):
        sent = agent_api.post(
            url, {"kind": "note", "body": "Work.", "time_spent": minutes}, format="json"
        )
        assert sent.status_code == 201
    detail = agent_api.get(f"/api/v1/tickets/{ticket.pk}/").json()
    assert detail["time_spent_minutes"] == 45
    refused = agent_api.post(
        url, {"kind": "note", "body": "Work.", "time_spent": 0}, format="json"
    )
    assert refused.status_code == 400
    assert "time_spent" in refused.json()
