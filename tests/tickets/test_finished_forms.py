"""Issue 26, item 8: forms finished everywhere. A field with a mistake is
marked and the page's title says so; files chosen before a mistake elsewhere
are kept (held in storage for an hour, named by a signed token); the limits
are said before they are broken; agent forms name the field they need."""

from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from tickets.models import Attachment, Ticket
from tickets.uploads import HELD_DIR, held_sweep

pytestmark = pytest.mark.django_db


def _held_token(page: str) -> str:
    start = page.index('name="held" value="') + len('name="held" value="')
    return page[start : page.index('"', start)]


def test_files_chosen_before_a_mistake_elsewhere_are_kept(submit: Any) -> None:
    shot = SimpleUploadedFile(
        "screen.png", b"\x89PNG picture", content_type="image/png"
    )
    first = submit(subject="", attachments=[shot])
    page = first.content.decode()
    assert first.status_code == 400
    assert "<title>Error: " in page
    assert "Kept from your last try, and sent with this one: screen.png" in page
    token = _held_token(page)
    assert token
    second = submit(subject="Cannot log in", held=token)
    assert second.status_code == 302
    ticket = Ticket.objects.get()
    (kept,) = Attachment.objects.filter(message__ticket=ticket)
    assert kept.filename == "screen.png"
    assert kept.file.read() == b"\x89PNG picture"
    # The held copy is gone once the ticket keeps the file.
    assert default_storage.listdir(HELD_DIR)[1] == []


def test_a_forged_or_old_token_names_no_files(submit: Any) -> None:
    assert submit(held="forged:token").status_code == 302
    assert not Attachment.objects.exists()
    shot = SimpleUploadedFile("a.png", b"\x89PNG", content_type="image/png")
    token = _held_token(submit(subject="", attachments=[shot]).content.decode())
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert submit(held=token, email="late@example.com").status_code == 302
    assert not Attachment.objects.exists()


def test_held_files_are_swept_after_an_hour(submit: Any) -> None:
    shot = SimpleUploadedFile("a.png", b"\x89PNG", content_type="image/png")
    submit(subject="", attachments=[shot])
    assert held_sweep() == 0
    with time_machine.travel(timezone.now() + timedelta(hours=2)):
        assert held_sweep() == 1
    assert default_storage.listdir(HELD_DIR)[1] == []


def test_a_customer_reply_keeps_its_files_too(open_ticket: Any, client: Client) -> None:
    ticket = open_ticket()
    shot = SimpleUploadedFile("log.txt", b"error 42", content_type="text/plain")
    url = f"/t/{ticket.access_key}/reply/"
    page = client.post(url, {"message": "", "attachments": [shot]}).content.decode()
    assert "Kept from your last try, and sent with this one: log.txt" in page
    client.post(url, {"message": "Here is the log.", "held": _held_token(page)})
    assert Attachment.objects.get(message__ticket=ticket).filename == "log.txt"


def test_the_limits_are_said_before_they_are_broken(
    client: Client, settings: Any
) -> None:
    settings.HELPDESK_MAX_ATTACHMENTS = 3
    page = client.get("/tickets/new/").content.decode()
    assert "Up to 3 files of" in page


def test_agent_forms_name_the_field_they_need(
    agent_client: Client, open_ticket: Any
) -> None:
    ticket = open_ticket()
    cc = agent_client.post(f"/agent/tickets/{ticket.pk}/cc/", {"email": ""})
    page = cc.content.decode()
    assert "This field is required." not in page
    assert "Please fill in “Email”." in page
    assert "<title>Error: " in page
    opened = agent_client.post("/agent/tickets/new/", {"name": "Ada"}).content.decode()
    assert "This field is required." not in opened
    assert "Please fill in “Customer&#x27;s email”." in opened


def test_a_held_token_names_only_files_held_for_a_form(
    submit: Any, open_ticket: Any
) -> None:
    """Even signed, a token naming a path other than a held file (another
    customer's attachment) yields nothing."""
    from django.core import signing

    from tickets.uploads import SALT

    other = open_ticket(
        attachments=[
            SimpleUploadedFile("secret.pdf", b"%PDF secret", "application/pdf")
        ]
    )
    stored = Attachment.objects.get(message__ticket=other).file.name
    forged = signing.dumps(
        [[f"{HELD_DIR}/../{stored}", "secret.pdf", "application/pdf"]], salt=SALT
    )
    assert submit(email="mallory@example.com", held=forged).status_code == 302
    mine = Ticket.objects.get(customer__email="mallory@example.com")
    assert not Attachment.objects.filter(message__ticket=mine).exists()
