"""Files from agents: on a reply or a note, from the composer; within the
customers' limits (a mistake next to the field, the text and files kept);
sent as parts of the reply's email, or as links that expire above the
configured total; shown on the customer's page, never a note's."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tickets.models import Attachment, Message

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4 the invoice"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000"
    "1049444154789c63f8cfc000440c100a001fee03fd8b5f14d40000000049454e44ae426082"
)


def _file(name="invoice.pdf", data=PDF, kind="application/pdf"):
    return SimpleUploadedFile(name, data, kind)


def _reply(client, ticket, **extra):
    seen = ticket.messages.filter(kind=Message.Kind.CUSTOMER).latest("pk").pk
    data = {
        "kind": "reply",
        "body": "Here is the corrected invoice.",
        "seen_message": seen,
    } | extra
    return client.post(f"/agent/tickets/{ticket.pk}/reply/", data)


def test_a_reply_s_files_ride_in_its_email_and_show_on_the_customer_page(
    agent_client, open_ticket, client, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _reply(agent_client, ticket, attachments=[_file()])
    assert response.status_code == 302
    (sent,) = mail.outbox
    assert [(name, data) for name, data, _type in sent.attachments] == [
        ("invoice.pdf", PDF)
    ]
    assert "Attached: invoice.pdf" in sent.body
    page = client.get(ticket.get_absolute_url()).content.decode()
    attachment = Attachment.objects.get()
    assert f"/attachments/{attachment.pk}/" in page
    download = client.get(f"/t/{ticket.access_key}/attachments/{attachment.pk}/")
    assert b"".join(download.streaming_content) == PDF


def test_above_the_total_the_email_carries_links_that_expire(
    agent_client, open_ticket, client, settings, django_capture_on_commit_callbacks
):
    settings.HELPDESK_EMAIL_FILES_BYTES = 10
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _reply(agent_client, ticket, attachments=[_file()])
    (sent,) = mail.outbox
    assert sent.attachments == []
    assert "too large to send in an email" in sent.body
    url = re.search(r"https?://\S+/files/\S+/", sent.body).group(0)
    download = client.get("/" + url.split("://", 1)[1].split("/", 1)[1])
    assert b"".join(download.streaming_content) == PDF
    assert client.get("/files/forged-token/").status_code == 404


def test_a_note_s_file_stays_with_the_team(agent_client, open_ticket, client):
    ticket = open_ticket()
    agent_client.post(
        f"/agent/tickets/{ticket.pk}/reply/",
        {"kind": "note", "body": "Their contract.", "attachments": [_file("c.pdf")]},
    )
    note_file = Attachment.objects.get(message__kind=Message.Kind.NOTE)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "c.pdf" not in page
    refused = client.get(f"/t/{ticket.access_key}/attachments/{note_file.pk}/")
    assert refused.status_code == 404
    agent_page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "c.pdf" in agent_page


@pytest.mark.parametrize(
    ("upload", "said"),
    [
        (("run.exe", b"MZ", "application/octet-stream"), "cannot be attached"),
        (("big.pdf", b"x" * 2048, "application/pdf"), "the limit is"),
    ],
)
def test_a_refused_file_says_why_next_to_the_field_and_keeps_the_text(
    agent_client, open_ticket, settings, upload, said
):
    settings.HELPDESK_MAX_ATTACHMENT_BYTES = 1024
    ticket = open_ticket()
    response = _reply(agent_client, ticket, attachments=[_file(*upload)])
    assert response.status_code == 400
    page = response.content.decode()
    assert said in page
    assert "Here is the corrected invoice." in page
    assert not Message.objects.filter(kind=Message.Kind.REPLY).exists()


def test_files_chosen_are_held_when_the_reply_comes_back(
    agent_client, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    response = _reply(agent_client, ticket, body="", attachments=[_file()])
    assert response.status_code == 400
    page = response.content.decode()
    assert "Kept from your last try" in page
    held = re.search(r'name="held" value="([^"]+)"', page).group(1)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        _reply(agent_client, ticket, held=held)
    (sent,) = mail.outbox
    assert [name for name, _data, _type in sent.attachments] == ["invoice.pdf"]


def test_the_ticket_page_costs_the_same_queries_with_files_and_mentions(
    agent_client, agent, open_ticket
):
    from django.contrib.auth.models import Group
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.factories import UserFactory
    from tickets.services.lifecycle import note_add, reply_post

    ticket = open_ticket()
    url = f"/agent/tickets/{ticket.pk}/"
    kim = UserFactory(username="kim")
    kim.groups.add(Group.objects.get_or_create(name="Agents")[0])
    reply_post(ticket=ticket, author=agent, body="First.")
    agent_client.get(url)
    note_add(ticket=ticket, author=agent, body="Drawn again.")
    with CaptureQueriesContext(connection) as bare_drawn:
        agent_client.get(url)
    with CaptureQueriesContext(connection) as bare:
        agent_client.get(url)
    for n in range(5):
        reply_post(
            ticket=ticket,
            author=agent,
            body=f"Reply {n}.",
            attachments=[_file(f"file{n}.pdf"), _file(f"pic{n}.png", PNG, "image/png")],
            body_html=f'<ul><li>Step {n}</li></ul><img src="cid:pic{n}.png">',
        )
        note_add(ticket=ticket, author=agent, body=f"@kim look at {n}")
    # The first view after a change draws the history (formatted messages
    # and their pictures among it), then it is kept.
    with CaptureQueriesContext(connection) as full_drawn:
        page = agent_client.get(url).content.decode()
    with CaptureQueriesContext(connection) as full:
        agent_client.get(url)
    assert "file4.pdf" in page
    assert "@kim look at 4" in page
    assert "<li>Step 4</li>" in page
    assert f"/agent/tickets/{ticket.pk}/files/" in page
    assert len(full_drawn.captured_queries) == len(bare_drawn.captured_queries)
    assert len(full.captured_queries) == len(bare.captured_queries)
