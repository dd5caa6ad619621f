"""A screenshot pasted into an email (an image the HTML shows by ``cid:``,
inside multipart/related, inside multipart/alternative) is kept as an
attachment and shown in place on both ticket pages, served only as the
picture its bytes prove it is."""

import struct
import zlib
from email.message import EmailMessage

import pytest
from django.urls import reverse

from tickets.models import Attachment, Ticket
from tickets.services.intake import inbound_receive

pytestmark = pytest.mark.django_db


def png() -> bytes:
    """A real one-pixel PNG."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00\xff\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", pixels)
        + chunk(b"IEND", b"")
    )


def pasted(*images: tuple[str, str, bytes, str]) -> bytes:
    """As Outlook and Apple Mail write it: mixed > alternative > [plain,
    related > [html, images]], and a PDF beside."""
    message = EmailMessage()
    message["From"] = "Ada <ada@example.com>"
    message["To"] = "support@example.com"
    message["Subject"] = "The error on screen"
    message["Message-ID"] = "<pasted-1@mail.example.com>"
    message.set_content("The error is in the picture.\n")
    tags = "".join(f'<img src="cid:{cid}">' for _n, _t, _d, cid in images)
    message.add_alternative(f"<p>The error is in the <b>picture</b>.</p>{tags}", "html")
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    for name, content_type, data, cid in images:
        maintype, subtype = content_type.split("/")
        html.add_related(
            data, maintype=maintype, subtype=subtype, cid=f"<{cid}>", filename=name
        )
    message.add_attachment(
        b"%PDF-1.4", maintype="application", subtype="pdf", filename="invoice.pdf"
    )
    return bytes(message)


@pytest.fixture
def ticket() -> Ticket:
    raw = pasted(("screenshot.png", "image/png", png(), "shot1@mail.example.com"))
    outcome = inbound_receive(raw=raw)
    assert outcome.ticket is not None
    return outcome.ticket


def image_url(ticket: Ticket, attachment: Attachment) -> str:
    return reverse("tickets:attachment_image", args=[ticket.access_key, attachment.pk])


def test_the_pasted_picture_is_kept_beside_the_attachments(ticket):
    first = ticket.messages.get()
    assert first.body == "The error is in the picture."
    kept = {a.filename: a for a in first.attachments.all()}
    assert set(kept) == {"screenshot.png", "invoice.pdf", "original-message.eml"}
    assert kept["screenshot.png"].content_id == "shot1@mail.example.com"
    assert kept["screenshot.png"].file.read() == png()


def test_both_ticket_pages_show_it_in_place(ticket, client, agent_client):
    picture = Attachment.objects.get(filename="screenshot.png")
    shown = f'<img src="{image_url(ticket, picture)}"'
    assert shown in client.get(ticket.get_absolute_url()).content.decode()
    agent_page = agent_client.get(reverse("agent:ticket", args=[ticket.pk]))
    # Agents fetch it through their own checked route (a note's too).
    for_agents = reverse("agent:attachment_image", args=[ticket.pk, picture.pk])
    assert f'<img src="{for_agents}"' in agent_page.content.decode()
    served = agent_client.get(for_agents)
    assert b"".join(served.streaming_content) == png()
    pdf = Attachment.objects.get(filename="invoice.pdf")
    pdf_image = reverse("agent:attachment_image", args=[ticket.pk, pdf.pk])
    assert pdf_image not in agent_page.content.decode()
    assert agent_client.get(pdf_image).status_code == 404


def test_it_is_served_as_a_picture_in_a_sandbox(ticket, client):
    picture = Attachment.objects.get(filename="screenshot.png")
    answer = client.get(image_url(ticket, picture))
    assert answer.status_code == 200
    assert answer["Content-Type"] == "image/png"
    assert "sandbox" in answer["Content-Security-Policy"]
    assert b"".join(answer.streaming_content) == png()


def test_html_that_claims_to_be_a_picture_is_never_drawn(client, settings):
    settings.HELPDESK_ATTACHMENT_EXTENSIONS = ["png", "svg", "pdf"]
    lie = b"<html><script>alert(document.cookie)</script></html>"
    outcome = inbound_receive(
        raw=pasted(
            ("fake.png", "image/png", lie, "fake@x"),
            ("drawing.svg", "image/svg+xml", b"<svg onload='alert(1)'/>", "svg@x"),
        )
    )
    ticket = outcome.ticket
    fake = Attachment.objects.get(filename="fake.png")
    svg = Attachment.objects.get(filename="drawing.svg")
    assert not svg.shows_inline  # SVG can hold script: a download only
    for attachment in (fake, svg):
        assert client.get(image_url(ticket, attachment)).status_code == 404
        download = client.get(
            reverse("tickets:attachment", args=[ticket.access_key, attachment.pk])
        )
        assert download["Content-Type"] == "application/octet-stream"


def test_another_tickets_link_does_not_open_it(ticket, client, open_ticket):
    other = open_ticket()
    picture = Attachment.objects.get(filename="screenshot.png")
    assert client.get(image_url(other, picture)).status_code == 404
