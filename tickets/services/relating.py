"""Tickets that belong together: links (related, parent and child), a
message split out into a ticket of its own, and a parent's children
resolved with it. Each step in both tickets' histories."""

from typing import cast

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from ..models import Message, Status, Ticket, TicketLink
from ..models.organised_payloads import (
    Linked,
    Relation,
    SplitFrom,
    SplitOff,
    Unlinked,
)
from ..selectors.organised import CHAIN_LIMIT, children_unfinished
from .errors import InvalidChange, TicketError
from .events import event_record
from .lifecycle import ticket_change_status, ticket_open

RELATIONS = ("related", "parent", "child")
OPPOSITE = {"related": "related", "parent": "child", "child": "parent"}


def _ancestors(ticket_id: int) -> set[int]:
    """The parents of a ticket, their parents, and so on."""
    found: set[int] = set()
    current = {ticket_id}
    for _step in range(CHAIN_LIMIT):
        parents = set(
            TicketLink.objects.filter(
                target_id__in=current, relation=TicketLink.Relation.PARENT
            ).values_list("source_id", flat=True)
        )
        current = parents - found
        if not current:
            break
        found |= current
    return found


@transaction.atomic
def tickets_link(
    *, ticket: Ticket, other: Ticket, relation: str, actor: User | None
) -> TicketLink:
    """Link ``ticket`` to ``other``: ``relation`` is what ``ticket`` is to
    ``other`` (related to it, its parent, or its child)."""
    if relation not in RELATIONS:
        raise InvalidChange(_("Choose how the tickets are related."))
    if ticket.pk == other.pk:
        raise InvalidChange(_("A ticket cannot be linked to itself."))
    merged = Ticket.objects.filter(
        pk__in=[ticket.pk, other.pk], merged_into__isnull=False
    )
    for one in merged.only("pk"):
        raise InvalidChange(
            _("%(ref)s was merged into another ticket; link that one.")
            % {"ref": one.reference}
        )
    pair = Q(source=ticket, target=other) | Q(source=other, target=ticket)
    if TicketLink.objects.filter(pair).exists():
        raise InvalidChange(
            _("%(ref)s and %(other)s are linked already.")
            % {"ref": ticket.reference, "other": other.reference}
        )
    parent, child = (ticket, other) if relation == "parent" else (other, ticket)
    if relation != "related" and child.pk in _ancestors(parent.pk):
        raise InvalidChange(
            _(
                "%(child)s is above %(parent)s already: a ticket cannot be its "
                "own parent."
            )
            % {"child": child.reference, "parent": parent.reference}
        )
    if relation == "related":
        link = TicketLink.objects.create(
            source=ticket, target=other, relation=TicketLink.Relation.RELATED
        )
    else:
        link = TicketLink.objects.create(
            source=parent, target=child, relation=TicketLink.Relation.PARENT
        )
    _record(ticket, other, relation, actor, Linked)
    return link


def _record(
    ticket: Ticket,
    other: Ticket,
    relation: str,
    actor: User | None,
    kind: type[Linked],
) -> None:
    event_record(
        ticket=ticket,
        payload=kind(ticket=other.pk, relation=cast(Relation, relation)),
        actor=actor,
        announce=False,
    )
    event_record(
        ticket=other,
        payload=kind(ticket=ticket.pk, relation=cast(Relation, OPPOSITE[relation])),
        actor=actor,
        announce=False,
    )


@transaction.atomic
def tickets_unlink(*, ticket: Ticket, other: Ticket, actor: User | None) -> None:
    pair = Q(source=ticket, target=other) | Q(source=other, target=ticket)
    link = TicketLink.objects.filter(pair).first()
    if link is None:
        raise InvalidChange(
            _("%(ref)s and %(other)s are not linked.")
            % {"ref": ticket.reference, "other": other.reference}
        )
    if link.relation == TicketLink.Relation.RELATED:
        relation = "related"
    else:
        relation = "parent" if link.source_id == ticket.pk else "child"
    link.delete()
    _record(ticket, other, relation, actor, Unlinked)


def children_resolve(
    *, ticket: Ticket, actor: User
) -> tuple[list[Ticket], list[tuple[Ticket, str]]]:
    """Resolve a parent's unfinished children, each on its own (each
    customer gets their own email). Returns those resolved and those the
    rules refused, with why."""
    done: list[Ticket] = []
    refused: list[tuple[Ticket, str]] = []
    for child in children_unfinished(ticket):
        try:
            ticket_change_status(
                ticket=child,
                new_status=Status.RESOLVED,
                actor=actor,
                reason=_("Resolved with %(ref)s") % {"ref": ticket.reference},
            )
        except TicketError as error:
            refused.append((child, str(error)))
        else:
            done.append(child)
    return done, refused


@transaction.atomic
def message_split(*, message: Message, subject: str, actor: User) -> Ticket:
    """A customer's message (with its files) out of its ticket into a new
    ticket for the same customer: its own first-response deadline, an
    acknowledgement with the new reference, linked both ways."""
    old = message.ticket
    if message.kind != Message.Kind.CUSTOMER:
        raise InvalidChange(_("Only a customer's message can become a ticket."))
    first = old.messages.order_by("created_at", "pk").first()
    if first is not None and first.pk == message.pk:
        raise InvalidChange(
            _("This is the message the ticket was opened with: it stays.")
        )
    subject = " ".join(subject.split())
    if not subject:
        raise InvalidChange(_("Give the new ticket a subject."))
    customer = old.customer
    new = ticket_open(
        name=customer.name,
        email=customer.email,
        subject=subject[:200],
        message=message.body,
        source=message.source,
        queue=old.queue,
        priority=old.priority,
        language=customer.language,
        opened_by=actor,
        reply_address=old.reply_address,
    )
    opening = new.messages.get()
    message.attachments.update(message=opening)
    Message.objects.filter(pk=opening.pk).update(
        email_message_id=message.email_message_id
    )
    message.delete()
    TicketLink.objects.create(
        source=old, target=new, relation=TicketLink.Relation.RELATED
    )
    event_record(
        ticket=old, payload=SplitOff(ticket=new.pk), actor=actor, announce=False
    )
    event_record(
        ticket=new, payload=SplitFrom(ticket=old.pk), actor=actor, announce=False
    )
    return new
