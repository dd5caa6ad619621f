"""Reads shared by pages and the API, with their joins applied."""

import operator
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import reduce
from typing import Any

from django.contrib.auth.models import User
from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.core.cache import cache
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Case, F, OrderBy, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import Expression
from django.db.models.functions import Concat, Trim
from django.db.models.sql.compiler import SQLCompiler
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from notifications.models import Notification

from ..care import find_questions
from ..models import (
    Attachment,
    CannedResponse,
    Customer,
    InboundMail,
    Incident,
    Message,
    Promise,
    Queue,
    Status,
    Ticket,
    TicketEvent,
    parse_reference,
)
from ..permissions import AGENTS_GROUP

# --- The customer's view ------------------------------------------------------


def ticket_for_customer(*, key: str) -> Ticket:
    """The ticket a customer's secret link opens; 404 for anything else."""
    return get_object_or_404(
        Ticket.objects.select_related(
            "customer", "queue", "assignee", "incident"
        ).defer("search_document"),
        access_key=key,
    )


def ticket_for_customer_or_none(*, key: str) -> Ticket | None:
    return Ticket.objects.select_related("customer").filter(access_key=key).first()


def ticket_by_id(pk: int) -> Ticket | None:
    """For a signed link (the follow-up's rating links): the link is the key."""
    return (
        Ticket.objects.select_related("customer", "queue", "assignee", "rating")
        .defer("search_document")
        .filter(pk=pk)
        .first()
    )


def attachment_for_customer(*, ticket: Ticket, attachment_id: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.exclude(message__kind=Message.Kind.NOTE),
        pk=attachment_id,
        message__ticket=ticket,
    )


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    message: Message | None = None
    event: TicketEvent | None = None


CUSTOMER_EVENTS = [TicketEvent.Kind.CREATED, TicketEvent.Kind.STATUS_CHANGED]
AGENT_EVENTS = [
    *CUSTOMER_EVENTS,
    TicketEvent.Kind.RETURNED,
    TicketEvent.Kind.SLA_WARNING,
    TicketEvent.Kind.SLA_BREACHED,
    TicketEvent.Kind.SILENCE_ALERT,
    TicketEvent.Kind.STILL_WORKING,
    TicketEvent.Kind.PROMISE_MADE,
    TicketEvent.Kind.PROMISE_MOVED,
    TicketEvent.Kind.PROMISE_KEPT,
    TicketEvent.Kind.PROMISE_DUE,
    TicketEvent.Kind.ASSIGNED,
    TicketEvent.Kind.PRIORITY_CHANGED,
    TicketEvent.Kind.QUEUE_CHANGED,
    TicketEvent.Kind.CC_ADDED,
    TicketEvent.Kind.INCIDENT_LINKED,
    TicketEvent.Kind.INCIDENT_UPDATE,
    TicketEvent.Kind.FOLLOWUP,
    TicketEvent.Kind.RATED,
]


def timeline(ticket: Ticket, *, for_agent: bool = False) -> list[TimelineEntry]:
    """Messages and history in order. Customers never see internal notes or
    the internal history (assignment, priority, queue)."""
    messages = ticket.messages.select_related("author_user").prefetch_related(
        Prefetch("attachments", queryset=Attachment.objects.all())
    )
    if not for_agent:
        messages = messages.exclude(kind=Message.Kind.NOTE)
    shown = Q(kind__in=AGENT_EVENTS if for_agent else CUSTOMER_EVENTS)
    if not for_agent:  # what we told everyone about a known problem
        shown |= Q(
            kind=TicketEvent.Kind.INCIDENT_UPDATE, incident_update__is_public=True
        )
    events = ticket.events.filter(shown).select_related(
        "actor", "promise", "incident_update"
    )
    entries = [TimelineEntry(at=m.created_at, message=m) for m in messages]
    entries += [TimelineEntry(at=e.created_at, event=e) for e in events]
    return sorted(entries, key=lambda entry: (entry.at, entry.event is None))


# --- The agents' queue --------------------------------------------------------

