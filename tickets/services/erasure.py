"""Erasing a customer (a data subject's request): their name, address and
words removed everywhere the product keeps them, their files deleted from
storage; their tickets stay as "erased customer" shells, so reports stay
true (counts, times, ratings' scores). Ticket by ticket in chunks, each in
its own transaction, so a queue is never locked for long; asked for first
(``erase_requested_at``), so a run stopped mid-way is finished by the
sweep; idempotent, so erasing twice is harmless. The customer's row is
renamed last: until then every trace can still be found by their
address."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from notifications.models import Notification, WebhookDelivery

from ..models import (
    Attachment,
    Customer,
    DataExport,
    InboundMail,
    Message,
    Promise,
    Rating,
    Ticket,
    TicketEvent,
    TicketFieldValue,
    new_access_key,
)
from .auditing import audit_note

logger = logging.getLogger(__name__)
ERASED = "[erased]"
ERASED_NAME = "Erased customer"
CHUNK = 100  # tickets per transaction


@dataclass(frozen=True)
class ErasureSummary:
    """What an erasure will remove, for the admin to read first."""

    tickets: int
    messages: int
    files: int
    emails: int
    inbound_mail: int
    copied_on: int


def erasure_summary(customer: Customer) -> ErasureSummary:
    tickets = Ticket.objects.filter(customer=customer)
    return ErasureSummary(
        tickets=tickets.count(),
        messages=Message.objects.filter(ticket__customer=customer).count(),
        files=Attachment.objects.filter(message__ticket__customer=customer).count(),
        emails=Notification.objects.filter(
            Q(ticket__customer=customer) | Q(recipient_email=customer.email)
        ).count(),
        inbound_mail=_inbound(customer).count(),
        copied_on=customer.cc_tickets.count(),
    )


def customer_erase_request(customer: Customer, *, by: Any) -> None:
    """Asked for: from now on the sweep finishes it whatever happens. The
    audit trail names the customer by number only."""
    asked = Customer.objects.filter(pk=customer.pk, erase_requested_at=None).update(
        erase_requested_at=timezone.now()
    )
    if asked:
        audit_note(
            actor=by, target=customer, what="erased", shown=f"Customer #{customer.pk}"
        )


def customer_erase(customer_id: int) -> bool:
    """Erase the customer (asked for before); whether it is done."""
    customer = Customer.objects.filter(pk=customer_id).first()
    if customer is None or customer.erase_requested_at is None:
        return False
    if customer.erased_at is not None:
        return True  # erased twice: nothing left to do
    marks = _marks(customer)
    ids = list(Ticket.objects.filter(customer=customer).values_list("pk", flat=True))
    for start in range(0, len(ids), CHUNK):
        with transaction.atomic():
            _erase_tickets(ids[start : start + CHUNK], marks)
    with transaction.atomic():
        # Anything that came in meanwhile (a reply during the run), then
        # what is theirs beyond their own tickets, then their name last.
        late = Ticket.objects.filter(customer=customer).exclude(subject=ERASED)
        _erase_tickets(list(late.values_list("pk", flat=True)), marks)
        _erase_elsewhere(customer, marks)
        customer.email = f"erased-{customer.pk}@erased.invalid"
        customer.name, customer.is_vip = ERASED_NAME, False
        customer.erased_at = timezone.now()
        customer.save()
    for name in ("histories", "fragments"):
        caches[name].clear()  # pages drawn with their words
    logger.info("customer %s erased (%d tickets)", customer.pk, len(ids))
    return True


def customers_erase_sweep() -> int:
    """Finish every erasure asked for and not done (a run that stopped)."""
    waiting = Customer.objects.filter(
        erase_requested_at__isnull=False, erased_at=None
    ).values_list("pk", flat=True)
    return sum(customer_erase(pk) for pk in list(waiting))


def _marks(customer: Customer) -> list[str]:
    """What gives the customer away in a text: their address and name."""
    return [m.lower() for m in (customer.email, customer.name) if len(m) >= 3]


def _inbound(customer: Customer) -> Any:
    return InboundMail.objects.filter(
        Q(ticket__customer=customer) | Q(sender__iexact=customer.email)
    )


def _erase_tickets(ids: list[int], marks: list[str]) -> None:
    if not ids:
        return
    tickets = Ticket.objects.filter(pk__in=ids)
    for attachment in Attachment.objects.filter(message__ticket__in=ids):
        attachment.file.delete(save=False)  # the storage's copy first
        attachment.delete()
    Message.objects.filter(ticket__in=ids).update(body=ERASED, body_html="")
    for pk in ids:  # the old links to their page stop working
        tickets.filter(pk=pk).update(
            subject=ERASED, search_document="", access_key=new_access_key()
        )
    for ticket in tickets:
        ticket.cc.clear()
    TicketFieldValue.objects.filter(ticket__in=ids).delete()
    Promise.objects.filter(ticket__in=ids).update(description=ERASED)
    Rating.objects.filter(ticket__in=ids).update(comment="")
    events = TicketEvent.objects.filter(ticket__in=ids)
    WebhookDelivery.objects.filter(event__in=events).delete()
    for event in events.only("pk", "reason", "old_value", "new_value", "values"):
        _scrub_event(event, marks, all_words=True)
    InboundMail.objects.filter(ticket__in=ids).update(
        raw=b"", sender="", subject="", error="", outcome=""
    )
    _erase_emails(Notification.objects.filter(ticket__in=ids), marks)


def _erase_elsewhere(customer: Customer, marks: list[str]) -> None:
    """Their traces on other people's tickets (copied in) and mail."""
    for ticket in customer.cc_tickets.all():
        ticket.cc.remove(customer)
        for event in TicketEvent.objects.filter(ticket=ticket):
            _scrub_event(event, marks, all_words=False)
    _erase_emails(Notification.objects.filter(recipient_email=customer.email), marks)
    _inbound(customer).update(raw=b"", sender="", subject="", error="", outcome="")
    for export in DataExport.objects.filter(customer=customer):
        export.file.delete(save=False)  # their data, handed out before
        export.delete()
    # The admin's own log names the row it changed ("Zebulon <z@...>").
    LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Customer),
        object_id=str(customer.pk),
    ).update(object_repr=ERASED_NAME, change_message="")


