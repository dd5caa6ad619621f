"""The agent's ticket page: the ticket with its joins, people in copy,
the customer card, the questions asked, email problems and promises."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat, Trim
from django.http import Http404

from helpdesk.core.prepared import Prepared
from notifications.models import Notification

from .. import sla
from ..care import find_questions
from ..models import (
    Customer,
    Message,
    Promise,
    Status,
    Ticket,
)
from .workspace import Choice


def _in_copy(ticket_id: int) -> "QuerySet[Customer, tuple[Any, ...]]":
    copied = (
        Customer.objects.filter(cc_tickets=ticket_id)
        .annotate(role=Value("cc"), label=F("name"), detail=F("email"))
        .values_list("role", "pk", "label", "detail")
        .order_by()  # SQLite allows no ORDER BY (the model's) inside a UNION
    )
    following = (
        User.objects.filter(followed_tickets=ticket_id)
        .annotate(
            role=Value("follower"),
            label=Trim(Concat("first_name", Value(" "), "last_name")),
            detail=F("username"),
        )
        .values_list("role", "pk", "label", "detail")
    )
    return copied.union(following, all=True).order_by("role", "label")


_IN_COPY = Prepared(_in_copy)


def people_in_copy(ticket: Ticket) -> dict[str, list[Any]]:
    """Who is in copy (customers) and who follows (agents), in one query."""
    cc: list[Customer] = []
    followers: list[Choice] = []
    for role, pk, label, detail in _IN_COPY.rows(ticket.pk):
        if role == "cc":
            cc.append(Customer(pk=pk, name=label, email=detail))
        else:
            followers.append(Choice(pk, label or detail))
    return {"cc": cc, "followers": followers}


def ticket_for_agent(*, pk: int) -> Ticket:
    """The ticket with everything its pages show beside it, in one query.
    Its service level and calendar come from the policies every process
    keeps (tickets.sla). Without the LIMIT that ``get`` adds: PostgreSQL
    plans a limited query of many joins several times slower (2.6 ms against
    1.0 with eight joins; the rows are the same: one, by primary key)."""
    found = list(
        Ticket.objects.select_related(
            "customer__organisation",
            "queue",
            "assignee",
            "incident",
            "rating",
            "category",
        )
        .defer("search_document")
        .filter(pk=pk)
    )
    if not found:
        raise Http404
    ticket = found[0]
    policy = sla.kept_policy(ticket)
    if policy is not None:
        ticket.sla_policy = policy  # else read when asked (no longer active)
    return ticket


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


def _troubled(ticket_id: int) -> "QuerySet[Notification]":
    return Notification.objects.filter(
        ticket_id=ticket_id,
        state__in=[
            Notification.State.FAILED,
            Notification.State.PENDING,
            Notification.State.SENDING,
        ],
    ).order_by("-created_at")


_TROUBLED = Prepared(_troubled)


def email_problems(ticket: Ticket) -> tuple[list[Notification], list[Notification]]:
    """Emails about this ticket that failed for good or bounced, and those
    still being retried later than anyone would expect: one query."""
    troubled = _TROUBLED.objects(ticket.pk)
    failed = [n for n in troubled if n.state == Notification.State.FAILED]
    delayed = [n for n in reversed(troubled) if n.is_delayed]
    return failed, delayed


def promises(ticket: Ticket, *, open_only: bool = False) -> QuerySet[Promise]:
    found = ticket.promises.select_related("created_by").order_by("due_at")
    return found.filter(state=Promise.State.OPEN) if open_only else found
