"""A ticket's files, for whoever holds the ticket's link: downloaded, never
rendered in our origin, except the pictures an email showed in place,
which are drawn as what their bytes prove they are."""

import filetype
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from ..errors import branded_not_found
from ..links import file_attachment_id
from ..models import RASTER_IMAGES, Attachment, Message
from ..selectors.customer import attachment_for_customer, ticket_for_customer

SNIFFED_BYTES = 262  # what filetype reads to know a file


@branded_not_found
@require_GET
def attachment_download(
    request: HttpRequest, key: str, attachment_id: int
) -> FileResponse:
    ticket = ticket_for_customer(key=key)
    attachment = attachment_for_customer(ticket=ticket, attachment_id=attachment_id)
    # Always a download, never rendered in our origin.
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
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
    return FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.filename,
        content_type="application/octet-stream",
    )


@branded_not_found
@require_GET
def attachment_image(
    request: HttpRequest, key: str, attachment_id: int
) -> FileResponse:
    """An inline picture: served as the raster image its first bytes show
    (whatever the email claimed), in a sandbox, and nothing else."""
    ticket = ticket_for_customer(key=key)
    attachment = attachment_for_customer(ticket=ticket, attachment_id=attachment_id)
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
