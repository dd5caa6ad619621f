"""Email in: a customer's reply lands on their ticket; a new email opens one.

Stored first, read after: anymail's inbound webhook and ``import_email``
write the raw message (``inbound_store``, one row per Message-ID however
often it is delivered) and answer at once; ``inbound_process`` reads it in a
task. Mail that cannot be read is kept and shown to agents, never dropped.
RFC 3834 and common sense decide what is automatic mail: it never gets an
acknowledgement, never reopens a ticket, and mail from daemons or from
ourselves is dropped, so no loop can start.
"""

import logging
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import getaddresses
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, DataError, IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helpdesk.core.celery import enqueue
from helpdesk.core.locales import supported_language

from ..attachments import AttachmentPolicy
from ..inbound import (
    Envelope,
    InboundEmail,
    automatic_reason,
    envelope,
    is_from_a_daemon_or_us,
    our_uuid,
    parse,
    written_at,
)
from ..models import InboundMail, Mailbox, Message, Queue, Ticket, parse_reference
from ..ratelimit import acknowledgement_allowed
from ..replies import strip_quoted
from ..selectors.organised import survivor_of
from .agent_mail import agent_by_address, agent_mail_receive
from .lifecycle import customer_message_post, ticket_open

logger = logging.getLogger(__name__)
REFERENCE_IN_SUBJECT = re.compile(r"\[([A-Za-z]+-\d+)\]")
PROCESS_TASK = "tickets.tasks.inbound_process_task"
UNREAD_AFTER_SECONDS = 60


@dataclass(frozen=True)
class Outcome:
    action: str  # "replied", "noted" (an agent's note), "opened" or "ignored"
    ticket: Ticket | None = None
    reason: str = ""


def _find_ticket(mail: InboundEmail) -> Ticket | None:
    """By the Message-IDs it answers (ours or earlier inbound ones), then by
    the reference in the subject. Only the ticket's customer or someone in
    copy may add to it: a stranger's mail never lands on someone's ticket."""
    ticket = None
    for message_id in mail.replied_to:
        ours = our_uuid(message_id)
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
    ticket = survivor_of(ticket)  # mail to a merged ticket: where it went
    allowed = {
        ticket.customer.email.lower(),
        *(p.email.lower() for p in ticket.cc.all()),
    }
    return ticket if mail.sender in allowed else None


def _kept_attachments(mail: InboundEmail) -> tuple[list[SimpleUploadedFile], list[str]]:
    """The form's limits; what is over them is named, never silently lost."""
    policy = AttachmentPolicy.current()
    kept: list[SimpleUploadedFile] = []
    dropped: list[str] = []
    for name, content_type, data, content_id in mail.attachments:
        if len(kept) >= policy.max_count or policy.problem(name, len(data)):
            dropped.append(name)
        else:
            upload = SimpleUploadedFile(name, data, content_type)
            upload.content_type_extra = {"content-id": content_id.encode()}
            kept.append(upload)
    if mail.raw:
        kept.append(
            SimpleUploadedFile("original-message.eml", mail.raw, "message/rfc822")
        )
    return kept, dropped


