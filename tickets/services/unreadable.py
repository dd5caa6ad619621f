"""Email that could not be read, as work for an agent: why, in words; what
could be read of it; a ticket made from it, or dismissed. Either way it
leaves the list (and the queue's banner), and says who did what."""

import logging
from dataclasses import dataclass, field
from email import policy
from email.parser import BytesParser

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from ..inbound import envelope, parse
from ..models import InboundMail, Message, Ticket, display_name
from .errors import TicketChangedMeanwhile
from .lifecycle import ticket_open

logger = logging.getLogger(__name__)
PREVIEW_CHARACTERS = 20_000
# What went wrong, by the exception's name as it was recorded.
REASONS = {
    "UnicodeDecodeError": "encoding",
    "UnicodeEncodeError": "encoding",
    "LookupError": "encoding",
    "GaveUp": "gave_up",
    "DataError": "storage",
    "IntegrityError": "storage",
    "HeaderParseError": "headers",
    "MessageParseError": "headers",
    "MessageError": "headers",
}


def unreadable_reason(row: InboundMail) -> str:
    """Why it could not be read, for the agent (the technical words are
    kept beside it)."""
    kind = REASONS.get(row.error.split(":", 1)[0].strip(), "")
    if kind == "encoding":
        return _(
            "The message's text encoding is broken: its words could not be decoded."
        )
    if kind == "gave_up":
        return _(
            "Reading it failed several times (it may be very large or malformed), "
            "so it was set aside."
        )
    if kind == "storage":
        return _("Part of it could not be stored (characters the database refuses).")
    if kind == "headers":
        return _("Its headers are malformed: sender or subject could not be read.")
    return _("It could not be put on a ticket automatically.")


@dataclass
class Preview:
    sender: str
    sender_name: str
    subject: str
    text: str
    attachments: list[UploadedFile[bytes]] = field(default_factory=list)
    complete: bool = True  # False: only headers and the raw text were read


def unreadable_preview(row: InboundMail) -> Preview:
    """What can be read of it: the whole message when a second, lenient
    reading succeeds; else its headers and its text as raw characters."""
    raw = bytes(row.raw)
    try:
        mail = parse(raw)
    except Exception:  # it failed once already: read what we can
        return _raw_preview(row, raw)
    return Preview(
        sender=mail.sender or row.sender,
        sender_name=mail.sender_name,
        subject=mail.subject or row.subject,
        text=mail.text[:PREVIEW_CHARACTERS],
        attachments=[
            SimpleUploadedFile(name, data, content_type)
            for name, content_type, data, _cid in mail.attachments
        ],
    )


def _raw_preview(row: InboundMail, raw: bytes) -> Preview:
    try:
        head = envelope(raw)
        sender, name, subject = head.sender, head.sender_name, head.subject
    except Exception:  # headers unreadable too: what was stored
        sender, name, subject = row.sender, "", row.subject
    message = BytesParser(policy=policy.compat32).parsebytes(raw[:1_000_000])
    body = message.get_payload()
    text = body if isinstance(body, str) else raw.decode("utf-8", errors="replace")
    return Preview(sender, name, subject, text[:PREVIEW_CHARACTERS], complete=False)


@transaction.atomic
def inbound_ticket_create(
    *,
    row: InboundMail,
    actor: User,
    name: str,
    email: str,
    subject: str,
    message: str,
    attachments: list[UploadedFile[bytes]],
    acknowledge: bool,
) -> Ticket:
    """A ticket from an email that could not be read, in the words the agent
    checked; the email leaves the list, pointing at the ticket."""
    _claim(row, InboundMail.State.PROCESSED)
    ticket = ticket_open(
        name=name,
        email=email,
        subject=subject,
        message=message,
        attachments=attachments,
        source=Message.Source.EMAIL,
        acknowledge=acknowledge,
        opened_by=actor,
        reply_address=row.mailbox.address if row.mailbox else "",
    )
    InboundMail.objects.filter(pk=row.pk).update(
        ticket=ticket,
        outcome=_("Ticket %(ref)s made by %(agent)s")
        % {"ref": ticket.reference, "agent": display_name(actor)},
    )
    return ticket


@transaction.atomic
def inbound_dismiss(*, row: InboundMail, actor: User) -> None:
    """Nothing to do with it (spam, a bounce): off the list, kept whole."""
    _claim(row, InboundMail.State.DISMISSED)
    InboundMail.objects.filter(pk=row.pk).update(
        outcome=_("Dismissed by %(agent)s") % {"agent": display_name(actor)}
    )


def _claim(row: InboundMail, state: str) -> None:
    taken = InboundMail.objects.filter(
        pk=row.pk, state=InboundMail.State.UNREADABLE
    ).update(state=state)
    if not taken:
        raise TicketChangedMeanwhile(
            _("Another agent dealt with this email meanwhile.")
        )
