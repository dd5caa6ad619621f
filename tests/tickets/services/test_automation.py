"""Rules on events: tested on the ticket as it stands, acting through the
services once per event, written in the history, never an error for the
event's recorder, and stopped when they set each other off."""

import pytest
from django.contrib.auth.models import Group

from notifications.models import WebhookDelivery
from tests.factories import UserFactory
from tickets.models import Customer, Rule, RuleAction, RuleCondition, TicketEvent
from tickets.models.organised_payloads import RuleFired
from tickets.services.automation import rule_fire, rules_forget
from tickets.services.lifecycle import ticket_open
from tickets.services.tagging import ticket_tags_change
from tickets.services.time_rules import rule_dry_run

pytestmark = pytest.mark.django_db


def _rule(name, trigger, conditions=(), actions=(), match="all", position=100):
    rule = Rule.objects.create(
        name=name, trigger=trigger, match=match, is_active=True, position=position
    )
    for field, operator, value in conditions:
        RuleCondition.objects.create(
            rule=rule, field=field, operator=operator, value=value
        )
    for action, value in actions:
        RuleAction.objects.create(rule=rule, action=action, value=value)
    rules_forget()
    return rule


@pytest.fixture
def alice():
    user = UserFactory(username="alice", first_name="Alice")
    user.groups.add(Group.objects.get_or_create(name="Agents")[0])
    return user


def _vip_ticket(subject="Billing: charged twice"):
    Customer.objects.get_or_create(
        email="vip@example.com", defaults={"name": "Vera", "is_vip": True}
    )
    return ticket_open(
        name="Vera", email="vip@example.com", subject=subject, message="Twice!"
    )


def _fired(ticket):
    return [
        RuleFired.read(e)
        for e in ticket.events.filter(kind=TicketEvent.Kind.RULE_FIRED)
    ]


def test_a_vip_billing_ticket_goes_to_alice_tagged_and_the_history_says_why(
    alice, settings
):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    _rule(
        "VIP billing",
        "created",
        conditions=[("vip", "is", "yes"), ("subject", "contains", "billing")],
        actions=[
            ("assign", "alice"),
            ("add_tags", "refund"),
            ("post_slack", "http://127.0.0.1:9/hooks/billing"),
        ],
    )
    ticket = _vip_ticket()
    ticket.refresh_from_db()
    assert ticket.assignee == alice
    assert [t.name for t in ticket.tags.all()] == ["refund"]
    (fired,) = _fired(ticket)
    assert fired.rule == "VIP billing"
    assert fired.did == ["assign", "add_tags", "post_slack"]
    (post,) = WebhookDelivery.objects.all()
    assert post.style == "slack"
    assert ticket.reference in post.payload["text"]
    assert "Rule 'VIP billing'" in post.payload["text"]
    # The assignment is by "Automation" in the history, as any change is.
    assigned = ticket.events.get(kind=TicketEvent.Kind.ASSIGNED)
    assert assigned.actor.first_name == "Automation"


def test_a_rule_whose_conditions_fail_does_nothing(alice):
    _rule("VIP billing", "created", [("vip", "is", "yes")], [("assign", "alice")])
    ticket = ticket_open(
        name="Ada", email="ada@example.com", subject="Billing", message="x"
    )
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert _fired(ticket) == []


def test_any_condition_is_enough_with_any(alice):
    _rule(
        "Either",
        "created",
        [("vip", "is", "yes"), ("customer_email", "contains", "@example.com")],
        [("set_priority", "high")],
        match="any",
    )
    ticket = ticket_open(name="Ada", email="ada@example.com", subject="x", message="y")
    ticket.refresh_from_db()
    assert ticket.priority == "high"


def test_a_rule_fires_once_per_event(alice):
    rule = _rule("Tag it", "created", actions=[("add_tags", "seen")])
    ticket = _vip_ticket()
    created = ticket.events.get(kind=TicketEvent.Kind.CREATED)
    assert rule_fire(rule, created) is False  # again: already fired on it
    assert len(_fired(ticket)) == 1


def test_an_impossible_action_is_skipped_with_the_reason_and_the_rest_done(alice):
    gone = UserFactory(username="bob", is_active=False)
    assert gone.pk
    rule = _rule(
        "To Bob",
        "created",
        actions=[("assign", "bob"), ("add_tags", "vip"), ("set_queue", "Nowhere")],
    )
    ticket = _vip_ticket()  # the event's recorder never hears of it
    (fired,) = _fired(ticket)
    assert fired.did == ["add_tags"]
    assert fired.skipped == ["assign", "set_queue"]
    assert "bob" in fired.problem
    rule.refresh_from_db()
    assert ticket.reference in rule.last_problem
    page = ticket.events.get(kind=TicketEvent.Kind.RULE_FIRED)
    from tickets.wording import describe

    line = str(describe(page, "Europe/London"))
    assert "To Bob" in line
    assert "Could not:" in line


