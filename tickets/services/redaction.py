"""Redaction: a message's text, or one of its files, blacked out (a card
number pasted, a password) by an agent. The text or file is replaced and
removed from search, from emails not sent yet (they are made from the
message when sent) and from the pages kept drawn; the redaction itself is
in the history, with who and why, never with what it said."""

from django.contrib.auth.models import User
from django.core.cache import caches
from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Attachment, Message, Ticket, TicketEvent
from ..models.organised_payloads import Redacted
from ..selectors.fields import values_of
from .auditing import audit_note
from .errors import TicketError
from .events import SEARCH_DOCUMENT_LIMIT, event_record
from .fields import fields_words
from .locking import ticket_locked

REDACTED = "[redacted]"


@transaction.atomic
def message_redact(*, message: Message, by: User, reason: str = "") -> TicketEvent:
    """Black out the message's text (its files stay: redact them one by one)."""
    ticket = ticket_locked(message.ticket)
    if message.body == REDACTED and not message.body_html:
        raise TicketError(_("This message was redacted already."))
    Message.objects.filter(pk=message.pk).update(body=REDACTED, body_html="")
    return _recorded(ticket, by, Redacted(message=message.pk, reason=reason[:300]))


@transaction.atomic
def attachment_redact(
    *, attachment: Attachment, by: User, reason: str = ""
) -> TicketEvent:
    """Delete one file of a message, from storage too."""
    message = attachment.message
    ticket = ticket_locked(message.ticket)
    name = attachment.filename
    transaction.on_commit(lambda: attachment.file.delete(save=False))
    attachment.delete()
    payload = Redacted(message=message.pk, file=name, reason=reason[:300])
    return _recorded(ticket, by, payload)


def _recorded(ticket: Ticket, by: User, payload: Redacted) -> TicketEvent:
    _search_again(ticket)
    what = "a file" if payload.file else "the text"  # a name may be personal
    audit_note(
        actor=by,
        target=ticket,
        what="redacted",
        shown=f"{ticket.reference}, message #{payload.message}: {what}",
    )
    event = event_record(ticket=ticket, payload=payload, actor=by, announce=False)
    # Pages drawn with the old text, kept for a while: gone.
    transaction.on_commit(caches["histories"].clear)
    return event


def _search_again(ticket: Ticket) -> None:
    """The ticket's search text made again from what it says now."""
    customer = ticket.customer
    bodies = ticket.messages.order_by("pk").values_list("body", flat=True)
    words = [ticket.subject, customer.name, customer.email, *bodies]
    words.append(fields_words(values_of(ticket)))
    Ticket.objects.filter(pk=ticket.pk).update(
        search_document="\n".join(words)[:SEARCH_DOCUMENT_LIMIT]
    )
