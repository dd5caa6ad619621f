"""Reading an email: who sent it, what it answers, whether a machine sent
it, and the customer's own words without quoted history or signature.

Pure: bytes in, an ``InboundEmail`` out. Quotes and signatures are found by
mail-parser-reply (English and German headers, Outlook blocks, wrapped
"wrote:" lines); HTML-only mail becomes text with inscriptis.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage, MIMEPart
from email.parser import BytesParser
from email.utils import parseaddr, parsedate_to_datetime
from typing import cast

from django.conf import settings
from inscriptis import get_text

MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
# No header a person writes comes near this (RFC 5322 lines stop at 998
# characters; a long References header is a few KB). Past it a header is
# cut as it is read: policy.default's header parser is far worse than
# linear on a megabyte of encoded words (1.4 GB for a 400 KB Subject).
MAX_HEADER_CHARS = 16_384
CONTROL = re.compile(r"[\x00-\x1f\x7f]")
DAEMONS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "bounce")


class _BoundedHeaders(policy.EmailPolicy):
    """``policy.default``, with every header of every part cut to
    MAX_HEADER_CHARS (at a space where there is one) as it is read."""

    def header_source_parse(self, sourcelines: list[str]) -> tuple[str, str]:
        name, value = super().header_source_parse(sourcelines)
        if len(value) > MAX_HEADER_CHARS:
            cut = value.rfind(" ", 0, MAX_HEADER_CHARS)
            value = value[: cut if cut > 0 else MAX_HEADER_CHARS]
        return name, value


READING = cast("policy.EmailPolicy[EmailMessage]", _BoundedHeaders())


@dataclass
class InboundEmail:
    sender: str
    sender_name: str
    subject: str
    text: str
    message_id: str
    replied_to: list[str]  # In-Reply-To and References, newest first
    headers: dict[str, str]
    envelope_sender: str | None
    # name, content type, bytes, Content-ID (for an image the HTML shows)
    attachments: list[tuple[str, str, bytes, str]] = field(default_factory=list)
    raw: bytes = b""


@dataclass(frozen=True)
class Envelope:
    """Who sent it and what it is called: enough to store and list it."""

    message_id: str
    sender: str
    sender_name: str
    subject: str


def _envelope(mail: EmailMessage) -> Envelope:
    name, address = parseaddr(str(mail.get("From", "")))
    return Envelope(
        message_id=_clean(str(mail.get("Message-ID", ""))),
        sender=_clean(address).lower()[:254],
        sender_name=_clean(name)[:200],
        subject=_clean(str(mail.get("Subject", "")))[:200] or "(no subject)",
    )


def envelope(raw: bytes) -> Envelope:
    """The headers alone, cheaply: the body may be what cannot be read."""
    parser = BytesParser(policy=READING, _class=EmailMessage)
    return _envelope(parser.parsebytes(raw, headersonly=True))


def our_uuid(message_id: str) -> str | None:
    """The notification a Message-ID of ours names (``<uuid>@domain``)."""
    try:
        return str(uuid.UUID(message_id.split("@")[0]))
    except ValueError:
        return None


def written_at(date: str) -> datetime | None:
    """A Date header's moment (UTC where it names no zone), or None."""
    try:
        written = parsedate_to_datetime(date)
    except (TypeError, ValueError, IndexError):
        return None
    return written if written.tzinfo else written.replace(tzinfo=UTC)


def date_of(raw: bytes) -> datetime | None:
    """When the message says it was written, from its headers alone."""
    parser = BytesParser(policy=READING, _class=EmailMessage)
    return written_at(str(parser.parsebytes(raw, headersonly=True).get("Date", "")))


