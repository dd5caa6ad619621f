"""Keeping our word: promises to customers (P8) and work of absent agents (P5)."""

from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from helpdesk.core.locales import format_when

from .. import sla
from ..models import (
    AgentProfile,
    Promise,
    Status,
    Ticket,
    TicketEvent,
    display_name,
    payloads,
)
from .assignment import ticket_assign
from .errors import TicketError
from .events import event_record


@transaction.atomic
def promise_make(
    *, ticket: Ticket, description: str, due_at: datetime, actor: User
) -> Promise:
    """Record what was promised and by when; reminders come before it is due."""
    if due_at <= timezone.now():
        raise TicketError(_("A promise needs a date in the future."))
    promise = Promise.objects.create(
        ticket=ticket, description=description.strip(), due_at=due_at, created_by=actor
    )
    event_record(
        ticket=ticket,
        payload=payloads.PromiseMade(promise=promise, due_at=due_at),
        actor=actor,
    )
    return promise


@transaction.atomic
def promise_move(
    *, promise: Promise, due_at: datetime, reason: str, actor: User
) -> TicketEvent:
    """A promise that cannot be kept is moved, and the customer is told."""
    if promise.state != Promise.State.OPEN:
        raise TicketError(_("Only an open promise can be moved."))
    if due_at <= timezone.now():
        raise TicketError(_("The new date must be in the future."))
    if due_at == promise.due_at:
        raise TicketError(_("That is the date already promised."))
    ticket = promise.ticket
    old = promise.due_at
    promise.due_at = due_at
    promise.save(update_fields=["due_at"])
    return event_record(
        ticket=ticket,
        payload=payloads.PromiseMoved(
            promise=promise, was=old, due_at=due_at, reason=reason.strip()
        ),
        actor=actor,
    )


@transaction.atomic
def promise_keep(*, promise: Promise, actor: User) -> TicketEvent:
    if promise.state != Promise.State.OPEN:
        raise TicketError(_("This promise is no longer open."))
    promise.state = Promise.State.KEPT
    promise.save(update_fields=["state"])
    return event_record(
        ticket=promise.ticket,
        payload=payloads.PromiseKept(promise=promise),
        actor=actor,
    )


def tickets_return_from_away(*, user: User) -> list[Ticket]:
    """An away agent's open tickets falling due before they are back go to
    their queue; the agent keeps following them and the history says why."""
    profile = AgentProfile.objects.filter(user=user).first()
    if profile is None or not profile.is_away:
        return []
    until = profile.away_until
    assert until is not None  # noqa: S101 - is_away says so
    falling_due = Ticket.objects.filter(
        Q(due_at__lte=until) | Q(resolution_due_at__lte=until),
        assignee=user,
        status__in=Status.ACTIVE,
    ).select_related("queue", "customer", "assignee")
    name = display_name(user)
    returned = []
    for ticket in falling_due:
        when = format_when(until, sla.time_zone(ticket))
        reason = _(
            "%(name)s is away until %(when)s and this ticket falls due before "
            "then, so it went back to the %(queue)s queue."
        ) % {"name": name, "when": when, "queue": ticket.queue}
        ticket_assign(ticket=ticket, assignee=None, actor=user, reason=reason)
        returned.append(ticket)
    return returned


@transaction.atomic
def agent_set_away(*, user: User, until: datetime | None) -> list[Ticket]:
    """Away until a moment (None: back now); returns the tickets handed back."""
    if until is not None and until <= timezone.now():
        raise TicketError(_("Choose a moment in the future, or mark yourself back."))
    AgentProfile.objects.update_or_create(user=user, defaults={"away_until": until})
    return tickets_return_from_away(user=user) if until else []


def away_watch() -> int:
    """Beat: deadlines move and tickets get assigned while agents are away."""
    now = timezone.now()
    away = User.objects.filter(agent_profile__away_until__gt=now, is_active=True)
    return sum(len(tickets_return_from_away(user=user)) for user in away)
