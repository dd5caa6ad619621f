"""Incidents: one update reaches every affected customer once, in a task
that can be repeated or die half-way without doubling or losing an email."""

import pytest
from django.core import mail

from tests.factories import CustomerFactory
from tickets.models import Incident, IncidentUpdate, Status, TicketEvent
from tickets.selectors import incidents as incident_selectors
from tickets.selectors.timeline import timeline
from tickets.services import incidents
from tickets.services.changes import change_read, ticket_change
from tickets.services.errors import TicketError
from tickets.services.incidents import (
    incident_create,
    incident_fanout,
    incident_fanout_sweep,
    incident_update_post,
)
from tickets.services.lifecycle import ticket_close_by_customer

pytestmark = pytest.mark.django_db


@pytest.fixture
def outage(open_ticket, agent, django_capture_on_commit_callbacks):
    """Three customers reported the same outage; an agent declared it."""
    with django_capture_on_commit_callbacks(execute=True):
        tickets = [
            open_ticket(
                email=f"c{i}@example.com",
                name=f"Customer {i}",
                subject="Checkout page is down",
            )
            for i in range(3)
        ]
        incident = incident_create(
            title="Checkout unavailable",
            summary="Payments fail at checkout.",
            actor=agent,
            tickets=tickets,
        )
    mail.outbox.clear()
    return incident, tickets


def _post(agent, incident, capture, **kwargs):
    fields = {
        "body": "We found the cause: a failed payment provider.",
        "status": Incident.Status.IDENTIFIED,
    }
    with capture(execute=True):
        return incident_update_post(incident=incident, actor=agent, **(fields | kwargs))


def test_linking_is_quiet_and_written_in_each_ticket_history(outage):
    incident, tickets = outage
    assert mail.outbox == []
    for ticket in tickets:
        ticket.refresh_from_db()
        assert ticket.incident == incident
        assert ticket.events.filter(
            kind=TicketEvent.Kind.INCIDENT_LINKED, new_value="Checkout unavailable"
        ).exists()


def test_a_public_update_emails_each_affected_customer_once(
    outage, agent, django_capture_on_commit_callbacks
):
    incident, tickets = outage
    ticket_close_by_customer(ticket=tickets[2])  # closed: left alone
    mail.outbox.clear()
    update = _post(agent, incident, django_capture_on_commit_callbacks)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Customer 0 <c0@example.com>",
        "Customer 1 <c1@example.com>",
    ]
    email = mail.outbox[0]
    assert email.subject.startswith(f"[{tickets[0].reference}] Update on a known")
    assert "We found the cause: a failed payment provider." in email.body
    assert "Status of the problem: Identified." in email.body
    assert email.extra_headers["In-Reply-To"]  # threaded into the ticket's mail
    update.refresh_from_db()
    assert update.fanned_out_at is not None
    assert update.fanned_out_to == 2
    incident.refresh_from_db()
    assert incident.status == Incident.Status.IDENTIFIED
    # The customer's own page shows it in the timeline.
    page = timeline(tickets[0])
    assert any(e.event and e.event.incident_update == update for e in page)


