"""Every email that tells a customer their request is resolved asks how we
did, in one click: whichever way the agent resolved it."""

import re

import pytest
from django.core import mail

from tickets import links
from tickets.models import Incident, Status
from tickets.services.incidents import incident_create, incident_update_post
from tickets.services.lifecycle import reply_post, ticket_change_status
from tickets.services.replying import agent_message_post

pytestmark = pytest.mark.django_db


def by_status_change(ticket, agent):
    ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)


def by_send_and_resolve(ticket, agent):
    reply_post(
        ticket=ticket, author=agent, body="Fixed it.", new_status=Status.RESOLVED
    )


def by_the_composer(ticket, agent):
    agent_message_post(
        ticket=ticket,
        author=agent,
        kind="reply",
        body="Fixed it.",
        new_status=Status.RESOLVED,
    )


def by_resolving_the_incident(ticket, agent):
    incident = incident_create(
        title="Login fails", summary="", actor=agent, tickets=[ticket]
    )
    incident_update_post(
        incident=incident,
        body="Fixed.",
        status=Incident.Status.RESOLVED,
        actor=agent,
        resolve_tickets=True,
    )


@pytest.mark.parametrize(
    "resolve",
    [by_status_change, by_send_and_resolve, by_the_composer, by_resolving_the_incident],
    ids=lambda f: f.__name__,
)
def test_the_email_that_resolves_carries_the_rating_links(
    resolve, open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        resolve(ticket, agent)
    ticket.refresh_from_db()
    assert ticket.status == Status.RESOLVED
    (email,) = [m for m in mail.outbox if ticket.customer.email in m.to[0]]
    html = email.alternatives[0][0]
    for choice in ("good", "bad"):
        assert rated_ticket(email.body, choice) == ticket.pk
        assert rated_ticket(html, choice) == ticket.pk


def rated_ticket(text: str, choice: str) -> int | None:
    """The ticket a one-click link rates (its token carries the second it
    was signed, so it is read back rather than compared)."""
    found = re.search(rf"/rate/([^/\s]+)/{choice}/", text)
    return links.rating_ticket_id(found.group(1)) if found else None


def test_a_reply_that_does_not_resolve_asks_for_nothing(
    open_ticket, agent, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(ticket=ticket, author=agent, body="Which model is it?")
    (email,) = mail.outbox
    assert "/rate/" not in email.body
