"""GET /api/v1/tickets/<id>/history/: every event with its typed facts and
the timeline's line, in the language the request asks for."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tickets.services.assignment import ticket_change_priority
from tickets.services.commitments import promise_make
from tickets.services.lifecycle import reply_post

pytestmark = pytest.mark.django_db


def test_the_history_lists_each_event_with_its_facts_and_words(
    agent_api, agent, open_ticket
):
    ticket = open_ticket()
    due = timezone.now() + timedelta(days=1)
    promise = promise_make(
        ticket=ticket, description="A corrected invoice", due_at=due, actor=agent
    )
    ticket_change_priority(ticket=ticket, priority="urgent", actor=agent)
    reply_post(ticket=ticket, author=agent, body="On its way.")
    response = agent_api.get(f"/api/v1/tickets/{ticket.pk}/history/")
    assert response.status_code == 200
    rows = response.json()
    assert [row["kind"] for row in rows] == [
        "created",
        "promise_made",
        "priority_changed",
        "status_changed",  # answering a new ticket opens it
        "replied",
    ]
    created, promised, priority, opened, replied = rows
    assert opened["text"] == "Status New → Open by Sam Agent"
    assert opened["facts"] == {
        "old_status": "new",
        "new_status": "open",
        "reason": "",
    }
    assert created["by_customer"] is True
    assert created["text"] == "Ticket opened by the customer"
    assert promised["facts"] == {
        "promise": {"id": promise.pk, "description": "A corrected invoice"},
        "due_at": due.isoformat(),
    }
    assert priority["facts"] == {"was": "normal", "now": "urgent"}
    assert priority["text"] == "Priority changed: Normal → Urgent by Sam Agent"
    assert priority["actor"] == "Sam Agent"
    assert replied["facts"]["message"] == ticket.messages.get(kind="reply").pk


def test_the_words_follow_the_requested_language(agent_api, agent, open_ticket):
    ticket = open_ticket()
    ticket_change_priority(ticket=ticket, priority="high", actor=agent)
    german = agent_api.get(
        f"/api/v1/tickets/{ticket.pk}/history/", HTTP_ACCEPT_LANGUAGE="de"
    ).json()
    assert german[-1]["text"] == "Priorität geändert: Normal → Hoch von Sam Agent"
    assert german[-1]["facts"] == {"was": "normal", "now": "high"}


def test_only_agents_read_a_history(api, outsider_api, open_ticket):
    ticket = open_ticket()
    assert api.get(f"/api/v1/tickets/{ticket.pk}/history/").status_code in (401, 403)
    assert outsider_api.get(f"/api/v1/tickets/{ticket.pk}/history/").status_code == 403
    assert api.get("/api/v1/tickets/999999/history/").status_code in (401, 403)
