"""Typed payloads: every kind of event keeps typed facts, checked when
written by the event door, read back as written, worded in each reader's
language from the values (tickets.models.payloads, tickets.wording)."""

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from tests.factories import UserFactory
from tickets.models import Rating, Status, TicketEvent, payloads
from tickets.models.history import PAYLOADS, payload_of
from tickets.models.payloads import PayloadError
from tickets.services.assignment import ticket_assign, ticket_change_priority
from tickets.services.commitments import promise_make
from tickets.services.events import event_record
from tickets.services.lifecycle import ticket_change_status, ticket_close_by_customer
from tickets.services.satisfaction import rating_record
from tickets.wording import describe

pytestmark = pytest.mark.django_db


def test_every_kind_of_event_has_its_payload():
    assert set(PAYLOADS) == set(TicketEvent.Kind.values)


def test_what_a_service_writes_is_read_back_typed(open_ticket, agent):
    ticket = open_ticket()
    due = timezone.now() + timedelta(days=2)
    promise = promise_make(
        ticket=ticket, description="A corrected invoice", due_at=due, actor=agent
    )
    ticket_change_priority(ticket=ticket, priority="urgent", actor=agent)
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    ticket_change_status(
        ticket=ticket, new_status=Status.WAITING, actor=agent, reason="Asked for it"
    )
    written = [payload_of(e) for e in ticket.events.order_by("pk")]
    assert written[1:] == [
        payloads.PromiseMade(promise=promise, due_at=due),
        payloads.PriorityChanged(was="normal", now="urgent"),
        payloads.Assigned(was="", now="Sam Agent"),
        payloads.StatusChanged(
            old_status=Status.NEW, new_status=Status.WAITING, reason="Asked for it"
        ),
    ]
    assert isinstance(written[0], payloads.Created)
    assert written[0].message is not None


@pytest.mark.parametrize(
    "payload",
    [
        payloads.StatusChanged(old_status="open", new_status="open"),
        payloads.StatusChanged(old_status="open", new_status="gone"),
        payloads.PriorityChanged(was="normal", now="Very High"),
        payloads.Rated(was="", score="excellent"),
        payloads.CcAdded(email="not an address"),
        payloads.SilenceAlert(hours=0),
        payloads.SlaWarning(deadline="lunch", due_at=timezone.now()),
        payloads.Returned(was="Sam", now="", reason=" "),
        payloads.IncidentLinked(was="", now=""),
    ],
)
def test_the_door_refuses_facts_the_kind_does_not_allow(open_ticket, payload):
    ticket = open_ticket()
    before = ticket.events.count()
    with pytest.raises(PayloadError):
        event_record(ticket=ticket, payload=payload)
    assert ticket.events.count() == before


def test_a_moment_without_its_time_zone_is_refused(open_ticket, agent):
    ticket = open_ticket()
    promise = promise_make(
        ticket=ticket,
        description="Call back",
        due_at=timezone.now() + timedelta(hours=3),
        actor=agent,
    )
    naive = (timezone.now() + timedelta(hours=5)).replace(tzinfo=None)
    with pytest.raises(PayloadError, match="time zone"):
        event_record(
            ticket=ticket, payload=payloads.PromiseDue(promise=promise, due_at=naive)
        )


def test_each_reader_gets_the_values_in_their_language(open_ticket, agent):
    """The event keeps "normal" and "urgent"; English and German readers
    each read their own words, whoever wrote it in which language."""
    ticket = open_ticket()
    with translation.override("de"):
        event = ticket_change_priority(ticket=ticket, priority="urgent", actor=agent)
    assert (event.old_value, event.new_value) == ("normal", "urgent")
    with translation.override("en"):
        english = describe(event, "Europe/London")
    with translation.override("de"):
        german = describe(event, "Europe/London")
    assert (
        english
        == "Priority changed: Normal &rarr; <strong>Urgent</strong> by Sam Agent"
    )
    assert german == (
        "Priorität geändert: Normal &rarr; <strong>Dringend</strong> von Sam Agent"
    )


def test_older_events_that_kept_words_are_read_as_they_were(open_ticket, agent):
    """Before payloads, a priority change kept its labels and an assignment
    "nobody" in the writer's language: the history still shows them."""
    ticket = open_ticket()
    event = ticket_change_priority(ticket=ticket, priority="high", actor=agent)
    TicketEvent.objects.filter(pk=event.pk).update(old_value="Normal", new_value="High")
    event.refresh_from_db()
    assert payload_of(event) == payloads.PriorityChanged(was="Normal", now="High")
    with translation.override("en"):
        assert "Normal &rarr; <strong>High</strong>" in describe(event, "UTC")


def test_a_rating_is_kept_as_its_score(open_ticket):
    ticket = open_ticket()
    ticket_close_by_customer(ticket=ticket)
    rating_record(ticket=ticket, score=Rating.Score.BAD, comment="Slow.")
    event = ticket.events.get(kind=TicketEvent.Kind.RATED)
    assert payload_of(event) == payloads.Rated(was="", score="bad", comment="Slow.")


def test_a_hand_back_keeps_who_had_it_and_why(open_ticket, agent):
    ticket = open_ticket()
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    colleague = UserFactory(first_name="Kim", last_name="Colleague", is_staff=True)
    event = ticket_assign(
        ticket=ticket, assignee=None, actor=colleague, reason="Sam is away until Monday"
    )
    assert payload_of(event) == payloads.Returned(
        was="Sam Agent", now="", reason="Sam is away until Monday"
    )