def test_rules_that_undo_each_other_stop(alice):
    _rule(
        "Up",
        "priority_changed",
        [("priority", "is", "high")],
        [("set_priority", "urgent")],
    )
    _rule(
        "Down",
        "priority_changed",
        [("priority", "is", "urgent")],
        [("set_priority", "high")],
    )
    ticket = _vip_ticket()
    from tickets.services.assignment import ticket_change_priority

    ticket_change_priority(ticket=ticket, priority="high", actor=alice)
    # Up set urgent, Down set high again; Up does not answer its own doing.
    ticket.refresh_from_db()
    assert ticket.priority == "high"
    assert [f.rule for f in _fired(ticket)] == ["Down", "Up"]


def test_a_chain_deeper_than_the_limit_stops_with_a_warning(alice):
    for n, tag in enumerate("abcd"):
        _rule(f"Add {tag}", "tags_changed", actions=[("add_tags", tag)], position=n)
    ticket = _vip_ticket()
    ticket_tags_change(ticket=ticket, actor=alice, add=["start"])
    # Each rule answers the others' changes, never deeper than three.
    names = sorted(t.name for t in ticket.tags.all())
    assert names == ["a", "b", "c", "d", "start"]
    assert len(_fired(ticket)) == 4
    last = Rule.objects.get(name="Add d")
    assert "more than 3 deep" in last.last_problem


def test_a_switched_off_rule_does_nothing(alice):
    rule = _rule("Tag it", "created", actions=[("add_tags", "seen")])
    Rule.objects.filter(pk=rule.pk).update(is_active=False)
    rules_forget()
    ticket = _vip_ticket()
    assert ticket.tags.count() == 0


def test_the_dry_run_counts_the_open_tickets_it_would_act_on(alice):
    rule = _rule(
        "VIP billing",
        "created",
        [("vip", "is", "yes"), ("subject", "contains", "billing")],
    )
    Rule.objects.filter(pk=rule.pk).update(is_active=False)
    rules_forget()
    first, second = _vip_ticket(), _vip_ticket("Billing again")
    _vip_ticket("Password")
    ticket_open(name="Ada", email="ada@example.com", subject="billing", message="x")
    count, tickets = rule_dry_run(rule)
    assert count == 2
    assert {t.pk for t in tickets} == {first.pk, second.pk}


def test_a_rule_deleted_by_another_process_does_not_fire(alice):
    """Deleted elsewhere, still in this process's memo for up to a second:
    the ticket is kept, the rule does nothing."""
    from django.db import connection

    rule = _rule("VIP to Alice", "created", actions=[("assign", "alice")])
    _vip_ticket()  # the memo now holds the rule
    with connection.cursor() as cursor:  # as another process would: no signal
        for statement in (
            "DELETE FROM tickets_rulefiring WHERE rule_id = %s",
            "DELETE FROM tickets_rulecondition WHERE rule_id = %s",
            "DELETE FROM tickets_ruleaction WHERE rule_id = %s",
            "DELETE FROM tickets_rule WHERE id = %s",
        ):
            cursor.execute(statement, [rule.pk])
    ticket = _vip_ticket("Billing: again")
    connection.check_constraints()  # what the commit would check
    ticket.refresh_from_db()
    assert ticket.assignee is None
    assert not _fired(ticket)


def test_a_rule_replies_with_a_canned_response_in_the_customers_language(alice):
    from tickets.models import CannedResponse, Message

    CannedResponse.objects.create(
        title="Welcome", body="Hello {{ customer_first_name }}, we are on it."
    )
    CannedResponse.objects.create(
        title="Welcome",
        language="de",
        body="Hallo {{ customer_first_name }}, wir kümmern uns.",
        body_html="<div>Hallo <strong>{{ customer_first_name }}</strong>.</div>",
    )
    _rule("Welcome", "created", actions=[("reply", "canned:welcome")])
    ticket = ticket_open(
        name="Gisela Groß",
        email="gisela@example.de",
        subject="x",
        message="y",
        language="de",
    )
    (reply,) = ticket.messages.filter(kind=Message.Kind.REPLY)
    assert reply.body.startswith("Hallo Gisela")
    assert "<strong>Gisela</strong>" in reply.body_html


def test_a_rules_note_that_mentions_an_agent_tells_them(
    alice, django_capture_on_commit_callbacks
):
    from django.core import mail

    alice.email = "alice@example.com"
    alice.save()
    _rule("Billing to Alice", "created", actions=[("add_note", "@alice please look")])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _vip_ticket()
    told = [m for m in mail.outbox if "alice@example.com" in m.to[0]]
    assert len(told) == 1
    assert "You were mentioned" in told[0].subject
    assert "please look" in told[0].body
