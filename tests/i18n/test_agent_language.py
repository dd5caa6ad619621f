"""Agents choose their own language; canned responses and contact texts
exist per language; an email is written in its recipient's language
whatever language the process runs in; dates are the reader's."""

import re
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.test import Client
from django.utils import translation

from helpdesk.core.locales import format_when
from notifications.models import Notification
from notifications.rendering import render_notification
from tickets.models import AgentProfile, CannedResponse, ContactText
from tickets.services.lifecycle import default_queue

pytestmark = pytest.mark.django_db

GERMAN = {"HTTP_ACCEPT_LANGUAGE": "de-DE"}


def test_dates_read_as_each_language_writes_them():
    moment = datetime(2026, 11, 25, 16, 30, tzinfo=UTC)
    german = format_when(moment, "Europe/Berlin", language="de")
    english = format_when(moment, "Europe/London", language="en")
    assert german == "Mittwoch, 25. November 2026, 17:30 MEZ"
    assert english == "Wednesday 25 November 2026, 16:30 GMT"
    summer = datetime(2026, 7, 1, 8, 0, tzinfo=UTC)
    assert format_when(summer, "Europe/Berlin", language="de").endswith("10:00 MESZ")
    assert format_when(summer, "Europe/London", language="en").endswith("09:00 BST")
    assert format_when(moment, "Europe/London", "short", "de") == "25.11.2026, 16:30"


def test_an_agent_reads_the_workspace_in_the_language_they_chose(
    agent, open_ticket, django_capture_on_commit_callbacks
):
    client = Client()  # the browser asks for English (no Accept-Language)
    client.force_login(agent)
    english = client.get("/agent/").content.decode()
    assert 'html lang="en"' in english
    assert ">Queue<" in english
    saved = client.post(
        "/agent/profile/",
        {
            "email": agent.email,
            "language": "de",
            "notify_new_ticket": "on",
            "assign_on_reply": "on",
        },
    )
    assert saved.status_code == 302
    assert AgentProfile.objects.get(user=agent).language == "de"
    german = client.get("/agent/").content.decode()
    assert 'html lang="de"' in german
    assert "Warteschlange" in german
    assert "Abmelden" in german
    # Their emails too: a new ticket in their queue is announced in German.
    default_queue().agents.add(agent)
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()
    (announcement,) = [m for m in mail.outbox if agent.email in m.to[0]]
    assert "Neues Ticket" in announcement.subject
    assert "Ein neues Ticket wartet in" in announcement.body
    # A customer's page is not the agent's: a German customer still reads German.
    ticket = open_ticket(email="gisela@example.de", language="de")
    customer_page = Client().get(ticket.get_absolute_url()).content.decode()
    assert 'html lang="de"' in customer_page


def test_the_canned_response_in_the_customer_s_language_comes_first(
    agent_client, open_ticket
):
    CannedResponse.objects.create(title="Any language", body="Hi")
    CannedResponse.objects.create(title="Ask for details", body="Hello", language="en")
    CannedResponse.objects.create(title="Mehr Angaben", body="Hallo", language="de")
    german = open_ticket(email="gisela@example.de", language="de")
    english = open_ticket(email="ada@example.com")

    def offered(ticket):
        page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
        return re.findall(r'data-body="[^"]*"(?: lang="\w+")?>([^<(]+)', page)

    assert [t.strip() for t in offered(german)] == [
        "Mehr Angaben",
        "Any language",
        "Ask for details",
    ]
    assert [t.strip() for t in offered(english)] == [
        "Ask for details",
        "Any language",
        "Mehr Angaben",
    ]


def test_contact_texts_are_configured_per_language(client, settings, open_ticket):
    settings.HELPDESK_SUPPORT_HOURS = "Monday to Friday, 9:00-17:30"
    ContactText.objects.create(
        language="de", hours="Montag bis Freitag, 9-17:30 Uhr", signature="Ihr Team"
    )
    german = Client(**GERMAN).get("/").content.decode()
    assert "Montag bis Freitag, 9-17:30 Uhr" in german
    english = client.get("/").content.decode()
    assert "Monday to Friday, 9:00-17:30" in english
    assert "Montag" not in english
    # Edited in admin: the next page shows it (the cache forgets the old one).
    text = ContactText.objects.get()
    text.hours = "Rund um die Uhr"
    text.save()
    assert "Rund um die Uhr" in Client(**GERMAN).get("/").content.decode()


def test_an_email_is_rendered_in_its_recipient_s_language_not_the_process_s(
    open_ticket,
):
    ticket = open_ticket(email="gisela@example.de", language="de")
    row = Notification.objects.get(
        ticket=ticket, kind=Notification.Kind.ACKNOWLEDGEMENT
    )
    assert row.language == "de"
    with translation.override("en"):  # the worker's own language
        german = render_notification(row)
    assert "Wir haben Ihre Anfrage erhalten" in german.subject
    assert "Ihr Team von" not in german.body  # settings' signature: no German row
    row.language = "en"
    with translation.override("de"):
        english = render_notification(row)
    assert "We received your request" in english.subject
