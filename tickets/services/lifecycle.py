"""A ticket's life: opening, the conversation, and its status.

Each change is recorded through the event door (``events.event_record``),
which writes the history, stamps the ticket, keeps the report facts and
announces it, in the same transaction as the change.
"""

from collections.abc import Iterable
from datetime import datetime

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .. import sla
from ..models import (
    TRANSITIONS,
    CustomField,
    Message,
    Status,
    Ticket,
    TicketEvent,
    payloads,
)
from .errors import TicketChangedMeanwhile, TransitionNotAllowed
from .events import event_record
from .fields import fields_missing, missing_words
from .files import attachments_keep, message_written
from .locking import ticket_locked
from .mentioning import mentions_record
from .opening import (
    customer_get_or_create,
    customer_language_set,
    default_queue,
    ticket_open,
)

__all__ = [
    "customer_get_or_create",
    "customer_language_set",
    "default_queue",
    "ticket_open",
]


def allowed_transitions(ticket: Ticket) -> list[Status]:
    return [status for status in Status if status in TRANSITIONS[ticket.status]]


def transition(
    *,
    ticket: Ticket,
    new_status: str,
    actor: User | None,
    by_customer: bool,
    reason: str = "",
    announce: bool = True,
) -> TicketEvent:
    """The state machine's one step, for every service that moves a ticket:
    checked against the table, applied only if nobody moved it meanwhile.
    ``announce``: False where the caller's own email says it (a reply sent
    with a new status, an incident update that resolves)."""
    old_status = ticket.status
    if new_status == Status.RESOLVED and (
        missing := fields_missing(ticket, required=CustomField.Required.RESOLVING)
    ):
        raise TransitionNotAllowed(
            _("Fill in %(fields)s before resolving %(ref)s.")
            % {"fields": missing_words(missing), "ref": ticket.reference}
        )
    if new_status not in TRANSITIONS[old_status]:
        raise TransitionNotAllowed(
            _("A ticket that is %(old)s cannot become %(new)s.")
            % {
                "old": Status(old_status).label.lower(),
                "new": Status(new_status).label.lower(),
            }
        )
    now = timezone.now()
    fields = sla.transition(ticket, old_status, new_status, now)
    # Conditional update: two people changing the same ticket cannot both win.
    changed = Ticket.objects.filter(pk=ticket.pk, status=old_status).update(
        status=new_status, **fields
    )
    if not changed:
        raise TicketChangedMeanwhile(
            _(
                "Someone else changed this ticket's status meanwhile; reload it and "
                "try again."
            )
        )
    ticket.status = new_status
    return event_record(
        ticket=ticket,
        payload=payloads.StatusChanged(
            old_status=old_status, new_status=new_status, reason=reason.strip()
        ),
        actor=actor,
        by_customer=by_customer,
        announce=announce,
        facts={"at": now},
    )


@transaction.atomic
def ticket_change_status(
    *, ticket: Ticket, new_status: str, actor: User, reason: str = ""
) -> TicketEvent:
    """An agent moves the ticket along; the customer is told in plain words."""
    return transition(
        ticket=ticket,
        new_status=new_status,
        actor=actor,
        by_customer=False,
        reason=reason,
    )


@transaction.atomic
def ticket_close_by_customer(*, ticket: Ticket, reason: str = "") -> TicketEvent:
    """One click from the ticket page; a reason is welcome, never required."""
    return transition(
        ticket=ticket,
        new_status=Status.CLOSED,
        actor=None,
        by_customer=True,
        reason=reason,
    )


@transaction.atomic
def reply_post(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    new_status: str | None = None,
    attachments: Iterable[UploadedFile[bytes]] = (),
    body_html: str = "",
) -> Message:
    """A public reply (with files, sent as parts of its email; formatted
    when ``body_html`` is given, cleaned here): emailed to
    the customer with the ticket's new status.

    Answering a new ticket opens it unless the agent picks another status;
    the customer gets one email for both.
    """
    ticket = ticket_locked(ticket)
    # The answer owed before this reply (a status change below clears it),
    # and whether the watchdog already counted it as missed.
    owed, counted = ticket.due_at, ticket.due_escalated_for == ticket.due_at
    if new_status is None and ticket.status == Status.NEW:
        new_status = Status.OPEN
    if new_status is not None and new_status != ticket.status:
        transition(
            ticket=ticket,
            new_status=new_status,
            actor=author,
            by_customer=False,
            announce=False,  # the reply's email says it
        )
    files = list(attachments)
    written = message_written(body, body_html, files)
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.REPLY,
        source=Message.Source.AGENT,
        author_user=author,
        body=written.text,
        body_html=written.html,
    )
    attachments_keep(message, files, inline=written.inline)
    first = ticket.first_responded_at is None
    if first:
        ticket.first_responded_at = message.created_at
        Ticket.objects.filter(pk=ticket.pk, first_responded_at=None).update(
            first_responded_at=message.created_at
        )
    # Answered: nothing is owed until the customer writes again.
    Ticket.objects.filter(pk=ticket.pk).update(**sla.answered(ticket))
    event_record(
        ticket=ticket,
        payload=payloads.Replied(message=message, new_status=ticket.status),
        actor=author,
        words=message.body,
        facts={
            "at": message.created_at,
            "owed": owed,
            "counted": counted,
            "first": first,
        },
    )
    return message


@transaction.atomic
def note_add(
    *,
    ticket: Ticket,
    author: User,
    body: str,
    attachments: Iterable[UploadedFile[bytes]] = (),
    body_html: str = "",
) -> Message:
    """An internal note (its files too, formatted as a reply may be): never
    shown or emailed to the customer."""
    ticket = ticket_locked(ticket)
    files = list(attachments)
    written = message_written(body, body_html, files)
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.NOTE,
        source=Message.Source.AGENT,
        author_user=author,
        body=written.text,
        body_html=written.html,
    )
    attachments_keep(message, files, inline=written.inline)
    event_record(
        ticket=ticket,
        payload=payloads.NoteAdded(message=message),
        actor=author,
        words=message.body,
    )
    mentions_record(ticket=ticket, note=message, author=author)
    return message


def _customer_waiting(ticket: Ticket, message: Message) -> None:
    """A waiting or finished ticket reopens; an answer is owed again."""
    if ticket.status in Status.PAUSED:
        transition(
            ticket=ticket,
            new_status=Status.OPEN,
            actor=None,
            by_customer=True,
            announce=False,  # their own words reopened it
        )
    ticket.last_customer_message_at = message.created_at
    Ticket.objects.filter(pk=ticket.pk).update(
        last_customer_message_at=message.created_at,
        **sla.customer_waiting(ticket, message.created_at),
    )


@transaction.atomic
def customer_message_post(
    *,
    ticket: Ticket,
    body: str,
    attachments: Iterable[UploadedFile[bytes]] = (),
    source: str = Message.Source.PORTAL,
    email_message_id: str = "",
    history_at: datetime | None = None,
) -> Message:
    """The customer adds to their ticket; a waiting or finished one reopens.
    ``history_at``: an old reply imported as history, kept in its place in
    the conversation; it reopens nothing and nobody is emailed."""
    ticket = ticket_locked(ticket)
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.CUSTOMER,
        source=source,
        body=body,
        email_message_id=email_message_id,
        created_at=history_at or timezone.now(),
    )
    attachments_keep(message, attachments)
    if history_at is None:
        _customer_waiting(ticket, message)
    event_record(
        ticket=ticket,
        payload=payloads.CustomerReplied(message=message),
        by_customer=True,
        words=body,
        announce=history_at is None,
        at=history_at,
    )
    return message
