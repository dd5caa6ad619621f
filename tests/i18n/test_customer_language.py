"""A German customer is served in German from the first page to the last
email; the English agent keeps an English workspace; a switch to English
on the ticket page makes the next email English."""

import re

import pytest
from django.core import mail
from django.test import Client

from tests.factories import at
from tickets.models import Customer, Status, Ticket
from tickets.services import watchdogs
from tickets.services.intake import inbound_receive
from tickets.services.lifecycle import customer_message_post, reply_post

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE,de;q=0.9,en;q=0.5"}


def _html_lang(page: str) -> str:
    found = re.search(r'<html lang="([^"]+)"', page)
    assert found, page[:200]
    return found.group(1)


@pytest.fixture
def german() -> Client:
    return Client(**GERMAN)


def test_a_browser_asking_for_german_gets_german_pages_from_the_first_request(
    german,
):
    response = german.get("/")
    page = response.content.decode()
    assert _html_lang(page) == "de"
    assert response["Content-Language"] == "de"
    assert "Hilfeartikel" in page
    assert "Ticket eröffnen" in page
    assert "Help articles" not in page
    form = german.get("/tickets/new/").content.decode()
    assert "Ihr Name" in form
    assert "Ihre E-Mail-Adresse" in form
    assert _html_lang(Client().get("/").content.decode()) == "en"


