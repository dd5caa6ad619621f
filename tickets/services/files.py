"""A message's files, kept as they came (the form, the API, an email), and
what a formatted message shows of them."""

from collections.abc import Collection, Iterable

from django.core.files.uploadedfile import UploadedFile

from ..formatting import Formatted, formatted
from ..models import Attachment, Message


def message_written(
    body: str, body_html: str, files: Iterable[UploadedFile[bytes]]
) -> Formatted:
    """The words to keep: the formatted text cleaned, with its own text
    (the plain ``body`` stands when nothing formatted is left); or the
    plain text alone."""
    if body_html.strip():
        written = formatted(body_html, files=[f.name or "" for f in files])
        if written.text or written.inline:
            return Formatted(
                html=written.html, text=written.text or body, inline=written.inline
            )
    return Formatted(html="", text=body, inline=frozenset())


def attachments_keep(
    message: Message,
    files: Iterable[UploadedFile[bytes]],
    inline: Collection[str] = (),
) -> None:
    """Each file kept; one the formatted text shows as a picture is named
    by its Content-ID, as an email's inline picture is."""
    for upload in files:
        name = upload.name or "attachment"
        Attachment.objects.create(
            message=message,
            file=upload,
            filename=name,
            content_type=upload.content_type or "application/octet-stream",
            size=upload.size or 0,
            content_id=name if name in inline else _content_id(upload),
        )


def _content_id(upload: UploadedFile[bytes]) -> str:
    """An email's inline picture carries its Content-ID here (intake)."""
    return (upload.content_type_extra or {}).get("content-id", b"").decode()
