"""Time rules: "remind the customer after 3 days waiting, close after 10",
checked by beat; each acts once per ticket and moment, and only on the
tickets past its mark."""

from datetime import timedelta

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory
from tickets.models import (
    Message,
    Rule,
    RuleAction,
    RuleCondition,
    TicketEvent,
    TimeRuleFiring,
)
from tickets.models.organised_payloads import RuleFired
from tickets.services.lifecycle import (
    customer_message_post,
    ticket_change_status,
    ticket_open,
)
from tickets.services.time_rules import rule_dry_run, time_rules_pass

pytestmark = pytest.mark.django_db


def _time_rule(name, conditions, actions, position=100):
    rule = Rule.objects.create(
        name=name, trigger="time", is_active=True, position=position
    )
    for field, operator, value in conditions:
        RuleCondition.objects.create(
            rule=rule, field=field, operator=operator, value=value
        )
    for action, value in actions:
        RuleAction.objects.create(rule=rule, action=action, value=value)
    return rule


@pytest.fixture
def waiting_rules():
    remind = _time_rule(
        "Remind after 3 days",
        [("hours_waiting", "at_least", "72")],
        [("reply", "Hello {{ customer_first_name }}, is this still a problem?")],
        position=1,
    )
    close = _time_rule(
        "Close after 10 days",
        [("hours_waiting", "at_least", "240")],
        [
            ("reply", "We close this for now; answer any time to open it again."),
            ("set_status", "closed"),
        ],
        position=2,
    )
    return remind, close


def _waiting_ticket(clock):
    agent = UserFactory(username="sam", first_name="Sam")
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Export", message="x"
    )
    ticket_change_status(ticket=ticket, new_status="waiting", actor=agent)
    ticket.refresh_from_db()
    return ticket


def _replies(ticket):
    return list(
        ticket.messages.filter(kind=Message.Kind.REPLY)
        .order_by("pk")
        .values_list("body", flat=True)
    )


def test_the_customer_is_reminded_after_three_days_once_and_closed_after_ten(
    clock, waiting_rules, django_capture_on_commit_callbacks
):
    ticket = _waiting_ticket(clock)
    clock.shift(timedelta(hours=71))
    assert time_rules_pass() == {"Remind after 3 days": 0, "Close after 10 days": 0}
    clock.shift(timedelta(hours=2))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert time_rules_pass()["Remind after 3 days"] == 1
    assert _replies(ticket) == ["Hello Ada, is this still a problem?"]
    assert [m.to for m in mail.outbox] == [["Ada Lovelace <ada@example.com>"]]
    assert "is this still a problem?" in mail.outbox[0].body
    ticket.refresh_from_db()
    assert ticket.status == "waiting"  # a reminder, not an answer that opens it
    # Not every run: once for this wait.
    clock.shift(timedelta(hours=1))
    assert time_rules_pass()["Remind after 3 days"] == 0
    clock.shift(timedelta(days=7))
    assert time_rules_pass() == {"Remind after 3 days": 0, "Close after 10 days": 1}
    ticket.refresh_from_db()
    assert ticket.status == "closed"
    assert _replies(ticket)[-1].startswith("We close this for now")
    fired = [
        RuleFired.read(e)
        for e in ticket.events.filter(kind=TicketEvent.Kind.RULE_FIRED)
    ]
    assert [(f.rule, f.did) for f in fired] == [
        ("Remind after 3 days", ["reply"]),
        ("Close after 10 days", ["reply", "set_status"]),
    ]


def test_a_new_wait_is_a_new_moment(clock, waiting_rules):
    ticket = _waiting_ticket(clock)
    clock.shift(timedelta(hours=73))
    time_rules_pass()
    customer_message_post(ticket=ticket, body="Still broken")
    agent = UserFactory(username="kim")
    ticket.refresh_from_db()
    ticket_change_status(ticket=ticket, new_status="waiting", actor=agent)
    clock.shift(timedelta(hours=73))
    assert time_rules_pass()["Remind after 3 days"] == 1
    assert len(_replies(ticket)) == 2
    assert TimeRuleFiring.objects.filter(ticket=ticket).count() == 2


def test_a_ticket_changed_before_its_mark_is_left_alone(clock, waiting_rules):
    ticket = _waiting_ticket(clock)
    clock.shift(timedelta(hours=50))
    customer_message_post(ticket=ticket, body="Here is the file")
    clock.shift(timedelta(hours=30))
    assert time_rules_pass()["Remind after 3 days"] == 0
    ticket.refresh_from_db()
    assert ticket.status == "open"
    assert _replies(ticket) == []


def test_other_conditions_hold_together_with_the_hours(clock):
    _time_rule(
        "Urgent unanswered for an hour",
        [
            ("hours_created", "at_least", "1"),
            ("priority", "is", "urgent"),
            ("status", "is", "new"),
        ],
        [("add_tags", "stale-urgent")],
    )
    urgent = ticket_open(
        name="Ada",
        email="ada@example.com",
        subject="Down",
        message="x",
        priority="urgent",
    )
    normal = ticket_open(name="Bob", email="bob@example.com", subject="Hi", message="y")
    clock.shift(timedelta(minutes=61))
    assert time_rules_pass() == {"Urgent unanswered for an hour": 1}
    assert [t.name for t in urgent.tags.all()] == ["stale-urgent"]
    assert not normal.tags.exists()


def test_the_pass_reads_only_tickets_past_the_mark_in_a_few_queries(
    clock, waiting_rules
):
    for n in range(5):
        ticket_open(name="Ada", email=f"ada{n}@example.com", subject="x", message="y")
    _waiting_ticket(clock)
    clock.shift(timedelta(hours=73))
    time_rules_pass()
    with CaptureQueriesContext(connection) as nothing_due:
        assert time_rules_pass() == {"Remind after 3 days": 0, "Close after 10 days": 0}
    # The rules (with their conditions and actions), then for each rule the
    # tickets changed or past its mark since, and how far it has tested.
    assert len(nothing_due.captured_queries) == 7


def test_the_dry_run_of_a_time_rule_counts_the_tickets_it_would_act_on(
    clock, waiting_rules
):
    remind, _close = waiting_rules
    _waiting_ticket(clock)
    clock.shift(timedelta(hours=73))
    count, tickets = rule_dry_run(remind)
    assert count == 1
    assert tickets[0].customer.email == "ada@example.com"
    time_rules_pass()
    assert rule_dry_run(remind)[0] == 0  # acted on already


def test_a_ticket_that_meets_the_rest_later_is_acted_on_then(clock, agent):
    """Past its mark while not urgent; made urgent a day later: the next
    run (which reads only tickets changed or past a mark since the last)
    finds it."""
    from tickets.services.assignment import ticket_change_priority

    _time_rule(
        "Urgent, customer waited a day",
        [("hours_customer", "at_least", "24"), ("priority", "is", "urgent")],
        [("add_tags", "waited")],
    )
    ticket = ticket_open(name="Ada", email="ada@example.com", subject="x", message="y")
    clock.shift(timedelta(hours=25))
    assert time_rules_pass() == {"Urgent, customer waited a day": 0}
    clock.shift(timedelta(hours=24))
    assert time_rules_pass() == {"Urgent, customer waited a day": 0}
    ticket_change_priority(ticket=ticket, priority="urgent", actor=agent)
    clock.shift(timedelta(minutes=1))
    assert time_rules_pass() == {"Urgent, customer waited a day": 1}
    assert [t.name for t in ticket.tags.all()] == ["waited"]