def _erase_emails(emails: Any, marks: list[str]) -> None:
    """Emails to them: never sent now, and their address gone."""
    emails.filter(state=Notification.State.PENDING).update(
        state=Notification.State.FAILED, last_error="The customer was erased."
    )
    for email in emails:
        if _given_away(email.recipient_email, marks) or _given_away(
            email.recipient_name, marks
        ):
            email.recipient_email = "erased@erased.invalid"
            email.recipient_name = ERASED_NAME
        email.last_error = _scrubbed(email.last_error, marks, all_words=False)
        email.save(update_fields=["recipient_email", "recipient_name", "last_error"])


def _given_away(text: str, marks: Iterable[str]) -> bool:
    lowered = text.lower()
    return any(mark in lowered for mark in marks)


def _scrubbed(text: str, marks: list[str], *, all_words: bool) -> str:
    """The text, or ERASED where it gives them away (``all_words``: any
    sentence at all, on their own ticket: their words)."""
    if not text:
        return text
    if _given_away(text, marks) or (all_words and (" " in text or "@" in text)):
        return ERASED
    return text


def _scrub_value(value: Any, marks: list[str], *, all_words: bool) -> Any:
    if isinstance(value, str):
        return _scrubbed(value, marks, all_words=all_words)
    if isinstance(value, list):
        return [_scrub_value(v, marks, all_words=all_words) for v in value]
    if isinstance(value, dict):
        return {
            k: _scrub_value(v, marks, all_words=all_words) for k, v in value.items()
        }
    return value


def _scrub_event(event: TicketEvent, marks: list[str], *, all_words: bool) -> None:
    changed = {
        "reason": _scrubbed(event.reason, marks, all_words=all_words),
        "old_value": _scrubbed(event.old_value, marks, all_words=all_words),
        "new_value": _scrubbed(event.new_value, marks, all_words=all_words),
        "values": _scrub_value(event.values, marks, all_words=all_words),
    }
    if any(getattr(event, k) != v for k, v in changed.items()):
        TicketEvent.objects.filter(pk=event.pk).update(**changed)
