"""Who owns a ticket, how urgent it is, where it lives, who is copied."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .. import sla
from ..models import Priority, Queue, Ticket, TicketEvent, display_name, payloads
from .errors import TicketChangedMeanwhile, TicketError
from .events import event_record
from .facts import facts_dims
from .lifecycle import customer_get_or_create


def _name(user: User | None) -> str:
    if user is None:
        return str(_("nobody"))
    return display_name(user)


@transaction.atomic
def ticket_assign(
    *, ticket: Ticket, assignee: User | None, actor: User, reason: str = ""
) -> TicketEvent:
    """Assign, claim (assignee is the actor) or unassign; with a reason when
    the work goes back to the queue without its owner asking.

    The previous owner keeps following the ticket: ownership moves, but the
    people who know the story stay in it (P11).
    """
    previous = ticket.assignee
    if previous == assignee:
        raise TicketError(
            _("%(ref)s is already assigned to %(name)s.")
            % {"ref": ticket.reference, "name": _name(assignee)}
        )
    changed = Ticket.objects.filter(pk=ticket.pk, assignee=previous).update(
        assignee=assignee
    )
    if not changed:
        raise TicketChangedMeanwhile(
            _("%(ref)s was reassigned meanwhile; reload it and try again.")
            % {"ref": ticket.reference}
        )
    ticket.assignee = assignee
    if previous is not None:
        ticket.followers.add(previous)
    # Names, "" for nobody: each reader's language words that.
    was, now = (display_name(u) if u is not None else "" for u in (previous, assignee))
    return event_record(
        ticket=ticket,
        payload=payloads.Returned(was=was, now=now, reason=reason)
        if reason
        else payloads.Assigned(was=was, now=now),
        actor=actor,
    )


def _set_and_recompute(
    ticket: Ticket, *, actor: User, payload: payloads.Payload, **fields: object
) -> TicketEvent:
    """Set what chooses the policy (priority, queue), move the deadlines with
    it in the same update, and write the event from old to new."""
    for name, value in fields.items():
        setattr(ticket, name, value)
    Ticket.objects.filter(pk=ticket.pk).update(**fields, **sla.recompute(ticket))
    return event_record(ticket=ticket, payload=payload, actor=actor)


@transaction.atomic
def ticket_change_priority(
    *, ticket: Ticket, priority: str, actor: User
) -> TicketEvent:
    if priority not in Priority.values:
        raise TicketError(_("%(value)r is not a priority.") % {"value": priority})
    if priority == ticket.priority:
        raise TicketError(
            _("%(ref)s already has that priority.") % {"ref": ticket.reference}
        )
    return _set_and_recompute(
        ticket,
        actor=actor,
        payload=payloads.PriorityChanged(was=ticket.priority, now=priority),
        priority=priority,
    )


@transaction.atomic
def ticket_move_queue(*, ticket: Ticket, queue: Queue, actor: User) -> TicketEvent:
    if queue.pk == ticket.queue_id:
        raise TicketError(
            _("%(ref)s is already in %(queue)s.")
            % {"ref": ticket.reference, "queue": queue}
        )
    return _set_and_recompute(
        ticket,
        actor=actor,
        payload=payloads.QueueChanged(was=str(ticket.queue), now=str(queue)),
        queue=queue,
    )


@transaction.atomic
def ticket_add_cc(*, ticket: Ticket, email: str, name: str, actor: User) -> TicketEvent:
    """Copy someone on the ticket: they get every customer email, one each."""
    person = customer_get_or_create(email=email, name=name)
    if person.pk == ticket.customer_id or ticket.cc.filter(pk=person.pk).exists():
        raise TicketError(
            _("%(email)s already receives this ticket's emails.")
            % {"email": person.email}
        )
    ticket.cc.add(person)
    return event_record(
        ticket=ticket,
        payload=payloads.CcAdded(email=person.email),
        actor=actor,
        words=f"{person.name} {person.email}",
    )


def tickets_sla_recompute(*, ticket_ids: list[int]) -> int:
    """A policy, calendar or customer changed: recompute these deadlines."""
    tickets = (
        Ticket.objects.filter(pk__in=ticket_ids)
        .select_related("customer__organisation", "queue")
        .defer("search_document")
    )
    for ticket in tickets:
        with transaction.atomic():
            Ticket.objects.filter(pk=ticket.pk).update(**sla.recompute(ticket))
            facts_dims(ticket)
    return len(ticket_ids)