QUEUE_VIEWS: dict[str, StrOrPromise] = {
    "open": _("All open"),
    "mine": _("Mine"),
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
LATEST_FIRST = ("resolved", "closed", "all")


def _view_filter(view: str, user: User) -> Q:
    now = timezone.now()
    return {
        "open": Q(status__in=Status.ACTIVE),
        # Past the policy's warning share of the target, not yet late.
        "soon": Q(status__in=Status.ACTIVE, due_at__gt=now, due_warn_at__lte=now),
        "breached": Q(status__in=Status.ACTIVE)
        & (Q(due_at__lte=now) | Q(resolution_due_at__lte=now)),
        "mine": Q(assignee=user, status__in=Status.UNFINISHED),
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
    order: list[str | OrderBy] = [F("due_at").asc(nulls_last=True), "id"]
    if view in LATEST_FIRST:
        order = ["-id"] if view == "all" else [F("updated_at").desc(), "-id"]
    if filters.q:
        tickets = _search(tickets, filters.q)
        if view == "all" and connection.vendor == "postgresql":
            tickets, order = _ranked(tickets, filters.q)
    return (
        tickets.select_related("customer", "queue", "assignee")
        .defer("search_document")
        .order_by(*order)
    )


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
    sql, params = tickets.order_by().values("pk").query.sql_with_params()
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


def agents() -> QuerySet[User]:
    return (
        User.objects.filter(is_active=True)
        .filter(Q(is_staff=True) | Q(groups__name=AGENTS_GROUP))
        .distinct()
        .order_by("first_name", "username")
    )


def queues() -> QuerySet[Queue]:
    return Queue.objects.order_by("name")


@dataclass(frozen=True)
class Choice:
    """One entry of a picker: what is sent, and what the agent reads."""

    pk: int
    label: str


CHOICES_KEY = "workspace-choices"
CHOICES_SECONDS = 60


def workspace_choices() -> dict[str, list[Choice]]:
    """Agents, queues and open incidents for the workspace's pickers, from
    the cache while nothing changed (signals forget them on any change to
    users, groups, queues or incidents); from the database when the cache is
    away."""
    found: dict[str, list[Choice]] | None = cache.get(CHOICES_KEY)
    if found is None:
        found = {
            "agents": [Choice(u.pk, _person(u)) for u in agents()],
            "queues": [Choice(q.pk, q.name) for q in queues()],
            "open_incidents": [
                Choice(i.pk, i.title)
                for i in Incident.objects.exclude(
                    status=Incident.Status.RESOLVED
                ).order_by("-started_at", "-pk")
            ],
        }
        cache.set(CHOICES_KEY, found, timeout=CHOICES_SECONDS)
    return found


def workspace_choices_changed() -> None:
    cache.delete(CHOICES_KEY)


def _person(user: User) -> str:
    return user.get_full_name() or user.get_username()


def people_in_copy(ticket: Ticket) -> dict[str, list[Any]]:
    """Who is in copy (customers) and who follows (agents), in one query."""
    copied = (
        Customer.objects.filter(cc_tickets=ticket)
        .annotate(role=Value("cc"), label=F("name"), detail=F("email"))
        .values_list("role", "pk", "label", "detail")
        .order_by()  # SQLite allows no ORDER BY (the model's) inside a UNION
    )
    following = (
        User.objects.filter(followed_tickets=ticket)
        .annotate(
            role=Value("follower"),
            label=Trim(Concat("first_name", Value(" "), "last_name")),
            detail=F("username"),
        )
        .values_list("role", "pk", "label", "detail")
    )
    cc: list[Customer] = []
    followers: list[Choice] = []
    for role, pk, label, detail in copied.union(following, all=True).order_by(
        "role", "label"
    ):
        if role == "cc":
            cc.append(Customer(pk=pk, name=label, email=detail))
        else:
            followers.append(Choice(pk, label or detail))
    return {"cc": cc, "followers": followers}


# --- One ticket, for agents ----------------------------------------------------


def ticket_for_agent(*, pk: int) -> Ticket:
    return get_object_or_404(
        Ticket.objects.select_related(
            "customer__organisation",
            "queue",
            "assignee",
            "sla_policy__calendar",
            "incident",
            "rating",
        ).defer("search_document"),
        pk=pk,
    )


def changed_since(since: datetime, *, ticket_id: int | None = None) -> bool:
    """Whether any ticket (or this one) changed after ``since``."""
    found = Ticket.objects.filter(updated_at__gt=since)
    if ticket_id is not None:
        found = found.filter(pk=ticket_id)
    return found.order_by().exists()


CARD_TICKETS = 8


def customer_card(*, ticket: Ticket) -> dict[str, Any]:
    """Who this customer is beside this ticket: their other unfinished and
    recent tickets, and the last rating they gave (loaded apart from the
    ticket page, which stays within its ten queries)."""
    others = list(
        Ticket.objects.filter(customer_id=ticket.customer_id)
        .exclude(pk=ticket.pk)
        .select_related("rating")
        .only(
            "pk", "subject", "status", "created_at", "rating__score", "rating__rated_at"
        )
        .order_by("-created_at", "-pk")[: CARD_TICKETS + 1]
    )
    rated = [t for t in [ticket, *others] if hasattr(t, "rating")]
    return {
        "customer": ticket.customer,
        "open_tickets": [t for t in others if t.status in Status.UNFINISHED],
        "recent_tickets": [t for t in others if t.status not in Status.UNFINISHED],
        "more": len(others) > CARD_TICKETS,
        "last_rated": max(rated, key=lambda t: t.rating.rated_at, default=None),
    }


def open_questions(messages: Sequence[Message]) -> list[str]:
    """Questions in the customer's messages since the last public reply,
    from a conversation already read in order (the timeline's)."""
    replied = max(
        (i for i, m in enumerate(messages) if m.kind == Message.Kind.REPLY),
        default=-1,
    )
    return [
        question
        for message in messages[replied + 1 :]
        if message.kind == Message.Kind.CUSTOMER
        for question in find_questions(message.body)
    ]


def asked_of_customer(messages: Sequence[Message]) -> list[str]:
    """The questions in our last public reply: what we need from a customer
    we are waiting on, from a conversation already read in order."""
    replies = [m for m in messages if m.kind == Message.Kind.REPLY]
    return find_questions(replies[-1].body) if replies else []


def latest_customer_message_id(ticket: Ticket) -> int:
    latest = (
        ticket.messages.filter(kind=Message.Kind.CUSTOMER)
        .order_by("-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return latest or 0


def email_problems(ticket: Ticket) -> tuple[list[Notification], list[Notification]]:
    """Emails about this ticket that failed for good or bounced, and those
    still being retried later than anyone would expect: one query."""
    troubled = ticket.notifications.filter(
        state__in=[
            Notification.State.FAILED,
            Notification.State.PENDING,
            Notification.State.SENDING,
        ]
    ).order_by("-created_at")
    failed = [n for n in troubled if n.state == Notification.State.FAILED]
    delayed = [n for n in reversed(troubled) if n.is_delayed]
    return failed, delayed


def unreadable_mail() -> QuerySet[InboundMail]:
    """Email that arrived but could not be read: agents read it themselves."""
    return InboundMail.objects.filter(state=InboundMail.State.UNREADABLE).defer("raw")


def canned_responses_for(user: User, *, language: str = "") -> QuerySet[CannedResponse]:
    """The agent's own and the shared ones; those in ``language`` (the
    customer's) first, then those for any language, then the others."""
    found = CannedResponse.objects.filter(Q(owner=None) | Q(owner=user))
    if not language:
        return found.order_by("title")
    fit = Case(
        When(language=language, then=Value(0)),
        When(language="", then=Value(1)),
        default=Value(2),
    )
    return found.annotate(fit=fit).order_by("fit", "title")


def promises(ticket: Ticket, *, open_only: bool = False) -> QuerySet[Promise]:
    found = ticket.promises.select_related("created_by").order_by("due_at")
    return found.filter(state=Promise.State.OPEN) if open_only else found


def returned_while_away(user: User) -> QuerySet[TicketEvent]:
    """What went back to the queue because this agent is away, and why."""
    return (
        TicketEvent.objects.filter(kind=TicketEvent.Kind.RETURNED, actor=user)
        .select_related("ticket")
        .order_by("-created_at")[:20]
    )
