"""Custom fields and categories: values checked with a sentence for each
mistake, kept as rows, each change in the history; required ones enforced
when a ticket opens or before it may be resolved; conditions and queues
decide which apply; a category routes the ticket."""

import pytest

from tickets.models import CustomField, Queue, Status, TicketCategory, TicketEvent
from tickets.selectors.fields import ticket_fields, values_of
from tickets.services.errors import TransitionNotAllowed
from tickets.services.fields import FieldErrors, ticket_fields_set
from tickets.services.lifecycle import ticket_change_status, ticket_open
from tickets.wording import describe_text

pytestmark = pytest.mark.django_db

Kind = CustomField.Kind


def make(key, kind=Kind.TEXT, **options):
    return CustomField.objects.create(
        key=key, label=key.replace("_", " ").capitalize(), kind=kind, **options
    )


@pytest.fixture
def fields(db):
    return {
        "order": make("order", who="customer", max_length=20),
        "seats": make("seats", Kind.NUMBER),
        "renewal": make("renewal", Kind.DATE),
        "plan": make("plan", Kind.CHOICE, choices="Free\nPro\nTeam", who="customer"),
        "modules": make("modules", Kind.MULTIPLE, choices="Billing\nReports"),
        "urgent": make("urgent", Kind.CHECKBOX),
    }


def test_values_are_kept_typed_and_in_the_history(fields, open_ticket, agent):
    ticket = open_ticket()
    ticket_fields_set(
        ticket=ticket,
        actor=agent,
        raw={
            "order": " A-1234 ",
            "seats": "12.50",
            "renewal": "2027-03-31",
            "plan": "pro",
            "modules": ["Reports", "billing"],
            "urgent": True,
        },
    )
    shown = {f.spec.key: f.text for f in ticket_fields(ticket)}
    assert shown == {
        "order": "A-1234",
        "seats": "12.5",
        "renewal": "2027-03-31",
        "plan": "Pro",
        "modules": "Reports, Billing",
        "urgent": "Yes",
    }
    ticket_fields_set(ticket=ticket, actor=agent, raw={"plan": "Team", "urgent": False})
    lines = [
        describe_text(e, "UTC")
        for e in ticket.events.filter(kind=TicketEvent.Kind.FIELD_CHANGED)
    ]
    assert "Plan: Pro → Team by Sam Agent" in lines
    assert "Urgent: yes → emptied by Sam Agent" in lines
    assert "Seats: 12.5 by Sam Agent" in lines


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("seats", "twelve", "Write a number"),
        ("renewal", "31/03/2027", "YYYY-MM-DD"),
        ("plan", "Enterprise", "not one of the choices: Free, Pro, Team"),
        ("order", "x" * 21, "At most 20 characters; this has 21"),
        ("modules", ["Billing", "Gone"], "not one of the choices"),
        ("nothing", "x", "There is no field nothing"),
        ("seats", ["1", "2"], "one value, not a list"),
    ],
)
def test_a_bad_value_is_refused_naming_the_field(
    fields, open_ticket, agent, key, value, said
):
    ticket = open_ticket()
    with pytest.raises(FieldErrors) as refused:
        ticket_fields_set(
            ticket=ticket, actor=agent, raw={"order": "A1"} | {key: value}
        )
    assert said in refused.value.errors[key]
    assert values_of(ticket) == {}  # nothing half-written


def test_a_customer_may_not_set_an_agents_only_field(fields, open_ticket):
    ticket = open_ticket()
    with pytest.raises(FieldErrors) as refused:
        ticket_fields_set(ticket=ticket, actor=None, raw={"seats": "3"}, customer=True)
    assert "seats" in refused.value.errors


def test_required_at_opening_and_before_resolving(fields, agent):
    CustomField.objects.filter(key="order").update(required="opening")
    CustomField.objects.filter(key="plan").update(required="resolving")
    opening = {
        "name": "Ada",
        "email": "ada@example.com",
        "subject": "Help",
        "message": "Please.",
    }
    with pytest.raises(FieldErrors) as refused:
        ticket_open(**opening, fields={})
    assert refused.value.errors == {"order": "Please fill this in."}
    ticket = ticket_open(**opening, fields={"order": "A-1"})
    with pytest.raises(TransitionNotAllowed, match="Fill in Plan before resolving"):
        ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    ticket_fields_set(ticket=ticket, actor=agent, raw={"plan": "Free"})
    ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    # Mail opens tickets without the form: nothing is required of it.
    assert ticket_open(**opening).pk


def test_conditions_and_queues_decide_which_fields_apply(fields, open_ticket, agent):
    sales = Queue.objects.create(name="Sales", slug="sales")
    fields["seats"].queues.add(sales)
    CustomField.objects.filter(key="renewal").update(
        shown_when=fields["plan"], shown_when_value="Pro"
    )
    ticket = open_ticket()
    keys = {f.spec.key for f in ticket_fields(ticket)}
    assert "seats" not in keys  # another queue's
    assert "renewal" not in keys  # the plan is not Pro
    ticket_fields_set(ticket=ticket, actor=agent, raw={"plan": "Pro"})
    assert "renewal" in {f.spec.key for f in ticket_fields(ticket)}
    # A value for a field that does not apply is not kept.
    ticket_fields_set(ticket=ticket, actor=agent, raw={"seats": "4"})
    assert fields["seats"].pk not in values_of(ticket)


def test_a_category_routes_the_ticket_and_asks_its_fields(fields):
    billing = Queue.objects.create(name="Billing", slug="billing")
    category = TicketCategory.objects.create(
        name="Billing", queue=billing, priority="high"
    )
    fields["plan"].categories.add(category)
    CustomField.objects.filter(key="plan").update(required="opening")
    opening = {
        "name": "Ada",
        "email": "ada@example.com",
        "subject": "Invoice",
        "message": "Wrong.",
    }
    ticket = ticket_open(**opening, fields={"order": "1"})  # no category: no plan
    assert ticket.category is None
    with pytest.raises(FieldErrors):
        ticket_open(**opening, category=category, fields={})
    ticket = ticket_open(**opening, category=category, fields={"plan": "Team"})
    assert (ticket.queue, ticket.priority, ticket.category) == (
        billing,
        "high",
        category,
    )
    assert "Team" in ticket.search_document
