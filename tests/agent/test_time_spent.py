"""Time spent: given with a reply or a note, a line in the history, in the
API, and in the reports by agent, queue, organisation and ticket (CSV)."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from tickets.models import Message, TimeEntry
from tickets.services.replying import agent_message_post

pytestmark = pytest.mark.django_db


def _seen(ticket):
    return ticket.messages.filter(kind=Message.Kind.CUSTOMER).latest("pk").pk


def test_minutes_given_with_a_note_are_kept_and_in_the_history(
    agent_client, open_ticket
):
    ticket = open_ticket()
    agent_client.post(
        f"/agent/tickets/{ticket.pk}/reply/",
        {"kind": "note", "body": "Checked the logs.", "time_spent": "75"},
    )
    assert TimeEntry.objects.get().minutes == 75
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Time spent: <strong>1 h 15 min</strong>" in page


def test_a_wrong_number_of_minutes_says_so_and_keeps_the_text(
    agent_client, open_ticket
):
    ticket = open_ticket()
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/reply/",
        {
            "kind": "reply",
            "body": "Done.",
            "time_spent": "5000",
            "seen_message": _seen(ticket),
        },
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Done." in page
    assert "1440" in page
    assert not TimeEntry.objects.exists()


def test_the_reports_add_it_up_by_agent_and_ticket(client, agent, open_ticket):
    ticket = open_ticket()
    for minutes in (30, 15):
        agent_message_post(
            ticket=ticket, author=agent, kind="note", body="Work.", time_spent=minutes
        )
    agent.user_permissions.add(Permission.objects.get(codename="view_reports"))
    client.force_login(agent)
    answer = client.get("/agent/reports/?range=30&export=time_agent")
    assert answer.status_code == 200, answer.content[:300]
    rows = list(csv.reader(io.StringIO(answer.text)))
    assert rows[1] == ["Sam Agent", "45", "2"]
    tickets = list(
        csv.reader(
            io.StringIO(client.get("/agent/reports/?range=30&export=time_ticket").text)
        )
    )
    assert tickets[1][0].startswith(ticket.reference)
    assert "Time spent by organisation" in client.get("/agent/reports/").text
