"""Deadlines in business time, chosen by policy, moved by what happens.

The default policies (a data migration): office hours 09:00-17:30 London,
Monday to Friday, England's public holidays; Standard: normal priority
answered within one business day (510 minutes), urgent within one hour."""

import pytest
from django.core import mail

from tests.factories import at
from tickets.models import Organisation, Priority, SLAPolicy, Status
from tickets.services.assignment import ticket_change_priority
from tickets.services.lifecycle import (
    customer_get_or_create,
    customer_message_post,
    reply_post,
    ticket_change_status,
)

pytestmark = pytest.mark.django_db


def test_a_new_install_promises_something(open_ticket, clock):
    ticket = open_ticket()  # Friday 27 March 2026, 16:00
    assert ticket.sla_policy.name == "Standard"
    # 1.5 hours left on Friday, 7 more on Monday (clocks go forward on Sunday).
    assert ticket.first_response_due_at == at(2026, 3, 30, 16, 0)
    assert ticket.due_at == ticket.first_response_due_at
    # Five business days; Good Friday and Easter Monday (3 and 6 April) are off.
    assert ticket.resolution_due_at == at(2026, 4, 7, 16, 0)


def test_urgent_is_one_business_hour_and_skips_the_night(open_ticket, agent, clock):
    ticket = open_ticket()
    ticket_change_priority(ticket=ticket, priority=Priority.URGENT, actor=agent)
    ticket.refresh_from_db()
    assert ticket.due_at == at(2026, 3, 27, 17, 0)
    clock.move_to(at(2026, 3, 27, 17, 15))
    late = open_ticket(subject="late on Friday")
    ticket_change_priority(ticket=late, priority=Priority.URGENT, actor=agent)
    late.refresh_from_db()
    assert late.due_at == at(2026, 3, 30, 9, 45)


def test_holidays_do_not_count(open_ticket, clock):
    clock.move_to(at(2026, 4, 2, 16, 0))  # the Thursday before Good Friday
    ticket = open_ticket()
    # Good Friday and Easter Monday are holidays in England.
    assert ticket.first_response_due_at == at(2026, 4, 7, 16, 0)


def test_vip_customers_get_the_stricter_policy(open_ticket, clock):
    ticket = open_ticket(email="vip@example.com")
    customer = ticket.customer
    customer.is_vip = True
    customer.save()
    vip_ticket = open_ticket(email="vip@example.com", subject="again")
    assert vip_ticket.sla_policy.name == "VIP customers"
    assert vip_ticket.first_response_due_at == at(
        2026, 3, 30, 11, 30
    )  # 4 business hours
    organisation = Organisation.objects.create(name="Globex", is_vip=True)
    colleague = customer_get_or_create(email="c@globex.example", name="C")
    colleague.organisation = organisation
    colleague.save()
    assert open_ticket(email="c@globex.example").sla_policy.name == "VIP customers"


def test_policies_apply_in_the_admins_order(open_ticket, clock):
    night = SLAPolicy.objects.create(name="Urgent 24/7", order=1, priorities=["urgent"])
    night.targets.create(
        priority="urgent",
        first_response_minutes=15,
        next_response_minutes=15,
        resolution_minutes=240,
    )
    assert open_ticket().sla_policy.name == "Standard"  # normal priority
    ticket = open_ticket(subject="down")
    ticket_change_priority(ticket=ticket, priority=Priority.URGENT, actor=None)
    ticket.refresh_from_db()
    assert ticket.sla_policy == night
    assert ticket.due_at == at(2026, 3, 27, 16, 15)  # around the clock


def test_waiting_on_the_customer_pauses_and_their_reply_resumes(
    open_ticket, agent, clock
):
    ticket = open_ticket()
    assert ticket.resolution_due_at == at(2026, 4, 7, 16, 0)
    reply_post(ticket=ticket, author=agent, body="Which?", new_status=Status.WAITING)
    ticket.refresh_from_db()
    assert ticket.due_at is None
    assert ticket.sla_paused_at == at(2026, 3, 27, 16, 0)
    clock.move_to(at(2026, 3, 30, 10, 0))  # Monday: 1.5 + 1 business hours paused
    customer_message_post(ticket=ticket, body="This one")
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    assert ticket.sla_paused_minutes == 150
    # The resolution deadline moves by the 150 paused business minutes.
    assert ticket.resolution_due_at == at(2026, 4, 8, 10, 0)
    assert ticket.due_at == at(2026, 3, 31, 10, 0)  # next response: one business day


def test_resolving_stops_the_clock_and_a_reopen_starts_the_next_response_clock(
    open_ticket, agent, clock
):
    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    ticket.refresh_from_db()
    assert ticket.resolved_at == at(2026, 3, 27, 16, 0)
    assert ticket.due_at is None
    clock.move_to(at(2026, 3, 31, 9, 0))
    ticket_change_status(ticket=ticket, new_status=Status.OPEN, actor=agent)
    ticket.refresh_from_db()
    assert ticket.resolved_at is None
    assert ticket.due_at == at(2026, 3, 31, 17, 30)  # one business day


def test_the_acknowledgement_states_the_real_deadline(
    submit, clock, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit()
    (email,) = mail.outbox
    assert (
        "a member of our team will reply by Monday 30 March 2026, 16:00 BST"
        in email.body
    )
