"""tickets.services.assignment: owner, priority, queue, copies, deadlines."""

import pytest

from tests.factories import AgentFactory, QueueFactory, at
from tickets import sla
from tickets.models import Priority, SLATarget, Ticket, TicketEvent
from tickets.services.assignment import (
    ticket_add_cc,
    ticket_assign,
    ticket_change_priority,
    ticket_move_queue,
    tickets_sla_recompute,
)
from tickets.services.canned import agent_profile_get
from tickets.services.errors import TicketChangedMeanwhile, TicketError
from tickets.services.replying import agent_message_post

pytestmark = pytest.mark.django_db


def test_a_transfer_keeps_the_previous_owner_following(open_ticket, agent):
    colleague = AgentFactory()
    ticket = open_ticket()
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    event = ticket_assign(ticket=ticket, assignee=colleague, actor=agent)
    assert (event.old_value, event.new_value) == ("Sam Agent", colleague.first_name)
    assert list(ticket.followers.all()) == [agent]
    assert Ticket.objects.get().assignee == colleague


def test_assigning_to_the_current_owner_is_refused(open_ticket, agent):
    ticket = open_ticket()
    with pytest.raises(TicketError, match="already assigned to nobody"):
        ticket_assign(ticket=ticket, assignee=None, actor=agent)


def test_a_stale_assignment_loses_to_the_one_that_came_first(open_ticket, agent):
    ticket = open_ticket()
    stale = Ticket.objects.get(pk=ticket.pk)
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    with pytest.raises(TicketChangedMeanwhile):
        ticket_assign(ticket=stale, assignee=AgentFactory(), actor=agent)
    assert Ticket.objects.get().assignee == agent


def test_a_returned_ticket_says_why_in_its_history(open_ticket, agent):
    ticket = open_ticket()
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    event = ticket_assign(
        ticket=ticket, assignee=None, actor=agent, reason="Away until Monday"
    )
    assert (event.kind, event.reason) == (
        TicketEvent.Kind.RETURNED,
        "Away until Monday",
    )


def test_a_higher_priority_brings_the_deadline_forward(open_ticket, agent, clock):
    ticket = open_ticket()
    before = ticket.due_at
    ticket_change_priority(ticket=ticket, priority=Priority.URGENT, actor=agent)
    ticket.refresh_from_db()
    assert ticket.due_at < before
    with pytest.raises(TicketError, match="already has that priority"):
        ticket_change_priority(ticket=ticket, priority=Priority.URGENT, actor=agent)
    with pytest.raises(TicketError, match="is not a priority"):
        ticket_change_priority(ticket=ticket, priority="asap", actor=agent)


def test_moving_queue_writes_where_from_and_where_to(open_ticket, agent):
    billing = QueueFactory(name="Billing")
    ticket = open_ticket()
    event = ticket_move_queue(ticket=ticket, queue=billing, actor=agent)
    assert (event.old_value, event.new_value) == ("General", "Billing")
    with pytest.raises(TicketError, match="already in Billing"):
        ticket_move_queue(ticket=ticket, queue=billing, actor=agent)


def test_a_copied_person_is_added_once_and_found_by_search(open_ticket, agent):
    ticket = open_ticket()
    ticket_add_cc(ticket=ticket, email="Bo@Example.com", name="Bo", actor=agent)
    assert [p.email for p in ticket.cc.all()] == ["bo@example.com"]
    assert "bo@example.com" in Ticket.objects.get().search_document
    with pytest.raises(TicketError, match="already receives"):
        ticket_add_cc(ticket=ticket, email="bo@example.com", name="", actor=agent)
    with pytest.raises(TicketError, match="already receives"):
        ticket_add_cc(ticket=ticket, email="ada@example.com", name="", actor=agent)


def test_recompute_applies_a_changed_policy_to_the_given_tickets(open_ticket, clock):
    ticket = open_ticket()  # Friday 16:00, normal: one business day
    assert ticket.due_at == at(2026, 3, 30, 16, 0)
    SLATarget.objects.filter(policy__name="Standard", priority=Priority.NORMAL).update(
        first_response_minutes=60
    )
    sla.config_changed()
    assert tickets_sla_recompute(ticket_ids=[ticket.pk]) == 1
    ticket.refresh_from_db()
    assert ticket.due_at == ticket.first_response_due_at == at(2026, 3, 27, 17, 0)


def test_a_reply_to_an_unassigned_ticket_makes_it_the_repliers(open_ticket, agent):
    ticket = open_ticket()
    agent_message_post(ticket=ticket, author=agent, kind="note", body="Looking.")
    ticket.refresh_from_db()
    assert ticket.assignee is None  # a note is no answer to the customer
    agent_message_post(ticket=ticket, author=agent, kind="reply", body="Hi")
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert ticket.events.filter(kind="assigned", new_value="Sam Agent").exists()


def test_the_preference_off_or_an_owner_leaves_the_assignee(open_ticket, agent):
    from tests.factories import AgentFactory

    agent_profile_get(user=agent)
    agent.agent_profile.assign_on_reply = False
    agent.agent_profile.save()
    ticket = open_ticket()
    agent_message_post(ticket=ticket, author=agent, kind="reply", body="Hi")
    ticket.refresh_from_db()
    assert ticket.assignee is None
    owner = AgentFactory(first_name="Olive")
    ticket_assign(ticket=ticket, assignee=owner, actor=owner)
    other = AgentFactory(first_name="Pat")
    agent_message_post(ticket=ticket, author=other, kind="reply", body="Hi")
    ticket.refresh_from_db()
    assert ticket.assignee == owner
