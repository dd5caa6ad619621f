"""The event door (tickets.services.events): the only place a TicketEvent
is created; every event stamps its ticket, so an open page refreshes for a
colleague's promise, a rating, a watchdog alert and an incident update as
for a reply; consumers hear every event in the recording transaction."""

import ast
from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone

from tests.factories import UserFactory
from tickets.models import Status, TicketEvent
from tickets.services import events, watchdogs
from tickets.services.commitments import promise_make
from tickets.services.incidents import incident_create, incident_update_post
from tickets.services.lifecycle import note_add, reply_post, ticket_change_status
from tickets.services.linking import incident_link
from tickets.services.satisfaction import rating_record

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[3]
PRODUCT = ("tickets", "kb", "notifications", "helpdesk")
DOOR = ROOT / "tickets" / "services" / "events.py"
WRITES = {
    "TicketEvent",
    *(
        f"TicketEvent.objects.{name}"
        for name in ("create", "bulk_create", "get_or_create", "update_or_create")
    ),
}


def _creations(path: Path) -> list[int]:
    """Lines that build a TicketEvent or write one through its manager."""
    found = []
    for node in ast.walk(ast.parse(path.read_text())):
        if not isinstance(node, ast.Call):
            continue
        if ast.unparse(node.func) in WRITES:
            found.append(node.lineno)
    return found


def test_ticket_events_are_created_only_through_the_door():
    elsewhere = {
        str(path.relative_to(ROOT)): lines
        for package in PRODUCT
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.parts
        and path != DOOR
        and (lines := _creations(path))
    }
    assert elsewhere == {}
    assert _creations(DOOR)  # the door itself does create them


@pytest.fixture
def watching(agent_client, open_ticket):
    """An agent's open ticket page, polling as the page's script does."""
    ticket = open_ticket()

    def look(since):
        response = agent_client.get(
            "/agent/changes/", {"since": since.isoformat(), "ticket": ticket.pk}
        )
        return response.json()["changed"]

    return ticket, look


def test_an_open_ticket_page_sees_what_colleagues_and_watchdogs_do(
    watching, agent, settings, django_capture_on_commit_callbacks
):
    """Before: promises, ratings, watchdog alerts and incident updates never
    stamped updated_at, and an open page did not refresh for them."""
    ticket, look = watching
    colleague = UserFactory(is_staff=True)

    def after(change) -> bool:
        drawn = timezone.now()
        assert not look(drawn)
        with django_capture_on_commit_callbacks(execute=True):  # the fan-out
            change()
        return bool(look(drawn))

    assert after(
        lambda: promise_make(
            ticket=ticket,
            description="Refund by Friday",
            due_at=timezone.now() + timedelta(days=2),
            actor=colleague,
        )
    )
    ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    assert after(lambda: rating_record(ticket=ticket, score="good"))
    ticket_change_status(ticket=ticket, new_status=Status.OPEN, actor=agent)
    settings.HELPDESK_SILENCE_ALERT_HOURS = 0
    assert after(watchdogs.silence_watch)
    incident = incident_create(title="Outage", summary="", actor=colleague)
    incident_link(incident=incident, tickets=[ticket], actor=colleague)
    assert after(
        lambda: incident_update_post(
            incident=incident,
            body="Fixed soon.",
            status=incident.status,
            actor=colleague,
        )
    )


def test_a_consumer_hears_every_event_in_the_recording_transaction(open_ticket, agent):
    heard: list[tuple[str, int, bool]] = []

    def listen(recorded):
        heard.extend((e.kind, e.ticket_id, e.pk is not None) for e in recorded)

    events.consumer("test-listener")(listen)
    try:
        ticket = open_ticket()
        reply_post(ticket=ticket, author=agent, body="On it.")
        note_add(ticket=ticket, author=agent, body="Checked the logs.")
    finally:
        events.CONSUMERS[:] = [c for c in events.CONSUMERS if c[0] != "test-listener"]
    assert heard == [
        (TicketEvent.Kind.CREATED, ticket.pk, True),
        (TicketEvent.Kind.STATUS_CHANGED, ticket.pk, True),
        (TicketEvent.Kind.REPLIED, ticket.pk, True),
        (TicketEvent.Kind.NOTE_ADDED, ticket.pk, True),
    ]


def test_words_of_an_event_are_found_by_the_agents_search(open_ticket, agent):
    ticket = open_ticket()
    note_add(ticket=ticket, author=agent, body="Serial QX-4711 swapped.")
    ticket.refresh_from_db()
    assert "QX-4711" in ticket.search_document
