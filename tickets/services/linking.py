"""Linking tickets to the incident behind them (see incidents.py), apart so
that opening a ticket can link the known problem the customer chose."""

from collections.abc import Iterable

from django.contrib.auth.models import User
from django.db import transaction

from ..models import Incident, Ticket, TicketEvent, payloads
from ..selectors import incidents as incident_selectors
from .events import events_record


@transaction.atomic
def incident_link(
    *,
    incident: Incident | None,
    tickets: Iterable[Ticket],
    actor: User | None,
    by_customer: bool = False,
) -> list[TicketEvent]:
    """Link tickets to an incident (or, with None, unlink them); each link
    is one line of the ticket's history. Already linked tickets are left."""
    target = incident.pk if incident else None
    moving = [ticket for ticket in tickets if ticket.incident_id != target]
    if not moving:
        return []
    Ticket.objects.filter(pk__in=[t.pk for t in moving]).update(incident=incident)
    titles = dict(
        Incident.objects.filter(
            pk__in={t.incident_id for t in moving if t.incident_id}
        ).values_list("pk", "title")
    )
    now = incident.title[:200] if incident else ""
    entries: list[tuple[Ticket, payloads.Payload]] = [
        (
            ticket,
            payloads.IncidentLinked(
                was=titles.get(ticket.incident_id or 0, "")[:200], now=now
            ),
        )
        for ticket in moving
    ]
    for ticket in moving:
        ticket.incident = incident
    # Linked tickets are no longer "similar tickets without an incident".
    incident_selectors.similar_changed()
    transaction.on_commit(incident_selectors.similar_changed)
    return events_record(entries=entries, actor=actor, by_customer=by_customer)
