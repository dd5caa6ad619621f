"""Formatted replies and notes from the composer and the API: cleaned when
written, shown formatted on the customer's page and the agent's timeline,
emailed as HTML with a faithful text part and the pictures inline; a
note's pictures and files stay with the team."""

import base64
import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.factories import UserFactory
from tickets.models import Attachment, CannedResponse, Mention, Message

pytestmark = pytest.mark.django_db

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U"
    "1AAAAABJRU5ErkJggg=="
)
WRITTEN = (
    "<div>Hello <strong>Ada</strong>, please:</div>"
    "<ul><li>restart the app</li><li>sign in again</li></ul>"
    '<div><figure data-trix-attachment=\'{"url":"cid:picture-1.png"}\'>'
    '<img src="cid:picture-1.png" onerror="alert(1)"></figure></div>'
    '<img src="https://tracker.example/open.gif"><script>alert(2)</script>'
)


def picture():
    return SimpleUploadedFile("picture-1.png", PNG, "image/png")


def _post(client, ticket, **extra):
    seen = ticket.messages.filter(kind=Message.Kind.CUSTOMER).latest("pk").pk
    data = {
        "kind": "reply",
        "body": "what the browser made of it",
        "body_html": WRITTEN,
        "seen_message": seen,
        "attachments": [picture()],
    } | extra
    return client.post(f"/agent/tickets/{ticket.pk}/reply/", data)


def test_a_formatted_reply_reaches_the_customer_cleaned_with_its_picture(
    agent_client, open_ticket, client, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert _post(agent_client, ticket).status_code == 302
    reply = Message.objects.get(kind=Message.Kind.REPLY)
    picture = Attachment.objects.get()
    assert picture.content_id == "picture-1.png"
    # The text is made from the formatting, not taken from the browser.
    assert reply.body == (
        "Hello Ada, please:\n  * restart the app\n  * sign in again\n\n[picture-1.png]"
    )
    for bad in ("<script", "onerror", "tracker.example", "data-trix"):
        assert bad not in reply.body_html

    (sent,) = mail.outbox
    html = sent.alternatives[0][0]
    assert "<li>restart the app</li>" in html
    assert '<img src="cid:picture-1.png">' in html
    assert "* restart the app" in sent.body
    (part,) = sent.attachments
    assert part["Content-ID"] == "<picture-1.png>"
    assert part.get_payload(decode=True) == PNG

    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "<li>restart the app</li>" in page
    shown = f"/t/{ticket.access_key}/attachments/{picture.pk}/image/"
    assert f'<img src="{shown}">' in page
    assert "<script>alert(2)" not in page
    served = client.get(shown)
    assert served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content) == PNG


def test_above_the_email_total_the_picture_is_a_link(
    agent_client, open_ticket, settings, django_capture_on_commit_callbacks
):
    settings.HELPDESK_EMAIL_FILES_BYTES = 10
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _post(agent_client, ticket)
    (sent,) = mail.outbox
    assert sent.attachments == []
    html = sent.alternatives[0][0]
    assert "cid:" not in html
    assert re.search(r'<img src="https?://[^"]+/files/[^"]+/">', html)


def test_a_formatted_note_stays_with_the_team_and_its_picture_shows_to_agents(
    agent_client, open_ticket, client
):
    ticket = open_ticket()
    _post(agent_client, ticket, kind="note")
    picture = Attachment.objects.get()
    agent_page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    shown = f"/agent/tickets/{ticket.pk}/files/{picture.pk}/image/"
    assert f'<img src="{shown}">' in agent_page
    assert "<li>restart the app</li>" in agent_page
    assert b"".join(agent_client.get(shown).streaming_content) == PNG
    download = agent_client.get(f"/agent/tickets/{ticket.pk}/files/{picture.pk}/")
    assert download["Content-Disposition"].startswith("attachment")
    client.logout()
    assert client.get(shown).status_code == 302  # sign in first
    customer_page = client.get(ticket.get_absolute_url()).content.decode()
    assert "restart the app" not in customer_page
    refused = client.get(f"/t/{ticket.access_key}/attachments/{picture.pk}/image/")
    assert refused.status_code == 404


def test_an_agent_cannot_fetch_a_file_through_another_ticket(agent_client, open_ticket):
    ticket, other = open_ticket(), open_ticket()
    _post(agent_client, ticket)
    picture = Attachment.objects.get()
    wrong = agent_client.get(f"/agent/tickets/{other.pk}/files/{picture.pk}/")
    assert wrong.status_code == 404


def test_a_formatted_note_mentions_from_its_text(agent_client, open_ticket):
    kim = UserFactory(username="kim", first_name="Kim")
    kim.groups.add(Group.objects.get_or_create(name="Agents")[0])
    ticket = open_ticket()
    _post(
        agent_client,
        ticket,
        kind="note",
        body_html="<div><strong>@kim</strong> could you look?</div>",
        attachments=[],
    )
    assert Mention.objects.get().agent == kim


def test_an_empty_editor_is_a_message_next_to_the_field(agent_client, open_ticket):
    ticket = open_ticket()
    response = _post(agent_client, ticket, body="", body_html="<div><br></div>")
    assert response.status_code == 400
    assert "Write the reply or note first." in response.content.decode()
    assert not Message.objects.filter(kind=Message.Kind.REPLY).exists()


def test_a_formatted_canned_response_keeps_its_placeholders(
    agent_client, agent, open_ticket
):
    saved = agent_client.post(
        "/agent/canned/new/",
        {
            "title": "Steps",
            "body": "ignored",
            "body_html": "<div>Hi {{ customer_first_name }},</div>"
            "<ul><li>restart</li></ul><script>x</script>",
        },
    )
    assert saved.status_code == 302
    canned = CannedResponse.objects.get()
    assert canned.body == "Hi {{ customer_first_name }},\n  * restart"
    ticket = open_ticket(name="<b>Ada</b> Lovelace")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    offered = re.search(r'data-html="([^"]*)"', page).group(1)
    # Filled and escaped twice over: as HTML, then as an attribute.
    assert offered == (
        "&lt;div&gt;Hi &amp;lt;b&amp;gt;Ada&amp;lt;/b&amp;gt;,&lt;/div&gt;"
        "&lt;ul&gt;&lt;li&gt;restart&lt;/li&gt;&lt;/ul&gt;"
    )
