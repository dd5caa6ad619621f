"""Files a customer chose on a form that came back with a mistake elsewhere
(a missing subject, a typo in the address): held in storage for an hour
under random names, and named on the form again by a signed token, so the
customer does not choose them again. The token is all a later submit needs;
nobody can name another customer's held files without it."""

import re
import uuid
from datetime import timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.utils import timezone

HELD_DIR = "held"
HELD_FOR = timedelta(hours=1)
SALT = "tickets.uploads.held"
# Only names this module made (signed anyway; never a path elsewhere).
HELD_NAME = re.compile(rf"{HELD_DIR}/[0-9a-f]{{32}}(?:_[A-Za-z0-9]+)?")


def uploads_hold(files: list[UploadedFile[bytes]], token: str = "") -> str:
    """Keep these files (and those already held under ``token``) for a
    while; the token naming all of them."""
    held = held_entries(token)
    for upload in files:
        name = f"{HELD_DIR}/{uuid.uuid4().hex}"
        upload.seek(0)
        saved = default_storage.save(name, ContentFile(upload.read()))
        held.append([saved, upload.name or "attachment", upload.content_type or ""])
    return signing.dumps(held, salt=SALT, compress=True) if held else ""


def held_entries(token: str) -> list[list[str]]:
    """(storage name, file name, content type) of each held file; none for
    a token that is forged or older than an hour."""
    if not token:
        return []
    try:
        held = signing.loads(token, salt=SALT, max_age=HELD_FOR)
    except signing.BadSignature:
        return []
    return [
        entry
        for entry in held
        if isinstance(entry, list)
        and len(entry) == 3
        and HELD_NAME.fullmatch(str(entry[0]))
        and default_storage.exists(entry[0])
    ]


def held_files(token: str) -> list[UploadedFile[bytes]]:
    """The held files, as uploads the services keep like any other."""
    found: list[UploadedFile[bytes]] = []
    for stored, name, content_type in held_entries(token):
        with default_storage.open(stored, "rb") as kept:
            found.append(
                SimpleUploadedFile(
                    name, kept.read(), content_type or "application/octet-stream"
                )
            )
    return found


def uploads_release(token: str) -> None:
    """The files were kept with the ticket: the held copies go."""
    for stored, _name, _type in held_entries(token):
        default_storage.delete(stored)


def held_sweep() -> int:
    """Delete held files older than an hour (run by beat)."""
    if not default_storage.exists(HELD_DIR):
        return 0
    cutoff = timezone.now() - HELD_FOR
    _dirs, names = default_storage.listdir(HELD_DIR)
    gone = 0
    for name in names:
        path = f"{HELD_DIR}/{name}"
        if default_storage.get_modified_time(path) < cutoff:
            default_storage.delete(path)
            gone += 1
    return gone
