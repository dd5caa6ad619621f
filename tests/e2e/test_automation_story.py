"""Issue 29, in Chromium: an admin writes "VIP billing -> Alice, tag refund,
post to Slack" in the admin, looks at the dry run, switches it on; a VIP
customer writes through the web form; Alice has the ticket, the history
says why, and a receiver on loopback gets the Slack post and the CRM hook's
signed post, each exactly once."""

import hashlib
import hmac
import json

import pytest
from django.contrib.auth.models import Group

from notifications.models import Webhook
from tests.e2e.conftest import PASSWORD, sign_in
from tests.factories import UserFactory
from tests.notifications.test_webhooks import Receiver
from tickets.models import Customer, Rule, Ticket
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_admin_routes_vip_billing_to_alice(new_page, artifacts, settings):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    receiver = Receiver()
    try:
        _story(new_page, artifacts, receiver)
    finally:
        receiver.stop()


def _story(new_page, artifacts, receiver):
    UserFactory(username="alex", is_staff=True, is_superuser=True, first_name="Alex")
    alice = UserFactory(username="alice", first_name="Alice", last_name="Archer")
    alice.groups.add(Group.objects.get_or_create(name="Agents")[0])
    hook = Webhook.objects.create(name="CRM", url=receiver.url, kinds=["created"])
    Customer.objects.create(name="Vera Vance", email="vera@example.com", is_vip=True)
    earlier = ticket_open(
        name="Vera Vance",
        email="vera@example.com",
        subject="Billing address wrong",
        message="x",
    )
    receiver.posts.clear()  # the hook heard of that one: the story starts now

    admin = new_page()
    admin.goto("/agent/login/")
    admin.fill("input[name=username]", "alex")
    admin.fill("input[name=password]", PASSWORD)
    admin.click("button[type=submit]")
    admin.wait_for_url("**/agent/")
    admin.goto("/admin/tickets/rule/add/")
    admin.fill("input[name=name]", "VIP billing")
    admin.select_option("select[name=trigger]", "created")
    admin.select_option("select[name=conditions-0-field]", "vip")
    admin.fill("input[name=conditions-0-value]", "yes")
    admin.click("#conditions-group .add-row a")
    admin.select_option("select[name=conditions-1-field]", "subject")
    admin.select_option("select[name=conditions-1-operator]", "contains")
    admin.fill("input[name=conditions-1-value]", "billing")
    for n, (action, value) in enumerate(
        [("assign", "alice"), ("add_tags", "refund"), ("post_slack", receiver.url)]
    ):
        if n:
            admin.click("#actions-group .add-row a")
        admin.select_option(f"select[name=actions-{n}-action]", action)
        admin.fill(f"input[name=actions-{n}-value]", value)
    admin.click("input[name=_continue]")
    admin.wait_for_selector("text=Which open tickets would it act on today?")
    admin.click("text=Which open tickets would it act on today?")
    admin.wait_for_selector("text=Today its conditions hold for 1 open ticket.")
    assert earlier.reference in admin.text_content("#content")
    assert "assign the ticket to: alice" in admin.text_content("#content")
    admin.screenshot(path=artifacts / "automation-dry-run.png", full_page=True)
    assert receiver.posts == []  # a dry run changes nothing
    admin.click("text=Back to the rule")
    admin.check("input[name=is_active]")
    admin.click("input[name=_save]")
    admin.wait_for_selector("text=was changed successfully")
    assert Rule.objects.get().is_active

    customer = new_page()
    customer.goto("/tickets/new/")
    customer.fill("input[name=name]", "Vera Vance")
    customer.fill("input[name=email]", "vera@example.com")
    customer.fill("input[name=subject]", "Billing: charged twice")
    customer.fill("textarea[name=message]", "My card was charged twice.")
    customer.click("button[type=submit]")
    customer.wait_for_url("**/submitted/")

    ticket = Ticket.objects.get(subject="Billing: charged twice")
    assert ticket.assignee == alice
    assert [t.name for t in ticket.tags.all()] == ["refund"]
    agent = new_page()
    sign_in(agent, alice)
    agent.goto(f"/agent/tickets/{ticket.pk}/")
    history = agent.text_content(".timeline")
    assert (
        "Rule VIP billing: set the assignee, added tags, posted to Slack"
        in " ".join(history.split())
    )
    agent.screenshot(path=artifacts / "automation-history.png", full_page=True)

    slack = [
        json.loads(b) for h, b in receiver.posts if "X-Helpdesk-Signature" not in h
    ]
    signed = [(h, b) for h, b in receiver.posts if "X-Helpdesk-Signature" in h]
    assert len(slack) == 1
    assert ticket.reference in slack[0]["text"]
    assert len(signed) == 1  # the CRM hook: the new ticket, once
    headers, body = signed[0]
    parts = dict(p.split("=") for p in headers["X-Helpdesk-Signature"].split(","))
    mac = hmac.new(
        hook.secret.encode(), f"{parts['t']}.".encode() + body, hashlib.sha256
    )
    assert hmac.compare_digest(parts["v1"], mac.hexdigest())
    assert json.loads(body)["ticket"]["reference"] == ticket.reference
