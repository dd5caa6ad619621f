"""Email in: a customer's reply lands on their ticket; a new email opens one.

The same path serves anymail's inbound webhooks and the ``import_email``
command (.eml files or a Maildir). RFC 3834 and common sense decide what is
automatic mail: it never gets an acknowledgement, never reopens a ticket, and
mail from daemons or from ourselves is dropped, so no loop can start.
"""

import logging
import re
import uuid
from dataclasses import dataclass, field
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from email.utils import parseaddr
from pathlib import PurePath

import nh3
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from tickets import services
from tickets.models import Message, Ticket, parse_reference
from tickets.ratelimit import allow

from .models import Notification

logger = logging.getLogger(__name__)

MESSAGE_ID = re.compile(r"<([^<>\s]+)>")
REFERENCE_IN_SUBJECT = re.compile(r"\[([A-Za-z]+-\d+)\]")
DAEMONS = ("mailer-daemon", "postmaster", "noreply", "no-reply", "bounce")
QUOTE_HEADER = re.compile(
    r"^(On .{5,200}wrote:|-{3,}\s*Original Message\s*-{3,}|_{10,}|From: .+)$",
    re.IGNORECASE,
)


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
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)
    raw: bytes = b""


@dataclass(frozen=True)
class Outcome:
    action: str  # "replied", "opened" or "ignored"
    ticket: Ticket | None = None
    reason: str = ""


def parse(raw: bytes) -> InboundEmail:
    mail: EmailMessage = BytesParser(policy=policy.default).parsebytes(raw)  # type: ignore[assignment]
    name, address = parseaddr(str(mail.get("From", "")))
    body = mail.get_body(preferencelist=("plain", "html"))
    text = body.get_content() if body is not None else ""
    if body is not None and body.get_content_type() == "text/html":
        text = nh3.clean(text, tags=set())
    threading = f"{mail.get('In-Reply-To', '')} {mail.get('References', '')}"
    attachments = []
    for part in mail.iter_attachments():
        data = part.get_payload(decode=True)
        if isinstance(data, bytes):
            attachments.append(
                (part.get_filename() or "attachment", part.get_content_type(), data)
            )
    return_path = mail.get("Return-Path")
    return InboundEmail(
        sender=address.strip().lower(),
        sender_name=name.strip(),
        subject=" ".join(str(mail.get("Subject", "")).split()) or "(no subject)",
        text=text,
        message_id=str(mail.get("Message-ID", "")).strip(),
        replied_to=list(reversed(MESSAGE_ID.findall(threading))),
        headers={key.lower(): str(value) for key, value in mail.items()},
        envelope_sender=str(return_path).strip() if return_path is not None else None,
        attachments=attachments,
        raw=raw,
    )


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


def _own_addresses() -> set[str]:
    return {
        settings.HELPDESK_SUPPORT_EMAIL.lower(),
        parseaddr(settings.DEFAULT_FROM_EMAIL)[1].lower(),
    }


def strip_quoted(text: str) -> str:
    """The new part of a reply: no quoted history, no signature."""
    kept: list[str] = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped == "--" or QUOTE_HEADER.match(stripped):
            break
        if stripped.startswith(">"):
            continue
        kept.append(line.rstrip())
    new = "\n".join(kept).strip()
    return new or text.strip()


def find_ticket(mail: InboundEmail) -> Ticket | None:
    """By the Message-IDs it answers (ours or earlier inbound ones), then by
    the reference in the subject. Only the ticket's customer or someone in
    copy may add to it: a stranger's mail never lands on someone's ticket."""
    ticket = None
    for message_id in mail.replied_to:
        ours = _uuid_or_none(message_id.split("@")[0])
        if ours is not None:
            ticket = Ticket.objects.filter(notifications__uuid=ours).first()
        ticket = ticket or (
            Ticket.objects.filter(messages__email_message_id=f"<{message_id}>").first()
        )
        if ticket is not None:
            break
    if ticket is None:
        found = REFERENCE_IN_SUBJECT.search(mail.subject)
        pk = parse_reference(found.group(1)) if found else None
        ticket = Ticket.objects.filter(pk=pk).first() if pk else None
    if ticket is None:
        return None
    allowed = {
        ticket.customer.email.lower(),
        *(p.email.lower() for p in ticket.cc.all()),
    }
    return ticket if mail.sender in allowed else None


def _uuid_or_none(value: str) -> str | None:
    try:
        return str(uuid.UUID(value))
    except ValueError:
        return None


def _kept_attachments(mail: InboundEmail) -> tuple[list[SimpleUploadedFile], list[str]]:
    allowed = {e.lower().lstrip(".") for e in settings.HELPDESK_ATTACHMENT_EXTENSIONS}
    kept: list[SimpleUploadedFile] = []
    dropped: list[str] = []
    for name, content_type, data in mail.attachments:
        extension = PurePath(name).suffix.lower().lstrip(".")
        too_many = len(kept) >= settings.HELPDESK_MAX_ATTACHMENTS
        if (
            too_many
            or extension not in allowed
            or len(data) > settings.HELPDESK_MAX_ATTACHMENT_BYTES
        ):
            dropped.append(name)
        else:
            kept.append(SimpleUploadedFile(name, data, content_type))
    if mail.raw:
        kept.append(
            SimpleUploadedFile("original-message.eml", mail.raw, "message/rfc822")
        )
    return kept, dropped


@transaction.atomic
def inbound_receive(*, raw: bytes) -> Outcome:
    """Put one received email where it belongs."""
    mail = parse(raw)
    if not mail.sender:
        return Outcome("ignored", reason="no sender address")
    local_part = mail.sender.split("@")[0]
    if mail.sender in _own_addresses() or local_part.startswith(DAEMONS):
        return Outcome(
            "ignored", reason=f"mail from {mail.sender}: never answered (loops)"
        )
    if (
        mail.message_id
        and Message.objects.filter(email_message_id=mail.message_id).exists()
    ):
        return Outcome("ignored", reason="already received (same Message-ID)")
    automatic = automatic_reason(mail)
    attachments, dropped = _kept_attachments(mail)
    body = strip_quoted(mail.text)
    if dropped:
        body += "\n\n[Not kept, over the attachment limits: " + ", ".join(dropped) + "]"
    ticket = find_ticket(mail)
    if ticket is not None:
        if automatic:  # an out-of-office reply must not reopen a ticket
            return Outcome("ignored", ticket, reason=f"automatic reply ({automatic})")
        services.customer_message_post(
            ticket=ticket,
            body=body,
            attachments=attachments,
            source=Message.Source.EMAIL,
            email_message_id=mail.message_id,
        )
        return Outcome("replied", ticket)
    acknowledge = not automatic and allow(
        scope="ack",
        key=mail.sender,
        limit=settings.HELPDESK_ACK_LIMIT_PER_HOUR,
        window=3600,
    )
    ticket = services.ticket_open(
        name=mail.sender_name or mail.sender.split("@")[0],
        email=mail.sender,
        subject=mail.subject[:200],
        message=body,
        attachments=attachments,
        source=Message.Source.EMAIL,
        email_message_id=mail.message_id,
        acknowledge=acknowledge,
    )
    reason = "" if acknowledge else (automatic or "acknowledgement limit reached")
    return Outcome("opened", ticket, reason=reason)


@transaction.atomic
def delivery_problem(*, provider_message_id: str, kind: str, description: str) -> int:
    """A bounce or complaint reported by the provider: the agent must see
    that the customer did not get our email."""
    return Notification.objects.filter(provider_message_id=provider_message_id).update(
        state=Notification.State.FAILED, last_error=f"{kind}: {description}"[:2000]
    )
