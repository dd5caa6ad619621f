"""A ticket's opening: the customer (made on first contact), where it
lands, its first message, its deadlines, categories and field values, and
the acknowledgement (through the event door)."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk.core.locales import supported_language
from kb import selectors as kb_selectors

from .. import sla
from ..models import (
    Customer,
    Incident,
    Message,
    Priority,
    Queue,
    Ticket,
    TicketCategory,
    payloads,
)
from ..selectors import routing
from .errors import TicketError
from .events import SEARCH_DOCUMENT_LIMIT, event_record
from .fields import fields_read, fields_words, fields_write
from .files import attachments_keep
from .linking import incident_link


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
    category: TicketCategory | None = None,
    fields: Mapping[str, Any] | None = None,
) -> Ticket:
    """A customer's new request: ticket, first message, event, acknowledgement;
    linked to the known problem the customer chose, if it is still public.
    ``language`` is what they wrote in (their browser's, their mail's).
    ``opened_by``: the agent who took it down (a call, a chat), in the
    customer's words; the history says who. ``history_at``: old mail
    imported as history, dated then: nobody is emailed and no target is
    set, so none can be missed. ``reply_address``: the support address
    they wrote to, which every email about the ticket comes from.
    ``category``: what they said it is about (its queue and priority when
    none is given); ``fields``: the custom field values sent (by key),
    checked here, the required ones too (FieldErrors)."""
    if priority not in Priority.values:
        raise TicketError(_("%(value)r is not a priority.") % {"value": priority})
    if category is not None:
        queue = queue or category.queue
        if priority == Priority.NORMAL:
            priority = category.priority
    queue = queue or default_queue()
    values = (
        fields_read(
            fields,
            queue_id=queue.pk,
            category_id=category.pk if category else None,
            customer=opened_by is None,
            opening=True,
        )
        if fields is not None
        else {}
    )
    now = timezone.now()
    customer = customer_get_or_create(email=email, name=name, language=language)
    ticket = Ticket(
        subject=subject.strip(),
        customer=customer,
        queue=queue,
        category=category,
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
    words = [ticket.subject, customer.name, customer.email, message]
    if values:
        words.append(fields_words(values))
    ticket.search_document = "\n".join(words)[:SEARCH_DOCUMENT_LIMIT]
    ticket.save()
    fields_write(ticket, values)
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