def parse(raw: bytes) -> InboundEmail:
    mail = BytesParser(policy=READING, _class=EmailMessage).parsebytes(raw)
    head = _envelope(mail)
    body = mail.get_body(preferencelist=("plain", "html"))
    text = _text_of(body) if body is not None else ""
    if body is not None and body.get_content_type() == "text/html":
        text = get_text(text)
    threading = f"{mail.get('In-Reply-To', '')} {mail.get('References', '')}"
    attachments = [
        (
            _clean(part.get_filename() or "") or _unnamed(part),
            part.get_content_type(),
            data,
            _content_id(part),
        )
        for part in _files(mail, body)
        if (data := _bytes_of(part)) is not None
    ]
    return_path = mail.get("Return-Path")
    return InboundEmail(
        sender=head.sender,
        sender_name=head.sender_name,
        subject=head.subject,
        text=text.replace("\x00", ""),
        message_id=head.message_id,
        replied_to=list(reversed(MESSAGE_ID.findall(threading))),
        # As written: only a few are read, and none needs parsing.
        headers={key.lower(): _clean(value) for key, value in mail.raw_items()},
        envelope_sender=_clean(str(return_path)) if return_path is not None else None,
        attachments=attachments,
        raw=raw,
    )


def _files(mail: EmailMessage, body: MIMEPart | None) -> list[MIMEPart]:
    """The attachments, and the images an HTML part shows by ``cid:``
    wherever they sit (a pasted screenshot is inside multipart/related,
    often inside multipart/alternative, where iter_attachments never looks)."""
    found: list[MIMEPart] = list(mail.iter_attachments())
    for part in mail.walk():
        if (
            part.get_content_maintype() == "image"
            and part.get("Content-ID")
            and part is not body
            and not any(part is seen for seen in found)
        ):
            found.append(cast(MIMEPart, part))
    return found


def _bytes_of(part: MIMEPart) -> bytes | None:
    """A file's bytes; an email attached whole (a forward) as it was."""
    if part.get_content_type() == "message/rfc822":
        inner = part.get_payload()
        if isinstance(inner, list) and inner and isinstance(inner[0], EmailMessage):
            return inner[0].as_bytes(policy=policy.SMTP)
        return None
    data = part.get_payload(decode=True)
    return data if isinstance(data, bytes) else None


def _content_id(part: MIMEPart) -> str:
    """``<image001.png@01D9>`` as ``image001.png@01D9``: what ``cid:`` names."""
    return _clean(str(part.get("Content-ID", ""))).strip("<>")[:255]


def _unnamed(part: MIMEPart) -> str:
    if part.get_content_type() == "message/rfc822":
        return "forwarded-message.eml"
    subtype = part.get_content_subtype()
    return (
        f"image.{subtype}" if part.get_content_maintype() == "image" else "attachment"
    )


def _text_of(part: MIMEPart) -> str:
    """The part's text; an unknown or lying charset is read as UTF-8 with
    replacement characters rather than losing the customer's words."""
    try:
        return str(part.get_content())
    except (LookupError, UnicodeError):
        payload = part.get_payload(decode=True)
        data = payload if isinstance(payload, bytes) else b""
        return data.decode("utf-8", errors="replace")


def _clean(header: str) -> str:
    """One line, no NUL or other control character (PostgreSQL refuses NUL
    in text, and none belongs in a header)."""
    return " ".join(CONTROL.sub(" ", header).split())


def automatic_reason(mail: InboundEmail) -> str:
    """Why this looks like a machine's mail (RFC 3834 and habits), or ''."""
    headers = mail.headers
    submitted = headers.get("auto-submitted", "no").strip().lower()
    if submitted != "no":
        return f"Auto-Submitted: {submitted}"
    if headers.get("precedence", "").strip().lower() in ("bulk", "list", "junk"):
        return f"Precedence: {headers['precedence']}"
    for header in ("x-loop", "x-autoreply", "x-autorespond", "list-id"):
        if header in headers:
            return f"{header} header"
    if mail.envelope_sender in ("<>", ""):
        return "null envelope sender"
    return ""


def own_addresses() -> set[str]:
    return {
        settings.HELPDESK_SUPPORT_EMAIL.lower(),
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
    }


def is_from_a_daemon_or_us(mail: InboundEmail) -> bool:
    """Mail never to be answered: bounces, daemons, our own (loops)."""
    local_part = mail.sender.split("@")[0]
    return mail.sender in own_addresses() or local_part.startswith(DAEMONS)
