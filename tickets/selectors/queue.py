"""The agents' queue: its views, filters, search (the stored search
vector, ranked), capped counts, and the live look for changes."""

import operator
import re
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from typing import Any

from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import F, OrderBy, Q, QuerySet
from django.db.models.expressions import Expression
from django.db.models.sql.compiler import SQLCompiler
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from ..custom_fields import FieldProblem, value_read
from ..models import (
    Customer,
    Mention,
    Status,
    Tag,
    Ticket,
    TicketFieldValue,
    parse_reference,
)
from .fields import defined

QUEUE_VIEWS: dict[str, StrOrPromise] = {
    "open": _("All open"),
    "mine": _("Mine"),
    "mentions": _("Mentions"),
    "unassigned": _("Unassigned"),
    "soon": _("Breaching soon"),
    "breached": _("Breached"),
    "waiting": _("Waiting on customer"),
    "resolved": _("Resolved"),
    "closed": _("Closed"),
    "all": _("All tickets"),
}


DEFAULT_VIEW = "open"


SEARCH_VIEW = "all"  # where a search looks unless the agent picks a view


COUNT_CAP = 1000


SEARCH_COUNT_CAP = 100


# A search over every ticket ranks the most recent matches by relevance:
# ranking all of a common word's matches would read them all.
RANKED_AMONG = 200


LATEST_FIRST = ("mentions", "resolved", "closed", "all")


def _view_filter(view: str, user: User) -> Q:
    now = timezone.now()
    return {
        "open": Q(status__in=Status.ACTIVE),
        # Past the policy's warning share of the target, not yet late.
        "soon": Q(status__in=Status.ACTIVE, due_at__gt=now, due_warn_at__lte=now),
        "breached": Q(status__in=Status.ACTIVE)
        & (Q(due_at__lte=now) | Q(resolution_due_at__lte=now)),
        "mine": Q(assignee=user, status__in=Status.UNFINISHED),
        # Tickets a colleague called the agent into with @name, open or not.
        "mentions": Q(pk__in=Mention.objects.filter(agent=user).values("ticket_id")),
        "unassigned": Q(assignee=None, status__in=Status.ACTIVE),
        "waiting": Q(status=Status.WAITING),
        "resolved": Q(status=Status.RESOLVED),
        "closed": Q(status=Status.CLOSED),
        "all": Q(),
    }[view]


@dataclass(frozen=True)
class QueueFilters:
    queue: int | None = None
    status: str | None = None
    priority: str | None = None
    assignee: int | None = None  # 0: unassigned
    q: str = ""
    tag: str = ""  # a tag's name, whatever its case
    field: str = ""  # a custom field's key, with the value it must have
    value: str = ""


EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class StoredSearchVector(Expression):
    """The column migration 0012 keeps (not a model field: see there), of
    whichever alias the ticket table has in the query being compiled (a
    subquery's differs from the outer query's)."""

    output_field = SearchVectorField()

    def as_sql(  # type: ignore[override] # the search lookups add lists
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, list[Any]]:
        table = compiler.quote_name_unless_alias(compiler.query.base_table)
        return f"{table}.{connection.ops.quote_name('search_vector')}", []


def _words(text: str) -> SearchQuery:
    return SearchQuery(text, config="english", search_type="websearch")


def _text_matches(text: str) -> Q:
    """Tickets whose words match: the stored tsvector through its GIN index
    on PostgreSQL, each word with LIKE on SQLite."""
    if connection.vendor == "postgresql":
        return Q(vector=_words(text))
    words = [Q(search_document__icontains=word) for word in text.split()]
    return reduce(operator.and_, words, Q())


PEOPLE_CAP = 1000


def _people_match(text: str) -> Q:
    """Tickets of the customer with this address, or of this organisation's
    customers. Their ids are read first (through the customers' indexes), so
    that the planner sees a short list it can OR with the text's index; a
    subquery there made it guess half the table and read all of it."""
    if EMAIL.match(text):
        customers = Customer.objects.filter(email=text.lower())
    else:
        customers = Customer.objects.filter(organisation__name__iexact=text)
    ids = list(customers.values_list("pk", flat=True)[:PEOPLE_CAP])
    return Q(customer_id__in=ids) if ids else Q(pk__in=[])


def _search(tickets: QuerySet[Ticket], text: str) -> QuerySet[Ticket]:
    reference = parse_reference(text)
    if reference is not None:
        return tickets.filter(pk=reference)
    if connection.vendor == "postgresql":
        tickets = tickets.alias(vector=StoredSearchVector())
    return tickets.filter(_text_matches(text) | _people_match(text))


def queue_tickets(*, user: User, view: str, filters: QueueFilters) -> QuerySet[Ticket]:
    """The queue, what needs an answer soonest first; the closed views the
    latest first; a search over all tickets the most relevant first."""
    tickets = Ticket.objects.filter(_view_filter(view, user))
    if filters.queue:
        tickets = tickets.filter(queue_id=filters.queue)
    if filters.status:
        tickets = tickets.filter(status=filters.status)
    if filters.priority:
        tickets = tickets.filter(priority=filters.priority)
    if filters.assignee is not None:
        tickets = tickets.filter(assignee_id=filters.assignee or None)
    if filters.tag:
        tickets = tickets.filter(_tagged(filters.tag))
    if filters.field:
        tickets = tickets.filter(field_matches(filters.field, filters.value))
    order: list[str | OrderBy] = [F("due_at").asc(nulls_last=True), "id"]
    if view in LATEST_FIRST:
        order = ["-id"] if view == "all" else [F("updated_at").desc(), "-id"]
    if filters.q:
        tickets = _search(tickets, filters.q)
        if view == "all" and connection.vendor == "postgresql":
            tickets, order = _ranked(tickets, filters.q)
    return (
        tickets.select_related("customer__organisation", "queue", "assignee")
        .defer("search_document")
        .order_by(*order)
    )


