"""Redaction: a pasted card number blacked out by an agent: gone from the
message, the search, the email not sent yet and the pages kept drawn; the
redaction itself in the history (who, why), never what it said."""

from pathlib import Path

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from notifications.delivery import notification_deliver
from notifications.models import Notification
from tickets.models import Attachment, Message
from tickets.services.lifecycle import customer_message_post, reply_post
from tickets.services.redaction import attachment_redact, message_redact

pytestmark = pytest.mark.django_db

CARD = "4111 1111 1111 1111"


def test_an_agent_blacks_out_a_card_number_and_it_is_nowhere(
    agent_client, agent, open_ticket
):
    ticket = open_ticket()
    pasted = customer_message_post(ticket=ticket, body=f"My card is {CARD}, thanks")
    agent_client.get(f"/agent/tickets/{ticket.pk}/")  # drawn and kept
    before = agent_client.get("/agent/", {"q": "4111"}).content.decode()
    assert ticket.reference in before  # found by the card number, until...
    response = agent_client.post(
        f"/agent/messages/{pasted.pk}/redact/", {"reason": "card number"}, follow=True
    )
    page = response.content.decode()
    assert "The message&#x27;s text is blacked out." in page
    assert CARD not in page
    assert "A message&#x27;s text redacted (card number)" in page
    pasted.refresh_from_db()
    assert pasted.body == "[redacted]"
    ticket.refresh_from_db()
    assert CARD not in ticket.search_document
    found = agent_client.get("/agent/", {"q": "4111"}).content.decode()
    assert ticket.reference not in found


def test_an_email_not_sent_yet_goes_without_the_text(agent, open_ticket):
    ticket = open_ticket()
    reply = reply_post(ticket=ticket, author=agent, body=f"Your card {CARD} is blocked")
    pending = Notification.objects.get(event__message=reply)
    message_redact(message=reply, by=agent, reason="card")
    mail.outbox.clear()
    notification_deliver(notification_id=pending.pk)
    (sent,) = mail.outbox
    assert CARD not in sent.body
    assert "[redacted]" in sent.body


def test_a_file_is_deleted_from_storage_and_the_history_names_it(
    agent, agent_client, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    message = customer_message_post(
        ticket=ticket,
        body="see the file",
        attachments=[SimpleUploadedFile("card.txt", CARD.encode(), "text/plain")],
    )
    attachment = Attachment.objects.get(message=message)
    stored = attachment.file.path
    with open(stored, "rb") as kept:
        assert kept.read() == CARD.encode()
    with django_capture_on_commit_callbacks(execute=True):
        attachment_redact(attachment=attachment, by=agent, reason="card")
    assert not Attachment.objects.filter(pk=attachment.pk).exists()
    assert not Path(stored).exists()
    assert Message.objects.get(pk=message.pk).body == "see the file"
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "File <strong>card.txt</strong> redacted (card)" in page


def test_redacting_twice_is_said_not_done_twice(agent_client, open_ticket):
    ticket = open_ticket()
    pasted = customer_message_post(ticket=ticket, body=f"card {CARD}")
    agent_client.post(f"/agent/messages/{pasted.pk}/redact/", {})
    again = agent_client.post(f"/agent/messages/{pasted.pk}/redact/", {}, follow=True)
    assert "This message was redacted already." in again.content.decode()
    assert ticket.events.filter(kind="redacted").count() == 1
