"""Automatic assignment per queue: round robin or the fewest open tickets,
among the queue's agents who are not away; off leaves tickets waiting; a
rule that assigns has the last word."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from tests.factories import UserFactory
from tickets.models import AgentProfile, Queue, TicketEvent
from tickets.services.assignment import ticket_assign, ticket_move_queue
from tickets.services.lifecycle import ticket_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def team():
    agents = []
    for name in ("ann", "ben", "cai"):
        user = UserFactory(username=name, first_name=name.title())
        user.groups.add(Group.objects.get_or_create(name="Agents")[0])
        agents.append(user)
    queue = Queue.objects.get(is_default=True)
    queue.agents.set(agents)
    return queue, agents


def _open(n=0):
    return ticket_open(
        name="Ada", email=f"ada{n}@example.com", subject="Help", message="x"
    )


def _mode(queue, mode):
    queue.assignment = mode
    queue.save()  # in force at once, as an admin's change is


def test_off_leaves_new_tickets_in_the_queue(team):
    ticket = _open()
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_round_robin_goes_round_the_agents_in_turn(team):
    queue, (ann, ben, cai) = team
    _mode(queue, "round_robin")
    owners = []
    for n in range(4):
        ticket = _open(n)
        ticket.refresh_from_db()
        owners.append(ticket.assignee)
    assert owners == [ann, ben, cai, ann]
    assigned = ticket.events.get(kind=TicketEvent.Kind.ASSIGNED)
    assert assigned.actor.first_name == "Automation"


def test_an_agent_who_is_away_or_has_left_is_skipped(team):
    queue, (ann, ben, cai) = team
    _mode(queue, "round_robin")
    AgentProfile.objects.create(user=ann, away_until=timezone.now() + timedelta(days=2))
    cai.is_active = False
    cai.save()
    owners = []
    for n in range(2):
        ticket = _open(n)
        ticket.refresh_from_db()
        owners.append(ticket.assignee)
    assert owners == [ben, ben]


def test_fewest_open_tickets_goes_to_the_least_busy(team):
    queue, (ann, ben, cai) = team
    for n, agent in enumerate([ann, ann, cai]):
        ticket_assign(ticket=_open(10 + n), assignee=agent, actor=agent)
    _mode(queue, "fewest_open")
    ticket = _open()
    ticket.refresh_from_db()
    assert ticket.assignee == ben


def test_nobody_to_give_it_to_leaves_it_waiting(team):
    queue, _agents = team
    queue.agents.clear()
    _mode(queue, "round_robin")
    ticket = _open()
    ticket.refresh_from_db()
    assert ticket.assignee is None


def test_a_ticket_moved_into_the_queue_unassigned_is_given_out(team, agent):
    queue, (ann, _ben, _cai) = team
    other = Queue.objects.create(name="Billing", slug="billing")
    ticket = _open()
    ticket_move_queue(ticket=ticket, queue=other, actor=agent)
    _mode(other, "round_robin")
    other.agents.set([ann])
    ticket_move_queue(ticket=ticket, queue=queue, actor=agent)
    ticket.refresh_from_db()
    assert ticket.assignee is None  # the default queue is off
    ticket_move_queue(ticket=ticket, queue=other, actor=agent)
    ticket.refresh_from_db()
    assert ticket.assignee == ann


def test_a_rule_that_assigns_has_the_last_word(team):
    from tickets.models import Rule, RuleAction
    from tickets.services.automation import rules_forget

    queue, (_ann, _ben, cai) = team
    _mode(queue, "round_robin")
    rule = Rule.objects.create(name="To Cai", trigger="created", is_active=True)
    RuleAction.objects.create(rule=rule, action="assign", value="cai")
    rules_forget()
    ticket = _open()
    ticket.refresh_from_db()
    assert ticket.assignee == cai
