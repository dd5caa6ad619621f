"""A ticket's files, for whoever holds the ticket's link (never a note's)
and for agents (a note's too): downloaded, never rendered in our origin,
except the pictures a message shows in place (an email's, a formatted
reply's), which are drawn as what their bytes prove they are."""

import filetype
from django.http import FileResponse, Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_GET

from ..errors import branded_not_found
from ..links import file_attachment_id
from ..models import RASTER_IMAGES, Attachment, Message
from ..permissions import agent_required
from ..selectors.customer import attachment_for_customer, ticket_for_customer

SNIFFED_BYTES = 262  # what filetype reads to know a file


def _download(attachment: Attachment) -> FileResponse:
    # Always a download, never rendered in our origin.
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )


def _picture(attachment: Attachment) -> FileResponse:
    """Served as the raster image its first bytes show (whatever the email
    or the browser claimed), in a sandbox, and nothing else."""
    if not attachment.shows_inline:
        raise Http404
    opened = attachment.file.open("rb")
    found = filetype.guess_mime(opened.read(SNIFFED_BYTES))
    opened.seek(0)
    if found not in RASTER_IMAGES:
        opened.close()
        raise Http404
    answer = FileResponse(opened, content_type=found)
    answer["Content-Disposition"] = "inline"
    answer["Content-Security-Policy"] = "default-src 'none'; sandbox"
    answer["Cache-Control"] = "private, max-age=3600"
    return answer


@branded_not_found
@require_GET
def attachment_download(
    request: HttpRequest, key: str, attachment_id: int
) -> FileResponse:
    ticket = ticket_for_customer(key=key)
    return _download(
        attachment_for_customer(ticket=ticket, attachment_id=attachment_id)
    )


@branded_not_found
@require_GET
def file_by_link(request: HttpRequest, token: str) -> FileResponse:
    """A reply's file from the link its email carried (too large to ride in
    it): while the link lasts, never a note's file."""
    pk = file_attachment_id(token)
    if pk is None:
        raise Http404
    replies = Attachment.objects.exclude(message__kind=Message.Kind.NOTE)
    attachment = replies.filter(pk=pk).first()
    if attachment is None:
        raise Http404
    return _download(attachment)


@branded_not_found
@require_GET
def attachment_image(
    request: HttpRequest, key: str, attachment_id: int
) -> FileResponse:
    """A picture shown in a message, for whoever holds the ticket's link."""
    ticket = ticket_for_customer(key=key)
    return _picture(attachment_for_customer(ticket=ticket, attachment_id=attachment_id))


def _for_agent(pk: int, attachment_id: int) -> Attachment:
    return get_object_or_404(Attachment, pk=attachment_id, message__ticket=pk)


@agent_required
@require_GET
def agent_attachment(request: HttpRequest, pk: int, attachment_id: int) -> FileResponse:
    """Any file of the ticket, a note's too, for an agent."""
    return _download(_for_agent(pk, attachment_id))


@agent_required
@require_GET
def agent_attachment_image(
    request: HttpRequest, pk: int, attachment_id: int
) -> FileResponse:
    return _picture(_for_agent(pk, attachment_id))