def test_bad_input_is_explained_in_german_next_to_the_field(german):
    response = german.post(
        "/tickets/new/",
        {"name": "Gisela", "email": "kein-at", "subject": "", "message": "Hallo"},
        REMOTE_ADDR="192.0.2.7",
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert "Das sieht nicht nach einer E-Mail-Adresse aus" in page
    assert "Bitte fassen Sie Ihre Anfrage in wenigen Worten zusammen." in page
    assert "Bitte prüfen Sie die unten markierten Felder:" in page
    assert 'value="Gisela"' in page
    assert "Hallo" in page


def test_a_german_customer_is_answered_in_german_until_they_switch_to_english(
    german, agent, clock, django_capture_on_commit_callbacks, settings
):
    settings.HELPDESK_SILENCE_ALERT_HOURS = 1000
    settings.HELPDESK_SILENCE_UPDATE_HOURS = 48
    form = {
        "name": "Gisela Müller",
        "email": "gisela@example.de",
        "subject": "Rechnung falsch",
        "message": "Auf meiner Rechnung steht die alte Adresse.",
        "website": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = german.post(
            "/tickets/new/", form, REMOTE_ADDR="192.0.2.8", follow=True
        )
    ticket = Ticket.objects.get()
    assert Customer.objects.get().language == "de"
    # Confirmation page: German, with the deadline as a German date.
    page = response.content.decode()
    assert _html_lang(page) == "de"
    assert "Danke, Ihre Anfrage ist bei uns" in page
    assert "Montag, 30. März 2026, 16:00" in page
    # The acknowledgement: subject, text and HTML in German.
    (ack,) = mail.outbox
    html = ack.alternatives[0][0]
    assert (
        ack.subject
        == f"[{ticket.reference}] Wir haben Ihre Anfrage erhalten: Rechnung falsch"
    )
    for text in (ack.body, html):
        assert "Hallo Gisela," in text
        assert "Montag, 30. März 2026, 16:00" in text
        assert "Wie es weitergeht:" in text
        assert "Auf meiner Rechnung steht die alte Adresse." in text
    assert '<html lang="de">' in html
    assert ack.extra_headers["Content-Language"] == "de"
    heading = "Was Sie uns geschickt haben"
    assert f"{heading}\n{'-' * len(heading)}\n" in ack.body
    assert "Thank you" not in ack.body

    # The agent reads the workspace in English, and sees the customer's language.
    agent_client = Client()
    agent_client.force_login(agent)
    workspace = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert _html_lang(workspace) == "en"
    assert "Gisela reads Deutsch" in workspace
    assert "Rechnung falsch" in workspace

    # A reply that waits on the customer: German email, German status.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(
            ticket=ticket,
            author=agent,
            body="Welche Adresse ist richtig?",
            new_status=Status.WAITING,
        )
    (reply,) = mail.outbox
    assert reply.subject.startswith(f"[{ticket.reference}] AW: ")
    assert "Sam Agent hat auf Ihre Anfrage" in reply.body
    assert "Status: Warten auf Kunden." in reply.body
    assert "Wir brauchen etwas von Ihnen" in reply.body

    # The customer answers on the page; the watchdog's update, written later
    # by the worker, is German too.
    with django_capture_on_commit_callbacks(execute=True):
        customer_message_post(ticket=ticket, body="Die neue: Hauptstr. 1")
    mail.outbox.clear()
    clock.move_to(at(2026, 3, 29, 17, 0))
    with django_capture_on_commit_callbacks(execute=True):
        assert watchdogs.silence_watch() == 1
    (update,) = [m for m in mail.outbox if "gisela@example.de" in m.to[0]]
    assert "Wir arbeiten weiter an Ihrer Anfrage" in update.subject
    assert "arbeitet weiter daran" in update.body

    # On the ticket page, in German, the customer switches to English.
    detail = german.get(ticket.get_absolute_url()).content.decode()
    assert "Nachricht hinzufügen" in detail
    switched = german.post(
        "/language/",
        {
            "language": "en",
            "next": ticket.get_absolute_url(),
            "ticket": ticket.access_key,
        },
        follow=True,
    )
    assert "Add a message" in switched.content.decode()
    assert Customer.objects.get().language == "en"
    mail.outbox.clear()
    ticket = Ticket.objects.get(pk=ticket.pk)  # as the agent's next request reads it
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(ticket=ticket, author=agent, body="Done: address updated.")
    (english,) = mail.outbox
    assert "Sam Agent replied to your request" in english.body
    assert "Hallo" not in english.body


def test_the_switcher_keeps_the_visitor_on_our_site(german):
    response = german.post(
        "/language/", {"language": "de", "next": "https://evil.example/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
    unknown = german.post("/language/", {"language": "xx", "next": "/kb/"})
    assert unknown["Location"] == "/kb/"
    assert "django_language" not in unknown.cookies


def test_an_emailed_request_takes_the_language_of_the_mail(
    django_capture_on_commit_callbacks,
):
    raw = (
        b"From: Jonas Weber <jonas@example.de>\r\n"
        b"To: support@example.com\r\n"
        b"Subject: Drucker druckt nicht\r\n"
        b"Message-ID: <de-1@example.de>\r\n"
        b"Content-Language: de-DE\r\n"
        b"Content-Type: text/plain; charset=utf-8\r\n\r\n"
        b"Seit gestern kommt nichts mehr aus dem Drucker.\r\n"
    )
    with django_capture_on_commit_callbacks(execute=True):
        outcome = inbound_receive(raw=raw)
    assert outcome.action == "opened"
    assert Customer.objects.get(email="jonas@example.de").language == "de"
    (ack,) = mail.outbox
    assert "Wir haben Ihre Anfrage erhalten" in ack.subject
    assert "Hallo Jonas," in ack.body


def test_the_api_takes_the_language_given_or_the_request_s(client):
    body = {
        "name": "Ana",
        "email": "ana@example.de",
        "subject": "Hilfe",
        "message": "Bitte",
    }
    given = client.post(
        "/api/v1/tickets/", body | {"language": "de"}, content_type="application/json"
    )
    assert given.status_code == 201
    assert Customer.objects.get(email="ana@example.de").language == "de"
    asked = client.post(
        "/api/v1/tickets/",
        body | {"email": "bo@example.de"},
        content_type="application/json",
        **GERMAN,
    )
    assert asked.status_code == 201
    assert Customer.objects.get(email="bo@example.de").language == "de"
    refused = client.post(
        "/api/v1/tickets/",
        body | {"email": "cy@example.de", "language": "klingon"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "language" in refused.json()


def test_error_pages_speak_the_visitor_s_language(german):
    missing = german.get("/t/not-a-ticket-key/")
    assert missing.status_code == 404
    page = missing.content.decode()
    assert _html_lang(page) == "de"
    assert "Diese Seite haben wir nicht gefunden" in page
    assert "So erreichen Sie uns" in page  # how to reach us, in German too