TERM = re.compile(r"(?:^|\s)([\w-]+):(?:\"([^\"]+)\"|(\S+))")


@dataclass(frozen=True)
class Terms:
    words: str
    tag: str = ""
    field: str = ""
    value: str = ""


def search_terms(q: str) -> Terms:
    """A search's ``tag:refund`` and ``order:1042`` (a custom field's key;
    ``tag:"on hold"`` with quotes) apart from its words; the first of each."""
    tag = field = value = ""
    keys = defined().by_key()
    kept = q
    for found in TERM.finditer(q):
        name, said = found.group(1).lower(), found.group(2) or found.group(3)
        if name == "tag" and not tag:
            tag = said
        elif name in keys and not field:
            field, value = name, said
        else:
            continue
        kept = kept.replace(found.group(0), " ", 1)
    return Terms(" ".join(kept.split()), tag, field, value)


def _tagged(name: str) -> Q:
    """Tickets with this tag: its id read first (a short table), then the
    tickets through the tag's index (a semi-join the planner walks in the
    page's order)."""
    tag = Tag.objects.filter(name__iexact=" ".join(name.split())).first()
    if tag is None:
        return Q(pk__in=[])
    through = Ticket.tags.through.objects.filter(tag_id=tag.pk)
    return Q(pk__in=through.values("ticket_id"))


def field_matches(key: str, value: str) -> Q:
    """Tickets whose field has this value (as the field reads it: "pro"
    finds "Pro", "12.50" finds "12.5"); through the values' index, whose
    statistics tell the planner a common value from a rare one."""
    spec = defined().by_key().get(key)
    try:
        wanted = value_read(spec, value) if spec else []
    except FieldProblem:
        wanted = []
    if spec is None or not wanted:
        return Q(pk__in=[])
    rows = TicketFieldValue.objects.filter(field_id=spec.pk, value=wanted[0])
    return Q(pk__in=rows.values("ticket_id"))


def _ranked(
    matches: QuerySet[Ticket], text: str
) -> tuple[QuerySet[Ticket], list[str | OrderBy]]:
    recent = matches.order_by("-id").values("pk")[:RANKED_AMONG]
    rank = SearchRank(StoredSearchVector(), _words(text))
    ranked = Ticket.objects.filter(pk__in=recent).annotate(rank=rank)
    return ranked, [F("rank").desc(), "-id"]


def tickets_by_ids(ids: list[int]) -> QuerySet[Ticket]:
    """Tickets picked in the queue, with what their changes and emails need."""
    return (
        Ticket.objects.filter(pk__in=ids)
        .select_related("customer", "queue", "assignee")
        .defer("search_document")
    )


def capped_count(tickets: QuerySet[Ticket], cap: int | None = None) -> tuple[int, bool]:
    """How many, counting no further than ``cap`` (and whether capped). In
    the queryset's own order, when it has one: the planner then walks the
    index the page walks until the cap (6 ms at a million tickets for a
    filtered page, 28 ms for a common word), where without an order it built
    a bitmap of a whole queue (48 ms) or of a word's 100,000 matches (175 ms)."""
    cap = COUNT_CAP if cap is None else cap
    found = tickets.values("pk")[: cap + 1].count()
    return min(found, cap), found > cap


# Fewer matches than this, by the planner's estimate: a search is counted
# from its index's bitmap, not by walking the page's order.
FEW_MATCHES = 10_000


def search_count(tickets: QuerySet[Ticket]) -> tuple[int, bool]:
    """How many a search found, up to SEARCH_COUNT_CAP. A common word is
    counted in the page's order (the walk stops at the cap: 28 ms at a
    million tickets, where its bitmap took 175 ms); a rare one from its
    bitmap (2 ms, where walking the open tickets' deadlines for it took
    60 ms). Which it is, the planner's own estimate says (one EXPLAIN)."""
    if connection.vendor == "postgresql" and _estimated_rows(tickets) < FEW_MATCHES:
        tickets = tickets.order_by()
    return capped_count(tickets, SEARCH_COUNT_CAP)


def _estimated_rows(tickets: QuerySet[Ticket]) -> int:
    try:
        sql, params = tickets.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:  # narrowed to nothing (a tag nobody has)
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        (plan,) = cursor.fetchone()
    return int(plan[0]["Plan"]["Plan Rows"])


def _count_parts(view: str, user: User) -> list[Q]:
    """A view's filter in parts that each walk one index to the cap: an OR
    made the planner build a bitmap of every open ticket instead."""
    if view != "breached":
        return [_view_filter(view, user)]
    now = timezone.now()
    late = Q(due_at__lte=now)
    return [
        Q(status__in=Status.ACTIVE) & late,
        Q(status__in=Status.ACTIVE, resolution_due_at__lte=now) & ~late,
    ]


def view_counts(user: User) -> dict[str, tuple[int, bool]]:
    counts = {}
    for view in QUEUE_VIEWS:
        found, more = 0, False
        for part in _count_parts(view, user):
            if not more:
                tickets = Ticket.objects.filter(part).order_by()
                counted, more = capped_count(tickets, COUNT_CAP - found)
                found += counted
        counts[view] = (found, more)
    return counts


def changed_since(since: datetime, *, ticket_id: int | None = None) -> bool:
    """Whether any ticket (or this one) changed after ``since``."""
    found = Ticket.objects.filter(updated_at__gt=since)
    if ticket_id is not None:
        found = found.filter(pk=ticket_id)
    return found.order_by().exists()
