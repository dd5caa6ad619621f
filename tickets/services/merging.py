"""Merging tickets into one, splitting a message out into a ticket of its
own, and linking tickets. Each in one transaction, through the event door:
nothing is half-moved, and every step is in the tickets' histories."""

from collections.abc import Sequence

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Max, Q
from django.utils.translation import gettext as _

from ..models import (
    Customer,
    Message,
    Promise,
    Status,
    Ticket,
    TicketEvent,
    TicketLink,
)
from ..models.organised_payloads import MergedIn, MergedInto
from ..selectors.organised import merged_values
from .errors import InvalidChange
from .events import SEARCH_DOCUMENT_LIMIT, event_record, events_move
from .fields import ticket_fields_take
from .lifecycle import transition
from .tagging import ticket_tags_change


class OtherCustomers(InvalidChange):
    """Tickets of other customers, merged without saying so: they would
    read each other's conversation."""


def _check(survivor: Ticket, merged: Sequence[Ticket]) -> None:
    if not merged:
        raise InvalidChange(_("Choose at least one other ticket to merge."))
    if survivor.merged_into_id is not None:
        raise InvalidChange(
            _("%(ref)s was itself merged into another ticket; merge into that one.")
            % {"ref": survivor.reference}
        )
    if survivor.status == Status.CLOSED:
        raise InvalidChange(
            _("%(ref)s is closed: reopen it first, or merge into another ticket.")
            % {"ref": survivor.reference}
        )
    for ticket in merged:
        if ticket.merged_into_id is not None:
            raise InvalidChange(
                _("%(ref)s was already merged into another ticket.")
                % {"ref": ticket.reference}
            )


@transaction.atomic
def tickets_merge(
    *,
    survivor: Ticket,
    merged: Sequence[Ticket],
    actor: User | None,
    other_customers_confirmed: bool = False,
    field_choices: dict[int, int] | None = None,
) -> TicketEvent:
    """Merge ``merged`` into ``survivor``: their messages (with their files),
    history, people in copy, followers, tags and open promises move over;
    each merged ticket closes with a pointer to the survivor; the survivor's
    customer (and everyone in copy) gets one email saying the requests are
    one now. Tickets of other customers need ``other_customers_confirmed``:
    those customers are then copied on the survivor. Field values: the
    survivor's, else a merged ticket's; ``field_choices`` (field id: ticket
    id) picks where they differ."""
    if any(t.pk == survivor.pk for t in merged):
        raise InvalidChange(
            _("%(ref)s cannot be merged into itself.") % {"ref": survivor.reference}
        )
    ids = sorted({survivor.pk, *(t.pk for t in merged)})
    locked = {
        t.pk: t
        for t in Ticket.objects.select_for_update(of=("self",))
        .select_related("customer", "queue", "assignee")
        .filter(pk__in=ids)
        .order_by("pk")
    }
    if survivor.pk not in locked or len(locked) != len(ids):
        raise InvalidChange(_("One of these tickets no longer exists."))
    survivor = locked[survivor.pk]
    merged = [locked[pk] for pk in ids if pk != survivor.pk]
    _check(survivor, merged)
    strangers = {t.customer for t in merged if t.customer_id != survivor.customer_id}
    if strangers and not other_customers_confirmed:
        raise OtherCustomers(
            _(
                "%(refs)s belong to other customers: merged, they read this "
                "conversation and are copied on it. Confirm to merge anyway."
            )
            % {
                "refs": ", ".join(
                    t.reference for t in merged if t.customer in strangers
                )
            }
        )
    values, _conflicts = merged_values([survivor, *merged], field_choices)
    was_owed = any(t.status in Status.ACTIVE for t in merged)
    moved = _move(survivor, merged, strangers)
    for ticket in merged:
        _close(ticket, survivor, actor)
    if was_owed and survivor.status == Status.WAITING:
        # The customer wrote in a merged ticket meanwhile: an answer is owed.
        transition(
            ticket=survivor,
            new_status=Status.OPEN,
            actor=actor,
            by_customer=False,
            announce=False,
        )
    ticket_fields_take(ticket=survivor, values=values, actor=actor)
    tags = [tag.name for t in merged for tag in t.tags.all()]
    if tags:
        ticket_tags_change(ticket=survivor, actor=actor, add=tags)
    documents = Ticket.objects.filter(pk__in=[t.pk for t in merged])
    words = "\n".join(documents.values_list("search_document", flat=True))
    return event_record(
        ticket=survivor,
        payload=MergedIn(tickets=[t.pk for t in merged], messages=moved),
        actor=actor,
        words=words[:SEARCH_DOCUMENT_LIMIT],
    )


def _move(survivor: Ticket, merged: list[Ticket], strangers: set[Customer]) -> int:
    """Everything the merged tickets hold, onto the survivor (an incident's
    update that reached both stays on the merged one: it reaches a ticket
    once)."""
    moved = Message.objects.filter(ticket__in=merged).update(ticket=survivor)
    events_move(tickets=merged, to=survivor)
    Promise.objects.filter(ticket__in=merged, state=Promise.State.OPEN).update(
        ticket=survivor
    )
    for ticket in merged:
        survivor.cc.add(*ticket.cc.exclude(pk=survivor.customer_id))
        survivor.followers.add(*ticket.followers.all())
    survivor.cc.add(*strangers)
    _relink(survivor, merged)
    latest = Message.objects.filter(
        ticket=survivor, kind=Message.Kind.CUSTOMER
    ).aggregate(at=Max("created_at"))["at"]
    if latest is not None:
        Ticket.objects.filter(pk=survivor.pk).update(last_customer_message_at=latest)
        survivor.last_customer_message_at = latest
    return moved


def _relink(survivor: Ticket, merged: list[Ticket]) -> None:
    """The merged tickets' links, now the survivor's (none to itself)."""
    gone = [t.pk for t in merged]
    links = TicketLink.objects.filter(Q(source__in=gone) | Q(target__in=gone))
    for link in list(links):
        source = survivor.pk if link.source_id in gone else link.source_id
        target = survivor.pk if link.target_id in gone else link.target_id
        link.delete()
        exists = TicketLink.objects.filter(
            Q(source_id=source, target_id=target)
            | Q(source_id=target, target_id=source)
        ).exists()
        if source != target and not exists:
            TicketLink.objects.create(
                source_id=source, target_id=target, relation=link.relation
            )


def _close(ticket: Ticket, survivor: Ticket, actor: User | None) -> None:
    """A merged ticket closes (quietly: the survivor's email says it all)
    and points to the survivor."""
    if ticket.status != Status.CLOSED:
        transition(
            ticket=ticket,
            new_status=Status.CLOSED,
            actor=actor,
            by_customer=False,
            reason=_("Merged into %(ref)s") % {"ref": survivor.reference},
            announce=False,
        )
    Ticket.objects.filter(pk=ticket.pk).update(merged_into=survivor)
    ticket.merged_into = survivor
    event_record(
        ticket=ticket,
        payload=MergedInto(ticket=survivor.pk),
        actor=actor,
        announce=False,
    )
