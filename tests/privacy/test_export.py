"""A customer's data handed to them: a ZIP of their details, tickets,
messages (not the team's notes), files and the emails we sent them, built
in the background, downloaded by admins (page and API) until it expires,
and gone with an erasure."""

import io
import json
import zipfile
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from rest_framework.test import APIClient

from tests.factories import UserFactory
from tickets.models import Customer, DataExport
from tickets.services.erasure import customer_erase, customer_erase_request
from tickets.services.exports import customer_export_request, exports_sweep
from tickets.services.lifecycle import note_add, reply_post, ticket_open

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4 ada"


@pytest.fixture
def ada(agent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = ticket_open(
            name="Ada Lovelace", email="ada@example.com", subject="Invoice",
            message="My VAT number is wrong.",
            attachments=[SimpleUploadedFile("invoice.pdf", PDF, "application/pdf")],
        )  # fmt: skip
        reply_post(ticket=ticket, author=agent, body="Fixed, Ada.")
        note_add(ticket=ticket, author=agent, body="Internal: she called twice")
    return Customer.objects.get(email="ada@example.com")


def _zip(content: bytes) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(content))


def test_the_export_holds_their_words_files_and_emails_not_the_notes(
    ada, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = customer_export_request(customer=ada, by=agent)
    export.refresh_from_db()
    assert export.state == "ready"
    with export.file.open("rb") as f:
        archive = _zip(f.read())
    names = archive.namelist()
    assert "customer.json" in names
    assert json.loads(archive.read("customer.json"))["email"] == "ada@example.com"
    (ticket_json,) = [n for n in names if n.endswith("ticket.json")]
    ticket = json.loads(archive.read(ticket_json))
    assert [m["text"] for m in ticket["messages"]] == [
        "My VAT number is wrong.",
        "Fixed, Ada.",
    ]
    (pdf,) = [n for n in names if n.endswith("invoice.pdf")]
    assert archive.read(pdf) == PDF
    emails = json.loads(archive.read("emails.json"))
    assert {e["kind"] for e in emails} >= {"acknowledgement", "reply"}
    assert "she called twice" not in " ".join(
        archive.read(n).decode(errors="replace") for n in names
    )


def test_an_admin_asks_for_it_and_downloads_it_until_it_expires(
    admin_client, ada, django_capture_on_commit_callbacks
):
    page = admin_client.get(
        f"/admin/tickets/customer/{ada.pk}/change/"
    ).content.decode()
    assert "Export their data" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(f"/admin/tickets/customer/{ada.pk}/export/")
    assert response.status_code == 302
    export = DataExport.objects.get()
    listing = admin_client.get("/admin/tickets/dataexport/").content.decode()
    assert "Download the ZIP" in listing
    download = admin_client.get(f"/admin/tickets/dataexport/{export.pk}/download/")
    assert download.status_code == 200
    assert "customer.json" in _zip(b"".join(download.streaming_content)).namelist()
    DataExport.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    gone = admin_client.get(f"/admin/tickets/dataexport/{export.pk}/download/")
    assert gone.status_code == 410
    stored = export.file.path
    assert exports_sweep() == 1
    assert not DataExport.objects.exists()
    assert not Path(stored).exists()


def test_admins_use_the_api_and_agents_may_not(
    ada, agent, django_capture_on_commit_callbacks
):
    agent_api = APIClient()
    agent_api.force_authenticate(agent)
    assert agent_api.post(f"/api/v1/customers/{ada.pk}/export/").status_code == 403
    staff = APIClient()
    staff.force_authenticate(UserFactory(is_staff=True))
    with django_capture_on_commit_callbacks(execute=True):
        asked = staff.post(f"/api/v1/customers/{ada.pk}/export/")
    assert asked.status_code == 202
    shown = staff.get(f"/api/v1/exports/{asked.json()['id']}/").json()
    assert shown["state"] == "ready"
    zipped = staff.get(shown["download"])
    assert "customer.json" in _zip(b"".join(zipped.streaming_content)).namelist()


def test_an_erasure_deletes_the_exports_handed_out(
    ada, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        export = customer_export_request(customer=ada, by=agent)
    export.refresh_from_db()
    stored = export.file.path
    customer_erase_request(ada, by=agent)
    customer_erase(ada.pk)
    assert not DataExport.objects.exists()
    assert not Path(stored).exists()