def test_a_repeated_or_interrupted_fanout_sends_nothing_twice(
    outage, agent, django_capture_on_commit_callbacks, monkeypatch
):
    incident, _tickets = outage
    monkeypatch.setattr(incidents, "incident_fanout_later", lambda pk: False)
    update = _post(agent, incident, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # the broker was down: nothing fanned out yet
    with django_capture_on_commit_callbacks(execute=True):
        # A worker reached one ticket, then died.
        assert incident_fanout(update_id=update.pk, chunk=1) == 3
    assert len(mail.outbox) == 3
    IncidentUpdate.objects.filter(pk=update.pk).update(fanned_out_at=None)
    with django_capture_on_commit_callbacks(execute=True):
        assert incident_fanout(update_id=update.pk) == 0
        assert incident_fanout(update_id=update.pk) == 0
    assert len(mail.outbox) == 3
    assert TicketEvent.objects.filter(incident_update=update).count() == 3


def test_the_sweep_fans_out_an_update_whose_doorbell_was_lost(
    outage, agent, django_capture_on_commit_callbacks, monkeypatch, clock
):
    incident, _tickets = outage
    monkeypatch.setattr(incidents, "incident_fanout_later", lambda pk: False)
    update = _post(agent, incident, django_capture_on_commit_callbacks)
    monkeypatch.undo()
    assert incident_fanout_sweep() == 0  # not late yet
    clock.shift(120)
    with django_capture_on_commit_callbacks(execute=True):
        assert incident_fanout_sweep() == 1
    assert len(mail.outbox) == 3
    update.refresh_from_db()
    assert update.fanned_out_at is not None


def test_an_internal_update_reaches_nobody(
    outage, agent, django_capture_on_commit_callbacks
):
    incident, _tickets = outage
    _post(agent, incident, django_capture_on_commit_callbacks, is_public=False)
    assert mail.outbox == []
    assert not TicketEvent.objects.filter(
        kind=TicketEvent.Kind.INCIDENT_UPDATE
    ).exists()


def test_resolving_with_the_tickets_sends_one_email_per_customer(
    outage, agent, django_capture_on_commit_callbacks
):
    incident, tickets = outage
    _post(
        agent,
        incident,
        django_capture_on_commit_callbacks,
        body="Fixed: payments work again.",
        status=Incident.Status.RESOLVED,
        resolve_tickets=True,
    )
    assert len(mail.outbox) == 3
    email = mail.outbox[0]
    assert "we consider your request resolved" in email.body
    assert "/rate/" in email.body  # how did we do, in one click
    for ticket in tickets:
        ticket.refresh_from_db()
        assert ticket.status == Status.RESOLVED
    incident.refresh_from_db()
    assert incident.ended_at is not None


def test_the_bulk_door_links_and_unlinks(open_ticket, agent):
    ticket = open_ticket()
    incident = incident_create(title="Login", summary="", actor=agent)
    change = change_read(what="incident", value=str(incident.pk))
    ticket_change(ticket=ticket, change=change, actor=agent)
    ticket.refresh_from_db()
    assert ticket.incident == incident
    with pytest.raises(TicketError, match="already linked"):
        ticket_change(ticket=ticket, change=change, actor=agent)
    unlink = change_read(what="incident", value="")
    ticket_change(ticket=ticket, change=unlink, actor=agent)
    ticket.refresh_from_db()
    assert ticket.incident is None


def test_similar_tickets_arriving_together_suggest_an_incident(open_ticket, clock):
    open_ticket(subject="Invoice has the wrong address")
    assert incident_selectors.similar_recent_tickets() is None
    incident_selectors.similar_changed()  # as half a minute later
    for i, subject in enumerate(
        ["Checkout page is down", "checkout is down?", "The checkout page is down!"]
    ):
        CustomerFactory(email=f"s{i}@example.com")
        open_ticket(email=f"s{i}@example.com", subject=subject)
    found = incident_selectors.similar_recent_tickets()
    assert found is not None
    assert sorted(t.subject for t in found.tickets) == [
        "Checkout page is down",
        "The checkout page is down!",
        "checkout is down?",
    ]
    # Linked, they are no longer suggested: at once, not half a minute later.
    incident_create(title="Checkout", summary="", actor=None, tickets=found.tickets[:2])
    assert incident_selectors.similar_recent_tickets() is None


def test_similar_tickets_must_arrive_together(open_ticket, clock):
    for i in range(3):
        open_ticket(email=f"s{i}@example.com", subject="Checkout page is down")
        clock.shift(31 * 60)
    assert incident_selectors.similar_recent_tickets() is None


def test_generic_subjects_do_not_look_like_an_outage(open_ticket):
    for i, subject in enumerate(
        [
            "Question",
            "Question about my invoice",
            "Question about login",
            "Help",
            "Help with my password",
        ]
    ):
        open_ticket(email=f"g{i}@example.com", subject=subject)
    assert incident_selectors.similar_recent_tickets() is None
