"""Incidents (P7): link the tickets one problem caused, and tell every
affected customer with one update, before they have to ask.

Posting an update returns at once; a task fans it out in chunks, each in its
own transaction: for every linked ticket that is not closed, a timeline entry
and (for a public update) one email through the outbox. The entry is unique
per (update, ticket), so a repeated or retried task sends nothing twice, and
a task that died half-way is finished by the next one (the sweep re-enqueues
updates not fanned out).
"""

from collections.abc import Iterable
from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from helpdesk.core.celery import enqueue

from ..models import Incident, IncidentUpdate, Status, Ticket, TicketEvent, payloads
from .errors import TicketError
from .events import events_record
from .lifecycle import transition
from .linking import incident_link

FANOUT_TASK = "tickets.tasks.incident_fanout_task"
FANOUT_CHUNK = 500
# An update whose fan-out was not even started this long after it was
# posted (the broker was down) is enqueued again by the sweep.
FANOUT_GRACE = timedelta(minutes=1)


@transaction.atomic
def incident_create(
    *,
    title: str,
    summary: str,
    actor: User | None,
    is_public: bool = True,
    tickets: Iterable[Ticket] = (),
) -> Incident:
    """A known problem, opened as "investigating"; linking tickets is quiet:
    customers hear about it with the first update."""
    incident = Incident.objects.create(
        title=" ".join(title.split()),
        summary=summary.strip(),
        is_public=is_public,
        started_at=timezone.now(),
        created_by=actor,
    )
    incident_link(incident=incident, tickets=tickets, actor=actor)
    return incident


def incident_edit(
    *, incident: Incident, title: str, summary: str, is_public: bool
) -> Incident:
    """What customers read about it (the banner and status page follow)."""
    incident.title = " ".join(title.split())
    incident.summary = summary.strip()
    incident.is_public = is_public
    incident.save(update_fields=["title", "summary", "is_public"])
    return incident


def incident_update_post(
    *,
    incident: Incident,
    body: str,
    status: str,
    actor: User | None,
    is_public: bool = True,
    resolve_tickets: bool = False,
) -> IncidentUpdate:
    """A step in the incident's history. A public one is fanned out to the
    customer of every linked ticket; resolving may resolve the tickets too,
    in the same email."""
    now = timezone.now()
    resolves = resolve_tickets and status == Incident.Status.RESOLVED
    reaches_tickets = is_public or resolves
    with transaction.atomic():
        update = IncidentUpdate.objects.create(
            incident=incident,
            body=body.strip(),
            status=status,
            is_public=is_public,
            resolves_tickets=resolves,
            author=actor,
            # Internal: the incident's history only, nothing to fan out.
            fanned_out_at=None if reaches_tickets else now,
        )
        incident.status = status
        incident.ended_at = now if status == Incident.Status.RESOLVED else None
        incident.save(update_fields=["status", "ended_at"])
        if reaches_tickets:
            transaction.on_commit(lambda: incident_fanout_later(update.pk))
    return update


def incident_fanout_later(update_id: int) -> bool:
    return enqueue(
        FANOUT_TASK, update_id, fallback="the incident sweep will fan it out"
    )


def incident_fanout(*, update_id: int, chunk: int = FANOUT_CHUNK) -> int:
    """Reach every linked ticket once; returns how many were reached now."""
    reached = 0
    while True:
        with transaction.atomic():
            # One fan-out at a time per update: a second task waits here,
            # then finds only what is left.
            update = (
                IncidentUpdate.objects.select_for_update(of=("self",))
                .select_related("incident", "author")
                .filter(pk=update_id, fanned_out_at=None)
                .first()
            )
            if update is None:
                return reached
            tickets = _not_reached(update)[:chunk]
            if not tickets:
                IncidentUpdate.objects.filter(pk=update.pk).update(
                    fanned_out_at=timezone.now(),
                    fanned_out_to=TicketEvent.objects.filter(
                        incident_update=update
                    ).count(),
                )
                return reached
            _reach(update, list(tickets))
            reached += len(tickets)


def _not_reached(update: IncidentUpdate) -> QuerySet[Ticket]:
    done = TicketEvent.objects.filter(incident_update=update, ticket=OuterRef("pk"))
    return (
        Ticket.objects.filter(incident_id=update.incident_id)
        .exclude(status=Status.CLOSED)
        .exclude(Exists(done))
        .select_related("customer")
        .defer("search_document")
        .order_by("pk")
    )


def _reach(update: IncidentUpdate, tickets: list[Ticket]) -> None:
    """One chunk: resolve (if asked), write each ticket's entry, queue each
    customer's email; all or nothing."""
    for ticket in tickets:
        if update.resolves_tickets and ticket.status in Status.UNFINISHED:
            with translation.override(ticket.customer.language):  # their email's
                why = _("Resolved with the incident: %(title)s") % {
                    "title": update.incident.title
                }
            try:
                transition(
                    ticket=ticket,
                    new_status=Status.RESOLVED,
                    actor=update.author,
                    by_customer=False,
                    reason=why,
                    # A public update's email says it; a private one's
                    # resolution is told as any status change.
                    announce=not update.is_public,
                )
            except TicketError:  # someone moved it meanwhile: theirs stands
                continue
    title = update.incident.title[:200]
    events_record(
        entries=[
            (
                ticket,
                payloads.IncidentUpdateSent(
                    incident_update=update, title=title, new_status=ticket.status
                ),
            )
            for ticket in tickets
        ],
        actor=update.author,
        announce=update.is_public,
    )


def incident_fanout_sweep() -> int:
    """Enqueue again the fan-outs nobody finished (broker down at commit, a
    worker that died); the lock and the unique entries make it harmless."""
    stale = IncidentUpdate.objects.filter(
        fanned_out_at=None, created_at__lt=timezone.now() - FANOUT_GRACE
    ).values_list("pk", flat=True)[:100]
    return sum(incident_fanout_later(pk) for pk in stale)
