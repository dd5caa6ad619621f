"""Linking tickets to an incident (each link one line of history, already
linked ones left alone, unlinking too) and what the composer sends (a reply
to an unassigned ticket makes it the replier's unless they said not to; a
note with a refused status leaves nothing behind)."""

import pytest

from tickets.models import AgentProfile, Message, Status, TicketEvent
from tickets.services.errors import TicketError
from tickets.services.incidents import incident_create
from tickets.services.lifecycle import ticket_change_status
from tickets.services.linking import incident_link
from tickets.services.replying import agent_message_post

pytestmark = pytest.mark.django_db


def _links(ticket):
    return list(
        ticket.events.filter(kind=TicketEvent.Kind.INCIDENT_LINKED).values_list(
            "old_value", "new_value"
        )
    )


def test_linking_writes_one_line_per_ticket_and_leaves_linked_ones(open_ticket, agent):
    first, second = open_ticket(), open_ticket(email="b@example.com")
    outage = incident_create(title="Outage", summary="", actor=agent)
    made = incident_link(incident=outage, tickets=[first, second], actor=agent)
    assert [e.ticket_id for e in made] == [first.pk, second.pk]
    again = incident_link(incident=outage, tickets=[first], actor=agent)
    assert again == []
    assert _links(first) == [("", "Outage")]
    first.refresh_from_db()
    assert first.incident_id == outage.pk


def test_moving_and_unlinking_say_from_what(open_ticket, agent):
    ticket = open_ticket()
    old = incident_create(title="Login", summary="", actor=agent)
    new = incident_create(title="Checkout", summary="", actor=agent)
    incident_link(incident=old, tickets=[ticket], actor=agent)
    incident_link(incident=new, tickets=[ticket], actor=agent)
    incident_link(incident=None, tickets=[ticket], actor=agent)
    assert _links(ticket) == [("", "Login"), ("Login", "Checkout"), ("Checkout", "")]
    ticket.refresh_from_db()
    assert ticket.incident_id is None


def test_a_reply_to_an_unassigned_ticket_makes_it_the_repliers(open_ticket, agent):
    ticket = open_ticket()
    agent_message_post(
        ticket=ticket, author=agent, kind=Message.Kind.REPLY, body="On it."
    )
    ticket.refresh_from_db()
    assert ticket.assignee == agent
    assert ticket.status == Status.OPEN


def test_an_agent_who_said_no_does_not_take_it_by_replying(open_ticket, agent):
    AgentProfile.objects.create(user=agent, assign_on_reply=False)
    agent.refresh_from_db()
    ticket = open_ticket()
    agent_message_post(
        ticket=ticket, author=agent, kind=Message.Kind.REPLY, body="A quick hint."
    )
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_a_note_with_a_refused_status_leaves_no_note_behind(open_ticket, agent):
    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    ticket.refresh_from_db()
    with pytest.raises(TicketError):
        agent_message_post(
            ticket=ticket,
            author=agent,
            kind=Message.Kind.NOTE,
            body="Checked the logs.",
            new_status=Status.WAITING,
        )
    assert not ticket.messages.filter(kind=Message.Kind.NOTE).exists()
