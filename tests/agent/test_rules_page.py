"""The rules in the workspace, for staff: what each waits for, tests and
does, how often it acted this week, its last problem; switched on or off
there."""

import pytest

from tickets.models import Rule, RuleAction, RuleCondition
from tickets.services.lifecycle import ticket_open

pytestmark = pytest.mark.django_db


@pytest.fixture
def vip_rule():
    rule = Rule.objects.create(name="VIP billing", trigger="created", is_active=True)
    RuleCondition.objects.create(
        rule=rule, field="subject", operator="contains", value="billing"
    )
    RuleAction.objects.create(rule=rule, action="add_tags", value="refund")
    return rule


@pytest.fixture
def staff_client(client, staff_agent):
    from django.contrib.auth.models import Group

    staff_agent.groups.add(Group.objects.get_or_create(name="Agents")[0])
    client.force_login(staff_agent)
    return client


def test_staff_read_each_rule_and_how_often_it_acted(staff_client, vip_rule):
    for n in range(2):
        ticket_open(
            name="Ada", email=f"a{n}@example.com", subject="Billing", message="x"
        )
    ticket_open(name="Bob", email="b@example.com", subject="Login", message="x")
    page = staff_client.get("/agent/rules/").content.decode()
    assert "VIP billing" in page
    assert "Subject contains billing" in page
    assert "add the tags refund" in page
    assert "2 times" in page
    assert "On: switch off" in page


def test_staff_switch_a_rule_off_and_it_stops(staff_client, vip_rule):
    response = staff_client.post(f"/agent/rules/{vip_rule.pk}/switch/", {"on": "0"})
    assert response.status_code == 302
    vip_rule.refresh_from_db()
    assert vip_rule.is_active is False
    ticket = ticket_open(
        name="Ada", email="a@example.com", subject="Billing", message="x"
    )
    assert not ticket.tags.exists()


def test_an_agent_who_is_not_staff_neither_reads_nor_switches(agent_client, vip_rule):
    assert agent_client.get("/agent/rules/").status_code == 403
    agent_client.post(f"/agent/rules/{vip_rule.pk}/switch/", {"on": "0"})
    vip_rule.refresh_from_db()
    assert vip_rule.is_active is True
