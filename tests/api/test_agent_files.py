"""An agent's files through the API: multipart, within the customers'
limits, a refusal a 400 naming the field."""

import pytest

pytestmark = pytest.mark.django_db


def _send(api, ticket, upload):
    return api.post(
        f"/api/v1/tickets/{ticket.pk}/messages/",
        {"kind": "reply", "body": "Attached.", "attachments": [upload]},
        format="multipart",
    )


def test_an_agent_sends_files_through_the_api(agent_api, open_ticket):
    from django.core.files.uploadedfile import SimpleUploadedFile

    ticket = open_ticket()
    sent = _send(
        agent_api, ticket, SimpleUploadedFile("a.pdf", b"%PDF", "application/pdf")
    )
    assert sent.status_code == 201
    assert [a["filename"] for a in sent.json()["attachments"]] == ["a.pdf"]
    refused = _send(
        agent_api, ticket, SimpleUploadedFile("run.exe", b"MZ", "application/x")
    )
    assert refused.status_code == 400
    assert "cannot be attached" in refused.json()["attachments"][0]
