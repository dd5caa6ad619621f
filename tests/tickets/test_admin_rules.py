"""Rules and webhooks in Django admin: written with their conditions and
actions, each checked when saved (a mistake next to it, nothing typed
lost), a dry run before switching a rule on, and a webhook's secret shown
once."""

import re

import pytest
from django.contrib.auth.models import Group

from notifications.models import Webhook
from tests.factories import UserFactory
from tickets.models import Customer, Rule
from tickets.services.lifecycle import ticket_open

pytestmark = pytest.mark.django_db


def _form(**overrides):
    data = {
        "name": "VIP billing",
        "trigger": "created",
        "match": "all",
        "position": "10",
        "conditions-TOTAL_FORMS": "2",
        "conditions-INITIAL_FORMS": "0",
        "conditions-0-field": "vip",
        "conditions-0-operator": "is",
        "conditions-0-value": "yes",
        "conditions-1-field": "subject",
        "conditions-1-operator": "contains",
        "conditions-1-value": "billing",
        "actions-TOTAL_FORMS": "2",
        "actions-INITIAL_FORMS": "0",
        "actions-0-action": "assign",
        "actions-0-value": "alice",
        "actions-1-action": "add_tags",
        "actions-1-value": "refund",
    }
    return data | overrides


@pytest.fixture
def alice():
    user = UserFactory(username="alice")
    user.groups.add(Group.objects.get_or_create(name="Agents")[0])
    return user


def test_a_rule_is_written_with_its_conditions_and_actions(admin_client, alice):
    response = admin_client.post("/admin/tickets/rule/add/", _form())
    assert response.status_code == 302
    rule = Rule.objects.get()
    assert [(c.field, c.value) for c in rule.conditions.all()] == [
        ("vip", "yes"),
        ("subject", "billing"),
    ]
    assert [a.action for a in rule.actions.all()] == ["assign", "add_tags"]
    assert rule.is_active is False  # switched on after the dry run


@pytest.mark.parametrize(
    ("overrides", "said"),
    [
        ({"actions-0-value": "nobody-here"}, "does not fit this action"),
        (
            {"actions-0-action": "set_priority", "actions-0-value": "soon"},
            "does not fit",
        ),
        ({"conditions-0-value": "perhaps"}, "One of: yes, no."),
        (
            {"actions-0-action": "post_slack", "actions-0-value": "http://10.1.2.3/x"},
            "private or local",
        ),
        ({"trigger": "time"}, "A time rule needs an “hours since” condition"),
        (
            {"trigger": "time", "conditions-1-field": "hours_waiting"},
            "Hours are compared with “is at least” or “is under”.",
        ),
        (
            {
                "trigger": "time",
                "conditions-1-field": "hours_waiting",
                "conditions-1-operator": "at_least",
                "conditions-1-value": "three days",
            },
            "A number of hours, such as 72 or 1.5.",
        ),
        ({"conditions-1-operator": "at_least"}, "Only hours are compared as numbers."),
    ],
)
def test_a_mistake_is_said_next_to_it_and_the_rest_kept(
    admin_client, alice, overrides, said, settings
):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    response = admin_client.post("/admin/tickets/rule/add/", _form(**overrides))
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert 'value="VIP billing"' in page
    assert not Rule.objects.exists()


def test_the_dry_run_lists_the_open_tickets_it_would_act_on(admin_client, alice):
    admin_client.post("/admin/tickets/rule/add/", _form())
    rule = Rule.objects.get()
    Customer.objects.create(name="Vera", email="vip@example.com", is_vip=True)
    vip = ticket_open(
        name="Vera", email="vip@example.com", subject="Billing twice", message="x"
    )
    ticket_open(name="Ada", email="ada@example.com", subject="Billing", message="x")
    change = admin_client.get(f"/admin/tickets/rule/{rule.pk}/change/").content
    assert b"Which open tickets would it act on today?" in change
    page = admin_client.get(f"/admin/tickets/rule/{rule.pk}/dry-run/").content.decode()
    assert "Today its conditions hold for 1 open ticket." in page
    assert vip.reference in page
    assert "assign the ticket to: <code>alice</code>" in page
    assert "nothing has been changed" in page


def test_a_webhook_s_secret_is_shown_once_and_a_private_address_refused(
    admin_client, settings
):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    refused = admin_client.post(
        "/admin/notifications/webhook/add/",
        {"name": "CRM", "url": "http://127.0.0.1/hook", "kinds": ["created"]},
    )
    assert "We do not post to this address" in refused.content.decode()
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    made = admin_client.post(
        "/admin/notifications/webhook/add/",
        {
            "name": "CRM",
            "url": "http://127.0.0.1:9/hook",
            "kinds": ["created", "status_changed"],
            "is_active": "on",
        },
        follow=True,
    )
    hook = Webhook.objects.get()
    assert hook.kinds == ["created", "status_changed"]
    assert hook.secret in made.content.decode()
    again = admin_client.get(f"/admin/notifications/webhook/{hook.pk}/change/")
    assert hook.secret not in again.content.decode()
    assert re.search(r"Log</a>", again.content.decode())


def test_a_time_rule_is_written_and_its_dry_run_counts_the_waiting_tickets(
    admin_client, alice, clock
):
    from datetime import timedelta

    from tickets.services.lifecycle import ticket_change_status

    form = _form(
        name="Remind after 3 days",
        trigger="time",
        **{
            "conditions-TOTAL_FORMS": "1",
            "conditions-0-field": "hours_waiting",
            "conditions-0-operator": "at_least",
            "conditions-0-value": "72",
            "actions-TOTAL_FORMS": "1",
            "actions-0-action": "reply",
            "actions-0-value": "Hello {{ customer_first_name }}, any news?",
        },
    )
    assert admin_client.post("/admin/tickets/rule/add/", form).status_code == 302
    rule = Rule.objects.get()
    ticket = ticket_open(name="Ada", email="ada@example.com", subject="x", message="y")
    ticket_change_status(ticket=ticket, new_status="waiting", actor=alice)
    clock.shift(timedelta(hours=80))
    page = admin_client.get(f"/admin/tickets/rule/{rule.pk}/dry-run/").content.decode()
    assert "1 open ticket" in page
    assert ticket.reference in page
