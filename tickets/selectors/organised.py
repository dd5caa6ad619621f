"""Reads for organising tickets: where a merged ticket went, a ticket's
links, what a merge would do, and possible duplicates."""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db.models import Count, Q
from django.db.models.functions import Substr
from rapidfuzz import utils

from ..custom_fields import FieldSpec, value_shown
from ..models import (
    Customer,
    Message,
    Status,
    Tag,
    Ticket,
    TicketLink,
    format_reference,
)
from .fields import defined, values_of
from .incidents import subjects_alike

# A merge chain longer than this is a fault, not a history.
CHAIN_LIMIT = 20


def survivor_of(ticket: Ticket) -> Ticket:
    """The ticket a merged one lives on in (itself when not merged)."""
    seen = 0
    while ticket.merged_into_id is not None and seen < CHAIN_LIMIT:
        found = Ticket.objects.select_related("customer").filter(
            pk=ticket.merged_into_id
        )
        ticket = found.first() or ticket
        seen += 1
    return ticket


@dataclass(frozen=True)
class Linked:
    """Another ticket as a link shows it: no more than that is read."""

    pk: int
    subject: str
    status: str

    @property
    def reference(self) -> str:
        return format_reference(self.pk)

    def get_status_display(self) -> str:
        return str(Status(self.status).label)


@dataclass(frozen=True)
class LinkShown:
    ticket: Linked
    relation: str  # what the other ticket is to this one: related, parent, child


def ticket_links(ticket: Ticket) -> list[LinkShown]:
    """The tickets linked to this one, each with what it is to this one (one
    query, reading only the other tickets' subject and status)."""
    rows = (
        TicketLink.objects.filter(Q(source=ticket) | Q(target=ticket))
        .order_by("created_at", "pk")
        .values_list(
            "source_id",
            "target_id",
            "relation",
            "source__subject",
            "source__status",
            "target__subject",
            "target__status",
        )
    )
    shown = []
    for source, target, relation, s_subject, s_status, t_subject, t_status in rows:
        if source == ticket.pk:
            other = Linked(target, t_subject, t_status)
            what = "child" if relation == TicketLink.Relation.PARENT else "related"
        else:
            other = Linked(source, s_subject, s_status)
            what = "parent" if relation == TicketLink.Relation.PARENT else "related"
        shown.append(LinkShown(other, what))
    return shown


@dataclass(frozen=True)
class FieldConflict:
    """A field the tickets hold different values of: the agent chooses."""

    spec: FieldSpec
    options: list[tuple[Ticket, str]]  # each ticket with its value, shown


@dataclass
class MergePreview:
    """What a merge of ``merged`` into ``survivor`` would do."""

    survivor: Ticket
    merged: list[Ticket]
    messages: int = 0
    attachments: int = 0
    other_customers: list[Customer] = field(default_factory=list)
    conflicts: list[FieldConflict] = field(default_factory=list)


def merged_values(
    tickets: list[Ticket], choices: dict[int, int] | None = None
) -> tuple[dict[int, list[str]], list[FieldConflict]]:
    """The field values a merge leaves on the survivor (the first ticket):
    its own, else the first other ticket's that has one, unless ``choices``
    (field id: ticket id) says which ticket's; and the fields in conflict."""
    held = {t.pk: vals for t in tickets if (vals := values_of(t))}
    specs = {spec.pk: spec for spec in defined().fields}
    final: dict[int, list[str]] = {}
    conflicts = []
    for spec_id in sorted({pk for vals in held.values() for pk in vals}):
        having = [
            (t, held[t.pk][spec_id]) for t in tickets if spec_id in held.get(t.pk, {})
        ]
        chosen = (choices or {}).get(spec_id)
        picked = next((v for t, v in having if t.pk == chosen), having[0][1])
        final[spec_id] = picked
        if spec_id in specs and len({tuple(v) for _t, v in having}) > 1:
            spec = specs[spec_id]
            conflicts.append(
                FieldConflict(spec, [(t, value_shown(spec, v)) for t, v in having])
            )
    return final, conflicts


def merge_preview(*, survivor: Ticket, merged: list[Ticket]) -> MergePreview:
    preview = MergePreview(survivor=survivor, merged=merged)
    counted = Message.objects.filter(ticket__in=merged).aggregate(
        messages=Count("pk", distinct=True), attachments=Count("attachments")
    )
    preview.messages = counted["messages"]
    preview.attachments = counted["attachments"]
    others = {t.customer_id: t.customer for t in merged}
    others.pop(survivor.customer_id, None)
    preview.other_customers = list(others.values())
    _final, preview.conflicts = merged_values([survivor, *merged])
    return preview


SUGGESTIONS = 20


def tag_suggestions(typed: str) -> list[dict[str, str]]:
    """Tags for what an agent is typing: those that start with it first,
    then those that hold it, each in alphabetical order."""
    typed = " ".join(typed.split())
    tags = Tag.objects.filter(name__icontains=typed) if typed else Tag.objects.all()
    found = list(tags.order_by("name")[:200])
    found.sort(key=lambda t: not t.name.lower().startswith(typed.lower()))
    return [{"name": t.name, "colour": t.colour} for t in found[:SUGGESTIONS]]


def ticket_tags(ticket: Ticket) -> list[Tag]:
    return list(ticket.tags.order_by("name"))


# A customer's tickets this many days apart may be about the same thing.
DUPLICATE_DAYS = 7
DUPLICATE_AMONG = 20


def possible_duplicates(ticket: Ticket) -> list[Ticket]:
    """The customer's other unfinished tickets from the days around this
    one whose subject (or opening words) read like this one's, most
    recent first: the agent is offered to merge them. One query (this
    ticket's own opening words come with the others')."""
    if ticket.merged_into_id is not None or ticket.status == Status.CLOSED:
        return []
    window = timedelta(days=DUPLICATE_DAYS)
    found = list(
        Ticket.objects.filter(
            Q(pk=ticket.pk)
            | Q(
                customer_id=ticket.customer_id,
                merged_into=None,
                status__in=Status.UNFINISHED,
                created_at__gte=ticket.created_at - window,
                created_at__lte=ticket.created_at + window,
            )
        )
        .annotate(opening=Substr("search_document", 1, OPENING))
        .only("pk", "subject", "created_at", "status")
        .order_by("-created_at")[: DUPLICATE_AMONG + 1]
    )
    me = next((t for t in found if t.pk == ticket.pk), None)
    others = [t for t in found if t.pk != ticket.pk]
    if me is None or not others:
        return []
    alike = subjects_alike(
        utils.default_process(ticket.subject),
        [utils.default_process(t.subject) for t in others],
    )
    alike |= subjects_alike(_opening(me), [_opening(t) for t in others])
    return [t for j, t in enumerate(others) if j in alike]


# The opening words read: subject, name and address, then the first message.
OPENING = 600


def _opening(ticket: Ticket) -> str:
    lines = str(getattr(ticket, "opening", "")).split("\n")
    return utils.default_process(" ".join(lines[3:]) if len(lines) > 3 else "")


def children_unfinished(ticket: Ticket) -> list[Ticket]:
    """The children of a ticket that are not resolved or closed yet."""
    return list(
        Ticket.objects.filter(
            links_in__source=ticket,
            links_in__relation=TicketLink.Relation.PARENT,
            status__in=Status.UNFINISHED,
        )
        .select_related("customer", "queue", "assignee")
        .defer("search_document")
        .order_by("pk")
    )