@transaction.atomic
def inbound_receive(
    *, raw: bytes, mailbox: Mailbox | None = None, history: bool = False
) -> Outcome:
    """Put one received email where it belongs: a new ticket goes to the
    queue of the mailbox it came from, or of the mailbox it was addressed
    to (its address or an alias in To, Cc, Delivered-To or X-Original-To).
    ``history``: old mail imported, dated by its own Date header, with no
    acknowledgement and no target."""
    mail = parse(raw)
    history_at = _written_at(mail) if history else None
    if not mail.sender:
        return Outcome("ignored", reason=_("no sender address"))
    boxes = _mailboxes()
    if is_from_a_daemon_or_us(mail) or mail.sender in _addresses(boxes):
        return Outcome(
            "ignored",
            reason=_("mail from %(sender)s: never answered (loops)")
            % {"sender": mail.sender},
        )
    message_id = mail.message_id[:255]  # as Message.email_message_id holds it
    if message_id and Message.objects.filter(email_message_id=message_id).exists():
        return Outcome("ignored", reason=_("already received (same Message-ID)"))
    automatic = automatic_reason(mail)
    attachments, dropped = _kept_attachments(mail)
    body = strip_quoted(mail.text)
    if dropped:  # in the language they wrote in: they see it too
        with translation.override(supported_language(_written_in(mail))):
            note = _("Not kept, over the attachment limits: %(names)s") % {
                "names": ", ".join(dropped)
            }
        body += f"\n\n[{note}]"
    queue, written_to = _written_to(mail, mailbox, boxes)
    agent = None if history else agent_by_address(mail.sender)
    if agent is not None and not automatic:
        done = agent_mail_receive(
            mail=mail,
            agent=agent,
            body=body,
            attachments=attachments,
            message_id=message_id,
            queue=queue,
            reply_address=written_to,
        )
        if done is not None:
            return Outcome(done.action, done.ticket, done.reason)
    ticket = _find_ticket(mail)
    if ticket is not None:
        if automatic:  # an out-of-office reply must not reopen a ticket
            return Outcome(
                "ignored",
                ticket,
                reason=_("automatic reply (%(why)s)") % {"why": automatic},
            )
        customer_message_post(
            ticket=ticket,
            body=body,
            attachments=attachments,
            source=Message.Source.EMAIL,
            email_message_id=message_id,
            history_at=history_at,
        )
        return Outcome("replied", ticket)
    acknowledge = not history and not automatic and acknowledgement_allowed(mail.sender)
    ticket = ticket_open(
        name=mail.sender_name or mail.sender.split("@")[0],
        email=mail.sender,
        subject=mail.subject[:200],
        message=body,
        attachments=attachments,
        source=Message.Source.EMAIL,
        email_message_id=message_id,
        acknowledge=acknowledge,
        language=_written_in(mail),
        queue=queue,
        reply_address=written_to,
        history_at=history_at,
    )
    if history:
        return Outcome("opened", ticket, reason=_("imported as history"))
    reason = "" if acknowledge else (automatic or _("acknowledgement limit reached"))
    return Outcome("opened", ticket, reason=reason)


RECIPIENT_HEADERS = ("delivered-to", "x-original-to", "to", "cc")


def _written_to(
    mail: InboundEmail, mailbox: Mailbox | None, boxes: list[Mailbox]
) -> tuple[Queue | None, str]:
    """The queue for a new ticket and the support address the customer
    wrote to (every email about the ticket comes from it): the mailbox it
    was fetched from, or the one whose address or alias it names. A
    mailbox without a queue sends to the default one."""
    named = [
        address.lower()
        for _name, address in getaddresses(
            [mail.headers.get(header, "") for header in RECIPIENT_HEADERS]
        )
    ]
    for box in [mailbox] if mailbox is not None else boxes:
        found = [address for address in named if address in box.addresses]
        if found or box is mailbox:
            return box.queue, found[0] if found else box.address.lower()
    return None, ""


def _mailboxes() -> list[Mailbox]:
    """Read once per message: their addresses, aliases and queues."""
    return list(
        Mailbox.objects.select_related("queue")
        .only("address", "aliases", "queue")
        .order_by("pk")
    )


def _addresses(boxes: list[Mailbox]) -> set[str]:
    """Our own mailboxes' addresses: mail from them is a loop."""
    return {address for box in boxes for address in box.addresses}


def _written_at(mail: InboundEmail) -> datetime:
    """When it was written, by its Date header (UTC where it names no
    zone); now where it has none, or one in the future."""
    now = timezone.now()
    return min(written_at(mail.headers.get("date", "")) or now, now)


def _written_in(mail: InboundEmail) -> str:
    """``de-DE``, or ``de, en`` (RFC 3282): the first is what they wrote in."""
    return mail.headers.get("content-language", "").split(",")[0]


def inbound_store(
    *, raw: bytes, source: str, mailbox: Mailbox | None = None, history: bool = False
) -> tuple[InboundMail, bool]:
    """Keep the message as it came, once, and read it after commit. Returns
    the row and whether it is new (False: the same email delivered again).
    Whatever its headers hold, it is kept: if they cannot be stored, it is
    kept under its own hash with them left blank."""
    try:
        head = envelope(raw)
    except Exception:  # unreadable mail is still kept, under its own hash
        head = BLANK
    try:
        return _store(raw, source, head, mailbox, history)
    except DataError:
        logger.exception("Inbound email's headers could not be stored as read")
        return _store(raw, source, BLANK, mailbox, history)


