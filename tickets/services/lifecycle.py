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

from helpdesk.core.locales import supported_language
from kb import selectors as kb_selectors

from .. import sla
from ..models import (
    TRANSITIONS,
    Customer,
    Incident,
    Message,
    Priority,
    Queue,
    Status,
    Ticket,
    TicketEvent,
    payloads,
)
from ..selectors import routing
from .errors import TicketChangedMeanwhile, TicketError, TransitionNotAllowed
from .events import SEARCH_DOCUMENT_LIMIT, event_record
from .files import attachments_keep
from .linking import incident_link
from .locking import ticket_locked


def customer_get_or_create(*, email: str, name: str, language: str = "") -> Customer:
    """The customer with this address, created on first contact (in the
    language they wrote in, when known). Two round trips for a newcomer,
    one for a known customer, and no savepoint."""
    email = email.strip().lower()
    name = name.strip()
    customer = Customer.objects.filter(email=email).first()
    if customer is None:
        # Two first requests from one address at once: the second insert
        # meets the first's row and takes its id (names aside, the same).
        customer = Customer(
            email=email, name=name, language=supported_language(language)
        )
        Customer.objects.bulk_create(
            [customer],
            update_conflicts=True,
            unique_fields=["email"],
            update_fields=["email"],
        )
    elif not customer.name and name:
        customer.name = name
        customer.save(update_fields=["name"])
    return customer


def customer_language_set(*, customer: Customer, language: str) -> None:
    """What the customer chose on their ticket page: every email from now
    on is written in it."""
    customer.language = supported_language(language)
    customer.save(update_fields=["language"])


def default_queue() -> Queue:
    """Where the web form's tickets land; created on first use."""
    queue = routing.default_queue()
    if queue is None:
        queue = Queue.objects.create(name="General", slug="general", is_default=True)
    return queue


@transaction.atomic
def ticket_open(
    *,
    name: str,
    email: str,
    subject: str,
    message: str,
    attachments: Iterable[UploadedFile[bytes]] = (),
    source: str = Message.Source.WEB,
    queue: Queue | None = None,
    email_message_id: str = "",
    acknowledge: bool = True,
    incident_id: int | None = None,
    language: str = "",
    priority: str = Priority.NORMAL,
    opened_by: User | None = None,
    history_at: datetime | None = None,
    reply_address: str = "",
) -> Ticket:
    """A customer's new request: ticket, first message, event, acknowledgement;
    linked to the known problem the customer chose, if it is still public.
    ``language`` is what they wrote in (their browser's, their mail's).
    ``opened_by``: the agent who took it down (a call, a chat), in the
    customer's words; the history says who. ``history_at``: old mail
    imported as history, dated then: nobody is emailed and no target is
    set, so none can be missed. ``reply_address``: the support address
    they wrote to, which every email about the ticket comes from."""
    if priority not in Priority.values:
        raise TicketError(_("%(value)r is not a priority.") % {"value": priority})
    now = timezone.now()
    customer = customer_get_or_create(email=email, name=name, language=language)
    ticket = Ticket(
        subject=subject.strip(),
        customer=customer,
        queue=queue or default_queue(),
        priority=priority,
        reply_address=reply_address,
        created_at=history_at or now,
        last_customer_message_at=history_at or now,
        # The acknowledgement below is news: recorded here, not by an update.
        last_customer_news_at=now if acknowledge else None,
    )
    if history_at is None:
        sla.start_clock(ticket, now)
    else:
        ticket.sla_policy = sla.policy_for(ticket)
    ticket.search_document = "\n".join(
        [ticket.subject, customer.name, customer.email, message]
    )[:SEARCH_DOCUMENT_LIMIT]
    ticket.save()
    first = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.CUSTOMER,
        source=source,
        body=message,
        email_message_id=email_message_id,
        created_at=history_at or now,
    )
    attachments_keep(first, attachments)
    event_record(
        ticket=ticket,
        payload=payloads.Created(
            message=first,
            # Chosen now, so every attempt to send the acknowledgement says
            # the same.
            suggested_articles=kb_selectors.suggestions(
                ticket.subject, language=ticket.customer.language
            )
            if acknowledge
            else [],
        ),
        actor=opened_by,
        by_customer=opened_by is None,
        announce=history_at is None,
        to_customer=acknowledge,
        at=history_at,
    )
    if incident_id is not None:
        _link_chosen_incident(ticket, incident_id)
    return ticket


def _link_chosen_incident(ticket: Ticket, incident_id: int) -> None:
    incident = (
        Incident.objects.filter(pk=incident_id, is_public=True)
        .exclude(status=Incident.Status.RESOLVED)
        .first()
    )
    if incident is None:  # solved or withdrawn meanwhile: an ordinary ticket
        return
    incident_link(incident=incident, tickets=[ticket], actor=None, by_customer=True)


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
) -> Message:
    """A public reply: emailed to the customer with the ticket's new status.

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
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.REPLY,
        source=Message.Source.AGENT,
        author_user=author,
        body=body,
    )
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
        words=body,
        facts={
            "at": message.created_at,
            "owed": owed,
            "counted": counted,
            "first": first,
        },
    )
    return message


@transaction.atomic
def note_add(*, ticket: Ticket, author: User, body: str) -> Message:
    """An internal note: never shown or emailed to the customer."""
    ticket = ticket_locked(ticket)
    message = Message.objects.create(
        ticket=ticket,
        kind=Message.Kind.NOTE,
        source=Message.Source.AGENT,
        author_user=author,
        body=body,
    )
    event_record(
        ticket=ticket,
        payload=payloads.NoteAdded(message=message),
        actor=author,
        words=body,
    )
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
