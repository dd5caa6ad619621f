"""tickets.services.audience: who hears about each step, each once."""

import pytest
from django.contrib.auth.models import Group
from django.db import transaction

from notifications.models import Notification
from tests.factories import AgentFactory
from tickets.models import AgentProfile, Queue, Ticket, TicketEvent
from tickets.services.assignment import ticket_add_cc, ticket_assign
from tickets.services.audience import event_announce, recipients

pytestmark = pytest.mark.django_db
Kind = Notification.Kind


def _who(event):
    return sorted((r.kind, r.email) for r in recipients(event))


def _event(ticket, kind):
    return TicketEvent.objects.create(ticket=ticket, kind=kind)


def test_customer_steps_reach_the_customer_and_everyone_in_copy(open_ticket, agent):
    ticket = open_ticket()
    ticket_add_cc(ticket=ticket, email="bo@example.com", name="Bo", actor=agent)
    assert _who(_event(ticket, TicketEvent.Kind.REPLIED)) == [
        (Kind.REPLY, "ada@example.com"),
        (Kind.REPLY, "bo@example.com"),
    ]
    # Nobody is in copy of a ticket being opened.
    assert _who(ticket.events.get(kind=TicketEvent.Kind.CREATED)) == [
        (Kind.ACKNOWLEDGEMENT, "ada@example.com")
    ]


def test_alerts_go_to_the_owner_else_to_the_queue_s_agents(open_ticket, agent):
    colleague = AgentFactory()
    Queue.objects.get(slug="general").agents.add(colleague)
    ticket = open_ticket()
    warning = _event(ticket, TicketEvent.Kind.SLA_WARNING)
    assert _who(warning) == [(Kind.SLA_WARNING, colleague.email)]
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    assert _who(warning) == [(Kind.SLA_WARNING, agent.email)]


def test_a_breach_also_reaches_the_escalation_group(open_ticket, agent):
    boss = AgentFactory()
    leads = Group.objects.create(name="Team leads")
    boss.groups.add(leads)
    ticket = open_ticket()
    ticket.sla_policy.escalation_group = leads
    ticket.sla_policy.save()
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    assert _who(_event(Ticket.objects.get(), TicketEvent.Kind.SLA_BREACHED)) == [
        (Kind.SLA_BREACHED, agent.email),
        (Kind.SLA_BREACHED, boss.email),
    ]


def test_agents_who_turned_an_email_off_do_not_get_it(open_ticket, agent):
    Queue.objects.get(slug="general").agents.add(agent)
    AgentProfile.objects.create(user=agent, notify_new_ticket=False)
    ticket = open_ticket()
    assert _who(ticket.events.get(kind=TicketEvent.Kind.CREATED)) == [
        (Kind.ACKNOWLEDGEMENT, "ada@example.com")
    ]


def test_internal_steps_reach_nobody(open_ticket):
    assert _who(_event(open_ticket(), TicketEvent.Kind.NOTE_ADDED)) == []


def test_news_for_the_customer_restarts_the_silence_clock_agent_mail_does_not(
    open_ticket, agent, clock
):
    ticket = open_ticket()
    Ticket.objects.update(last_customer_news_at=None)
    event_announce(event=_event(ticket, TicketEvent.Kind.SLA_WARNING))
    assert Ticket.objects.get().last_customer_news_at is None
    event = _event(ticket, TicketEvent.Kind.STILL_WORKING)
    event_announce(event=event)
    assert Ticket.objects.get().last_customer_news_at == event.created_at


def test_one_person_in_two_roles_gets_one_email(open_ticket, agent):
    # An agent of the queue opens a ticket as a customer: acknowledgement and
    # "new ticket" both address them; the first wins, the second is dropped.
    Queue.objects.get(slug="general").agents.add(agent)
    ticket = open_ticket(email=agent.email.upper())
    rows = Notification.objects.filter(ticket=ticket)
    assert [(r.kind, r.recipient_email.lower()) for r in rows] == [
        (Kind.ACKNOWLEDGEMENT, agent.email)
    ]


def _told_of_new_tickets(open_ticket):
    event = open_ticket().events.get(kind=TicketEvent.Kind.CREATED)
    return [r.email for r in recipients(event) if r.kind == Kind.AGENT_NEW_TICKET]


def test_who_hears_of_new_tickets_follows_every_change_in_admin(open_ticket, agent):
    # Kept in each process between changes: every change below must show
    # on the very next ticket.
    general = Queue.objects.get(slug="general")
    assert _told_of_new_tickets(open_ticket) == []
    general.agents.add(agent)
    assert _told_of_new_tickets(open_ticket) == [agent.email]
    AgentProfile.objects.create(user=agent, notify_new_ticket=False)
    assert _told_of_new_tickets(open_ticket) == []
    agent.agent_profile.notify_new_ticket = True
    agent.agent_profile.save()
    assert _told_of_new_tickets(open_ticket) == [agent.email]
    agent.is_active = False
    agent.save()
    assert _told_of_new_tickets(open_ticket) == []
    agent.is_active = True
    agent.save()
    general.agents.remove(agent)
    assert _told_of_new_tickets(open_ticket) == []


def test_the_default_queue_chosen_in_admin_takes_the_next_ticket(open_ticket):
    general = open_ticket().queue
    assert general.slug == "general"
    general.is_default = False
    general.save()
    billing = Queue.objects.create(name="Billing", slug="billing", is_default=True)
    assert open_ticket().queue == billing


def test_a_queue_made_by_a_request_that_failed_is_never_used(open_ticket):
    # No queue at all: the first ticket makes one. Its request fails after,
    # and the queue is rolled back with it; the next ticket must not point
    # at the queue that never was.
    Queue.objects.all().delete()

    def failing_request():
        with transaction.atomic():
            open_ticket()
            raise RuntimeError("the request failed after")

    with pytest.raises(RuntimeError):
        failing_request()
    assert not Queue.objects.exists()
    ticket = open_ticket()
    assert Queue.objects.filter(pk=ticket.queue_id, is_default=True).exists()
