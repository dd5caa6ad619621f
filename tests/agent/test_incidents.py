"""Agents run incidents from the workspace: spotted on the queue, declared
in one click, fed with updates that reach every affected customer."""

import pytest
from django.core import mail

from tickets.models import Incident, Rating, Status, Ticket, TicketEvent
from tickets.services.incidents import incident_create
from tickets.services.satisfaction import rating_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def reports(open_ticket):
    return [
        open_ticket(email=f"r{i}@example.com", name=f"Reporter {i}", subject=subject)
        for i, subject in enumerate(
            ["Checkout page is down", "checkout is down?", "The checkout page is down!"]
        )
    ]


def test_the_queue_suggests_an_incident_and_one_click_creates_it(agent_client, reports):
    page = agent_client.get("/agent/").content.decode()
    assert "3 similar tickets in the last 60 minutes" in page
    # The button's form, as the page sends it.
    response = agent_client.post(
        "/agent/incidents/",
        {
            "title": "Checkout page is down",
            "summary": "We have several reports of: Checkout page is down.",
            "is_public": "",
            "tickets": [t.pk for t in reports],
        },
    )
    incident = Incident.objects.get()
    assert response["Location"] == f"/agent/incidents/{incident.pk}/"
    assert not incident.is_public  # customers see nothing until an agent says
    assert set(incident.tickets.all()) == set(reports)
    assert "similar tickets" not in agent_client.get("/agent/").content.decode()
    page = agent_client.get(response["Location"]).content.decode()
    assert "3 linked tickets" in page
    for ticket in reports:
        assert ticket.reference in page


def test_an_empty_title_is_refused_next_to_the_field(agent_client):
    response = agent_client.post(
        "/agent/incidents/", {"title": "", "summary": "Half typed"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Give the incident a title customers understand." in page
    assert "Half typed" in page
    assert not Incident.objects.exists()


def test_an_update_posted_on_the_page_reaches_every_customer(
    agent_client, agent, reports, django_capture_on_commit_callbacks
):
    incident = incident_create(
        title="Checkout down", summary="Payments fail.", actor=agent, tickets=reports
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            f"/agent/incidents/{incident.pk}/updates/",
            {
                "body": "Fixed, sorry!",
                "status": "resolved",
                "is_public": "on",
                "resolve_tickets": "on",
            },
        )
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == [
        f"Reporter {i} <r{i}@example.com>" for i in range(3)
    ]
    assert set(Ticket.objects.values_list("status", flat=True)) == {Status.RESOLVED}
    page = agent_client.get(response["Location"]).content.decode()
    assert "Reached 3 tickets: one email to each customer, tickets resolved." in page
    ticket_page = agent_client.get(f"/agent/tickets/{reports[0].pk}/").content
    assert "Incident update</strong> (Resolved, emailed to the customer)" in (
        ticket_page.decode()
    )


def test_an_update_without_words_keeps_the_status_chosen(agent_client, agent):
    incident = incident_create(title="X", summary="", actor=agent)
    response = agent_client.post(
        f"/agent/incidents/{incident.pk}/updates/", {"body": "", "status": "monitoring"}
    )
    assert response.status_code == 400
    assert 'value="monitoring" selected' in response.content.decode()


def test_link_from_the_ticket_page_and_in_bulk(agent_client, agent, reports):
    incident = incident_create(title="Checkout down", summary="", actor=agent)
    first, *_rest = reports
    response = agent_client.post(
        f"/agent/tickets/{first.pk}/incident/", {"incident": incident.pk}
    )
    assert response.status_code == 302
    page = agent_client.get(response["Location"]).content.decode()
    assert "Linked to the incident Checkout down." in page
    agent_client.post(
        "/agent/bulk/",
        {"tickets": [t.pk for t in reports], "change": f"incident:{incident.pk}"},
    )
    assert incident.tickets.count() == 3
    assert TicketEvent.objects.filter(kind="incident_linked").count() == 3
    agent_client.post(f"/agent/tickets/{first.pk}/incident/", {"incident": ""})
    first.refresh_from_db()
    assert first.incident is None


def test_the_ticket_page_shows_the_rating_and_comment(agent_client, open_ticket):
    ticket = open_ticket()
    rating_record(ticket=ticket, score=Rating.Score.BAD, comment="Slow.")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert '<strong class="rating rating-bad">Bad</strong>' in page
    assert "Slow." in page


def test_customers_cannot_reach_incident_pages(client, agent):
    incident = incident_create(title="X", summary="", actor=agent)
    for url in ("/agent/incidents/", f"/agent/incidents/{incident.pk}/"):
        assert client.get(url).status_code == 302
    assert (
        client.post(
            f"/agent/incidents/{incident.pk}/updates/",
            {"body": "x", "status": "resolved"},
        ).status_code
        == 302
    )
    incident.refresh_from_db()
    assert incident.status == Incident.Status.INVESTIGATING
