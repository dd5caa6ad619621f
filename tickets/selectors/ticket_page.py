"""The agent's ticket page: the ticket with its joins, people in copy,
the customer card, the questions asked, email problems and promises."""

from collections.abc import Sequence
from typing import Any

from django.contrib.auth.models import User
from django.db.models import F, QuerySet, Value
from django.db.models.functions import Concat, Trim
from django.shortcuts import get_object_or_404

from notifications.models import Notification

from ..care import find_questions
from ..models import (
    Customer,
    Message,
    Promise,
    Status,
    Ticket,
)
from .workspace import Choice


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


def promises(ticket: Ticket, *, open_only: bool = False) -> QuerySet[Promise]:
    found = ticket.promises.select_related("created_by").order_by("due_at")
    return found.filter(state=Promise.State.OPEN) if open_only else found