BLANK = Envelope(message_id="", sender="", sender_name="", subject="")


def _store(
    raw: bytes, source: str, head: Envelope, mailbox: Mailbox | None, history: bool
) -> tuple[InboundMail, bool]:
    key = InboundMail.key_for(raw, head.message_id)
    try:
        with transaction.atomic():
            row = InboundMail.objects.create(
                key=key,
                raw=raw,
                source=source[:50],
                sender=head.sender,
                subject=head.subject,
                mailbox=mailbox,
                history=history,
            )
            transaction.on_commit(partial(_enqueue_process, row.pk))
    except IntegrityError:  # delivered again, perhaps at the same moment
        return InboundMail.objects.get(key=key), False
    return row, True


def _enqueue_process(inbound_id: int) -> bool:
    return enqueue(PROCESS_TASK, inbound_id, fallback="the inbound sweep will read it")


def inbound_process(*, inbound_id: int) -> InboundMail:
    """Read one stored email and put it where it belongs, once. A message
    that cannot be read is marked for the agents with the reason; one whose
    readings keep dying (the worker out of memory or killed) is set aside
    after ``InboundMail.MAX_READINGS``, so no message can loop for ever."""
    # Counted in its own commit, before the reading that may never return.
    begun = InboundMail.objects.filter(
        pk=inbound_id, state=InboundMail.State.RECEIVED
    ).update(readings=F("readings") + 1)
    if begun and _readings(inbound_id) > InboundMail.MAX_READINGS:
        return _unreadable(inbound_id, GaveUp(InboundMail.MAX_READINGS))
    try:
        with transaction.atomic():
            # The claim: one reader wins; the others find it read already.
            claimed = InboundMail.objects.filter(
                pk=inbound_id, state=InboundMail.State.RECEIVED
            ).update(state=InboundMail.State.PROCESSED)
            row = InboundMail.objects.get(pk=inbound_id)
            if not claimed:
                return row
            outcome = inbound_receive(
                raw=bytes(row.raw), mailbox=row.mailbox, history=row.history
            )
            _record(row, InboundMail.State.PROCESSED, outcome=outcome)
            return row
    except DatabaseError as error:
        if not isinstance(error, DataError | IntegrityError):
            raise  # the database is away: stays received, the sweep retries
        return _unreadable(inbound_id, error)
    except Exception as error:
        return _unreadable(inbound_id, error)


class GaveUp(Exception):
    def __init__(self, readings: int) -> None:
        super().__init__(
            f"{readings} readings failed or were cut short (out of memory, or "
            "the worker stopped): set aside unread"
        )


def _readings(inbound_id: int) -> int:
    return int(
        InboundMail.objects.filter(pk=inbound_id)
        .values_list("readings", flat=True)
        .get()
    )


def _unreadable(inbound_id: int, error: Exception) -> InboundMail:
    """Kept whole, and listed for the agents with the reason."""
    logger.error("Inbound email %s could not be read: %r", inbound_id, error)
    row = InboundMail.objects.get(pk=inbound_id)
    _record(row, InboundMail.State.UNREADABLE, error=error)
    return row


def _record(
    row: InboundMail,
    state: str,
    *,
    outcome: Outcome | None = None,
    error: Exception | None = None,
) -> None:
    row.state, row.processed_at = state, timezone.now()
    if outcome is not None:
        row.ticket = outcome.ticket
        row.outcome = f"{outcome.action} {outcome.reason}".strip()[:300]
    if error is not None:
        row.error = f"{type(error).__name__}: {error}"[:2000]
    # Not the raw message again: it is stored once, as it came.
    row.save(update_fields=["state", "processed_at", "ticket", "outcome", "error"])


def inbound_sweep() -> int:
    """Read again what nobody read (the broker was down, a worker died)."""
    stale = timezone.now() - timedelta(seconds=UNREAD_AFTER_SECONDS)
    waiting = InboundMail.objects.filter(
        state=InboundMail.State.RECEIVED, received_at__lte=stale
    ).values_list("pk", flat=True)[:500]
    return sum(_enqueue_process(pk) for pk in waiting)
