"""Issue 26, item 12: a bulk change can be undone for a while, ticket by
ticket through the same services (the history says so), and only once."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tickets.models import Status, TicketEvent
from tickets.services.lifecycle import ticket_change_status

pytestmark = pytest.mark.django_db


def test_undo_puts_each_status_back_and_says_so_in_the_history(
    open_ticket: Any, agent: Any, agent_client: Client
) -> None:
    first, second = open_ticket(), open_ticket(email="bo@example.com")
    for ticket in (first, second):
        ticket_change_status(ticket=ticket, new_status=Status.OPEN, actor=agent)
    agent_client.post(
        "/agent/bulk/", {"tickets": [first.pk, second.pk], "change": "status:waiting"}
    )
    queue = agent_client.get("/agent/").content.decode()
    assert "Undo the last change (2 tickets)" in queue
    done = agent_client.post("/agent/bulk/undo/", follow=True).content.decode()
    assert "Undone for 2 tickets." in done
    first.refresh_from_db()
    assert first.status == Status.OPEN
    kinds = TicketEvent.objects.filter(ticket=first, kind="status_changed")
    assert [e.new_status for e in kinds.order_by("pk")] == ["open", "waiting", "open"]
    # Once only: the offer is gone, and a second press changes nothing.
    assert "Undo the last change" not in done
    again = agent_client.post("/agent/bulk/undo/", follow=True).content.decode()
    assert "There is no recent change to undo." in again


def test_undo_is_offered_for_ten_minutes(
    open_ticket: Any, agent_client: Client
) -> None:
    ticket = open_ticket()
    agent_client.post(
        "/agent/bulk/", {"tickets": [ticket.pk], "change": "priority:high"}
    )
    with time_machine.travel(timezone.now() + timedelta(minutes=11)):
        assert (
            "Undo the last change" not in agent_client.get("/agent/").content.decode()
        )
        agent_client.post("/agent/bulk/undo/")
    ticket.refresh_from_db()
    assert ticket.priority == "high"


def test_undo_takes_back_the_last_change_only(
    open_ticket: Any, agent: Any, agent_client: Client
) -> None:
    ticket = open_ticket()
    agent_client.post(
        "/agent/bulk/", {"tickets": [ticket.pk], "change": "priority:high"}
    )
    agent_client.post(
        "/agent/bulk/", {"tickets": [ticket.pk], "change": "priority:low"}
    )
    agent_client.post("/agent/bulk/undo/")
    ticket.refresh_from_db()
    assert ticket.priority == "high"  # the last change undone, not the first
