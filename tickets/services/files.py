"""A message's files, kept as they came (the form, the API, an email)."""

from collections.abc import Iterable

from django.core.files.uploadedfile import UploadedFile

from ..models import Attachment, Message


def attachments_keep(message: Message, files: Iterable[UploadedFile[bytes]]) -> None:
    for upload in files:
        Attachment.objects.create(
            message=message,
            file=upload,
            filename=upload.name or "attachment",
            content_type=upload.content_type or "application/octet-stream",
            size=upload.size or 0,
            content_id=_content_id(upload),
        )


def _content_id(upload: UploadedFile[bytes]) -> str:
    """An email's inline picture carries its Content-ID here (intake)."""
    return (upload.content_type_extra or {}).get("content-id", b"").decode()
