"""tickets.services.changes: one door for status, assignee, priority, queue."""

import pytest
from django.core import mail

from tests.factories import AgentFactory, QueueFactory, UserFactory
from tickets.models import Priority, Status, Ticket, TicketEvent
from tickets.services.assignment import ticket_assign
from tickets.services.changes import change_read, ticket_change, tickets_bulk_change
from tickets.services.errors import InvalidChange

pytestmark = pytest.mark.django_db


def test_raw_values_from_any_surface_are_read_into_choices(agent):
    billing = QueueFactory()
    read = change_read
    assert read(what="status", value="resolved").value == Status.RESOLVED
    assert read(what="priority", value="high").value == Priority.HIGH
    assert read(what="queue", value=str(billing.pk)).value == billing
    assert read(what="assignee", value=agent.pk).value == agent
    for nobody in ("", "0", 0, None):
        assert read(what="assignee", value=nobody).value is None


@pytest.mark.parametrize(
    ("what", "value", "message"),
    [
        ("status", "done", "'done' is not a valid choice to status."),
        ("priority", "", "'' is not a valid choice to priority."),
        ("queue", "999", "'999' is not a valid choice to queue."),
        ("queue", "billing", "'billing' is not a valid choice to queue."),
        ("assignee", "999", "'999' is not a valid choice to assignee."),
        ("subject", "Hi", "A ticket's subject cannot be changed here."),
    ],
)
def test_a_value_that_is_no_choice_is_refused_in_words(db, what, value, message):
    with pytest.raises(InvalidChange) as refused:
        change_read(what=what, value=value)
    assert str(refused.value) == message


def test_only_an_agent_can_be_assigned(db):
    outsider = UserFactory()
    with pytest.raises(InvalidChange):
        change_read(what="assignee", value=outsider.pk)


def test_a_change_goes_through_the_service_that_owns_it(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event = ticket_change(
            ticket=ticket,
            change=change_read(what="status", value="waiting"),
            actor=agent,
            reason="Need the invoice number",
        )
    assert (event.kind, event.reason) == (
        TicketEvent.Kind.STATUS_CHANGED,
        "Need the invoice number",
    )
    assert Ticket.objects.get().due_at is None  # the clock stopped
    (email,) = mail.outbox
    assert "Waiting on customer" in email.subject


def test_bulk_applies_one_change_and_collects_refusals(open_ticket, agent):
    tickets = [open_ticket(), open_ticket()]
    ticket_assign(ticket=tickets[0], assignee=agent, actor=agent)
    outcome = tickets_bulk_change(
        tickets=Ticket.objects.order_by("pk"),
        change=change_read(what="assignee", value=agent.pk),
        actor=AgentFactory(),
    )
    assert [t.pk for t in outcome.done] == [tickets[1].pk]
    ((refused, reason),) = outcome.refused
    assert refused.pk == tickets[0].pk
    assert reason == f"{refused.reference} is already assigned to Sam Agent."
    assert set(Ticket.objects.values_list("assignee", flat=True)) == {agent.pk}
