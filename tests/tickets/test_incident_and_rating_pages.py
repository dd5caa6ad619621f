"""What customers see of incidents and the follow-up: the banner, the
status page, the form's "known problem" option, and one-click rating pages."""

import re

import pytest
from django.core import mail

from tickets import links, services
from tickets.models import Incident, Rating, Status, Ticket
from tickets.services.assignment import ticket_assign
from tickets.services.incidents import incident_create, incident_update_post
from tickets.services.lifecycle import ticket_change_status

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        found = incident_create(
            title="Checkout unavailable", summary="Payments fail.", actor=agent
        )
        incident_update_post(
            incident=found,
            body="The payment provider is down; we are switching.",
            status=Incident.Status.IDENTIFIED,
            actor=agent,
        )
    return found


def test_every_portal_page_shows_the_known_problem(client, incident, open_ticket):
    ticket = open_ticket()
    for url in ("/", "/tickets/new/", "/kb/", ticket.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "Known problem: Checkout unavailable" in page, url
        assert "The payment provider is down; we are switching." in page, url


def test_an_internal_or_resolved_incident_shows_no_banner(client, incident, agent):
    incident_create(title="Secret", summary="x", actor=agent, is_public=False)
    incident_update_post(
        incident=incident, body="Fixed.", status=Incident.Status.RESOLVED, actor=agent
    )
    page = client.get("/").content.decode()
    assert "Known problem" not in page
    status = client.get("/status/").content.decode()
    assert "No known problems right now" in status
    assert "Checkout unavailable" in status
    assert "Fixed." in status
    assert "Secret" not in status


def test_the_status_page_lists_current_incidents_with_their_updates(
    client, incident, agent
):
    incident_update_post(
        incident=incident,
        body="Internal: blame DNS",
        status="identified",
        actor=agent,
        is_public=False,
    )
    page = client.get("/status/").content.decode()
    assert "Checkout unavailable" in page
    assert "Payments fail." in page
    assert "The payment provider is down" in page
    assert "blame DNS" not in page


def test_the_form_offers_the_known_problem_and_links_the_ticket(
    client, incident, submit
):
    page = client.get("/tickets/new/").content.decode()
    assert "Yes: Checkout unavailable" in page
    response = submit(incident=str(incident.pk))
    assert response.status_code == 302
    ticket = Ticket.objects.get()
    assert ticket.incident == incident
    assert ticket.events.filter(kind="incident_linked", by_customer=True).exists()


def test_a_linked_ticket_page_names_the_known_problem(client, incident, submit):
    submit(incident=str(incident.pk))
    page = client.get(Ticket.objects.get().get_absolute_url()).content.decode()
    assert "Your request is part of a known problem" in page
    assert f"/status/#incident-{incident.pk}" in page


def test_the_form_without_a_choice_or_with_a_stale_one(client, incident, submit):
    assert submit().status_code == 302
    assert Ticket.objects.get().incident is None
    response = submit(incident="999999", email="bob@example.com")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "Cannot log in since this morning" in response.content.decode()


@pytest.fixture
def resolved(open_ticket, agent):
    ticket = open_ticket()
    ticket_assign(ticket=ticket, assignee=agent, actor=agent)
    ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    mail.outbox.clear()
    return ticket


def test_opening_a_rating_link_records_nothing(client, resolved):
    url = links.rating_urls(resolved.pk)["good"]
    page = client.get(url)
    assert page.status_code == 200
    assert re.search(r'value="good"[^>]* checked', page.content.decode())
    assert "Press Save to record it" in page.content.decode()
    assert not Rating.objects.exists()


def test_opening_any_follow_up_link_changes_nothing_until_a_press(client, resolved):
    for url in links.rating_urls(resolved.pk).values():
        page = client.get(url[url.index("/rate/") :]).content.decode()
        assert '<button type="submit"' in page
    assert not Rating.objects.exists()
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED


def test_a_press_saves_the_choice_then_a_comment(
    client, resolved, agent, django_capture_on_commit_callbacks
):
    url = links.rating_urls(resolved.pk)["bad"].removeprefix("http://testserver")
    url = url[url.index("/rate/") :]
    with django_capture_on_commit_callbacks(execute=True):
        saved = client.post(url, {"score": "bad"})
    assert saved.status_code == 302
    assert [m.to for m in mail.outbox] == [[f"Sam Agent <{agent.email}>"]]
    response = client.post(url, {"score": "bad", "comment": "Too slow."})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Saved: you rated our help bad" in page
    rating = Rating.objects.get()
    assert (rating.score, rating.comment) == ("bad", "Too slow.")
    # Changed their mind while the link is valid.
    client.post(url, {"score": "good", "comment": "Too slow."})
    assert Rating.objects.get().score == "good"


def test_a_forged_or_expired_link_says_so(client, resolved, clock, settings):
    url = links.rating_urls(resolved.pk)["good"]
    path = url[url.index("/rate/") :]
    assert client.get(path.replace("/good/", "/great/")).status_code == 404
    assert client.get(path[:-8] + "x/good/").status_code == 410
    clock.shift((settings.HELPDESK_RATING_LINK_DAYS + 1) * 86400)
    page = client.get(path)
    assert page.status_code == 410
    assert "This link no longer works" in page.content.decode()
    assert client.post(path, {"score": "good"}).status_code == 410
    assert not Rating.objects.exists()


def test_still_a_problem_reopens_once_and_keeps_their_words(
    client, resolved, agent, django_capture_on_commit_callbacks
):
    url = links.rating_urls(resolved.pk)["reopen"]
    path = url[url.index("/rate/") :]
    assert client.get(path).status_code == 200
    resolved.refresh_from_db()
    assert resolved.status == Status.RESOLVED  # a scanner's fetch changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(path).status_code == 302
        client.post(path)  # pressed twice: reopened once
    resolved.refresh_from_db()
    assert resolved.status == Status.OPEN
    assert resolved.due_at is not None
    client.post(path, {"message": "The export still fails."})
    bodies = list(resolved.messages.values_list("body", flat=True))
    assert bodies[-2:] == [
        services.satisfaction.REOPENED_WITHOUT_WORDS,
        "The export still fails.",
    ]
    assert any(agent.email in m.to[0] for m in mail.outbox)


def test_a_follow_up_link_never_reopens_a_closed_ticket_and_keeps_the_words(
    client, resolved, agent
):
    ticket_change_status(ticket=resolved, new_status=Status.CLOSED, actor=agent)
    url = links.rating_urls(resolved.pk)["reopen"]
    path = url[url.index("/rate/") :]
    page = client.get(path).content.decode()
    assert "This ticket is closed" in page
    response = client.post(path, {"message": "Still broken after the update."})
    assert response.status_code == 409
    assert "Still broken after the update." in response.content.decode()
    resolved.refresh_from_db()
    assert resolved.status == Status.CLOSED
    assert not resolved.messages.filter(body__contains="Still broken").exists()


def test_the_form_drawn_before_a_known_problem_offers_it_once_it_is_public(
    client, agent, django_capture_on_commit_callbacks
):
    # The empty form is kept once drawn: it must still follow the incidents.
    assert (
        "Is this about a known problem?"
        not in client.get("/tickets/new/").content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        incident_create(title="Login broken", summary="x", actor=agent)
    page = client.get("/tickets/new/").content.decode()
    assert "Yes: Login broken" in page
