"""Beat-driven watchdogs: nobody waits past a deadline unnoticed, and no
customer hears nothing for days (P4, P5, P8).

Each alert is claimed with a conditional update that records which deadline
it was for, so repeated beat runs, or two beats, alert once per deadline.
Everything goes out through the outbox, announced like any other event.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone, translation

from ..models import Promise, Status, Ticket, TicketEvent, payloads
from ..policies import desk_policy
from ..wording import notice_words
from .events import event_record

BATCH = 500
Filter = dict[str, datetime]


@dataclass(frozen=True)
class Deadline:
    due: str
    warn: str
    warned: str
    escalated: str
    what: payloads.Deadline


DEADLINES = (
    Deadline("due_at", "due_warn_at", "due_warned_for", "due_escalated_for", "answer"),
    Deadline(
        "resolution_due_at",
        "resolution_warn_at",
        "resolution_warned_for",
        "resolution_escalated_for",
        "resolution",
    ),
)


def _claim(ticket: Ticket, deadline: Deadline, marker: str) -> bool:
    """Mark this deadline as handled; True for exactly one caller."""
    due = getattr(ticket, deadline.due)
    return bool(
        Ticket.objects.filter(pk=ticket.pk, **{deadline.due: due})
        .exclude(**{marker: due})
        .update(**{marker: due})
    )


def _alert(
    ticket: Ticket, payload: payloads.Payload, facts: dict[str, str] | None = None
) -> None:
    """An alert keeps its facts, which each reader's language words
    (``notice_words``), and the same words in the default language for the
    history."""
    event_record(ticket=ticket, payload=payload, facts=facts, worded=_history_words)


def _history_words(event: TicketEvent) -> str:
    with translation.override(settings.LANGUAGE_CODE):
        return notice_words(event)


def _tickets() -> QuerySet[Ticket]:
    """Tickets whose clock runs, with what an alert needs."""
    return (
        Ticket.objects.filter(status__in=Status.ACTIVE)
        .select_related("customer", "queue", "assignee", "sla_policy__escalation_group")
        .defer("search_document")
    )


def _fire(deadline: Deadline, found: Filter, marker: str, kind: str) -> int:
    """Alert once for each ticket found, claiming the deadline in ``marker``."""
    tickets = _tickets().filter(**found).exclude(**{marker: F(deadline.due)})[:BATCH]
    fired = 0
    for ticket in tickets:
        with transaction.atomic():
            if _claim(ticket, deadline, marker):
                due = getattr(ticket, deadline.due)
                alert = (
                    payloads.SlaWarning
                    if kind == TicketEvent.Kind.SLA_WARNING
                    else payloads.SlaBreached
                )
                _alert(
                    ticket,
                    alert(deadline=deadline.what, due_at=due),
                    facts={"deadline": deadline.due},
                )
                fired += 1
    return fired


def sla_watch(now: datetime | None = None) -> int:
    """Warn before a deadline (at the policy's share) and escalate after it."""
    now = now or timezone.now()
    fired = 0
    for deadline in DEADLINES:
        fired += _fire(
            deadline,
            {f"{deadline.warn}__lte": now, f"{deadline.due}__gt": now},
            deadline.warned,
            TicketEvent.Kind.SLA_WARNING,
        )
        fired += _fire(
            deadline,
            {f"{deadline.due}__lte": now},
            deadline.escalated,
            TicketEvent.Kind.SLA_BREACHED,
        )
    return fired


def silence_watch(now: datetime | None = None) -> int:
    """No news for the customer: first alert the owner, later tell the
    customer honestly that the ticket is still being worked on, and by whom."""
    now = now or timezone.now()
    alert_after = timedelta(hours=desk_policy("silence_alert_hours"))
    update_after = timedelta(hours=desk_policy("silence_update_hours"))
    fired = 0
    quiet = _tickets().filter(
        last_customer_news_at__lte=now - alert_after, silence_alerted_at=None
    )[:BATCH]
    for ticket in quiet:
        with transaction.atomic():
            claimed = Ticket.objects.filter(
                pk=ticket.pk, silence_alerted_at=None
            ).update(silence_alerted_at=now)
            if claimed:
                news = ticket.last_customer_news_at
                assert news is not None  # noqa: S101 - filtered on it
                hours = int((now - news).total_seconds() // 3600)
                _alert(ticket, payloads.SilenceAlert(hours=max(hours, 1)))
                fired += 1
    overdue = _tickets().filter(last_customer_news_at__lte=now - update_after)[:BATCH]
    for ticket in overdue:
        with transaction.atomic():
            claimed = Ticket.objects.filter(
                pk=ticket.pk, last_customer_news_at=ticket.last_customer_news_at
            ).update(last_customer_news_at=now)
            if claimed:
                _alert(ticket, payloads.StillWorking())
                fired += 1
    return fired


def promise_watch(now: datetime | None = None) -> int:
    """Remind the owner before a promise falls due, once per due date."""
    now = now or timezone.now()
    before = timedelta(hours=settings.HELPDESK_PROMISE_REMIND_HOURS)
    due_soon = (
        Promise.objects.filter(state=Promise.State.OPEN, due_at__lte=now + before)
        .exclude(reminded_for=F("due_at"))
        .select_related("ticket__customer", "ticket__queue", "ticket__assignee")[:BATCH]
    )
    fired = 0
    for promise in due_soon:
        with transaction.atomic():
            claimed = (
                Promise.objects.filter(pk=promise.pk, due_at=promise.due_at)
                .exclude(reminded_for=promise.due_at)
                .update(reminded_for=promise.due_at)
            )
            if claimed:
                _alert(
                    promise.ticket,
                    payloads.PromiseDue(promise=promise, due_at=promise.due_at),
                )
                fired += 1
    return fired
