"""Deadlines from service levels, in the business time of the policy.

The services call these whenever something moves a deadline; they return the
ticket fields to store, so that the caller writes them in its own (often
conditional) update. Without a matching policy the configured default hours
apply, around the clock.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TypedDict

from django.conf import settings

from helpdesk.core.cache import VersionedMemo

from .businesstime import Schedule, add_minutes, minutes_between
from .models import SLAPolicy, SLATarget, Status, Ticket
from .policies import desk_policy


class Deadlines(TypedDict, total=False):
    """Ticket fields a change of deadlines sets, for the caller's update."""

    sla_policy: SLAPolicy | None
    first_response_due_at: datetime | None
    due_at: datetime | None
    due_warn_at: datetime | None
    resolution_due_at: datetime | None
    resolution_warn_at: datetime | None
    resolved_at: datetime | None
    sla_paused_at: datetime | None
    sla_paused_minutes: int


def _load_policies() -> list[SLAPolicy]:
    """The policies in order, with everything matching and deadlines need."""
    return list(
        SLAPolicy.objects.filter(is_active=True).prefetch_related(
            "queues",
            "organisations",
            "targets",
            "calendar__working_hours",
            "calendar__holidays",
        )
    )


# Loaded once per process and configuration version (a change in admin
# applies within a second everywhere).
_policies = VersionedMemo("sla:config-version", _load_policies)
active_policies = _policies.get
config_changed = _policies.changed


def policy_for(ticket: Ticket) -> SLAPolicy | None:
    return next((p for p in active_policies() if p.applies_to(ticket)), None)


def kept_policy(ticket: Ticket) -> SLAPolicy | None:
    """The ticket's policy as every process keeps it (with its calendar),
    while it is active."""
    if ticket.sla_policy_id is None:
        return None
    return next((p for p in active_policies() if p.pk == ticket.sla_policy_id), None)


def _policy(ticket: Ticket) -> SLAPolicy | None:
    """The ticket's policy, from the memo when it is still active."""
    if ticket.sla_policy_id is None:
        return None
    return kept_policy(ticket) or ticket.sla_policy


@dataclass(frozen=True)
class Targets:
    first_response: int
    next_response: int
    resolution: int | None
    warn_share: float
    schedule: Schedule | None  # None: around the clock


def targets(ticket: Ticket) -> Targets:
    policy = _policy(ticket)
    target: SLATarget | None = None
    if policy is not None:
        target = next(
            (t for t in policy.targets.all() if t.priority == ticket.priority), None
        )
    if policy is None or target is None:
        return Targets(
            first_response=settings.HELPDESK_DEFAULT_FIRST_RESPONSE_HOURS * 60,
            next_response=settings.HELPDESK_DEFAULT_NEXT_RESPONSE_HOURS * 60,
            resolution=None,
            warn_share=0.75,
            schedule=None,
        )
    return Targets(
        first_response=target.first_response_minutes,
        next_response=target.next_response_minutes,
        resolution=target.resolution_minutes,
        warn_share=policy.warn_at_percent / 100,
        schedule=policy.calendar.schedule if policy.calendar else None,
    )


def _add(plan: Targets, start: datetime, minutes: int) -> datetime:
    if plan.schedule is None:
        return start + timedelta(minutes=minutes)
    return add_minutes(plan.schedule, start, minutes)


def _between(plan: Targets, start: datetime, end: datetime) -> int:
    if plan.schedule is None:
        return max(int((end - start).total_seconds() // 60), 0)
    return minutes_between(plan.schedule, start, end)


def business_minutes(ticket: Ticket, start: datetime, end: datetime) -> int:
    """Minutes in [start, end) that count for this ticket's targets: working
    minutes of its policy's calendar, or every minute without one."""
    return _between(targets(ticket), start, end)


def _response(plan: Targets, start: datetime, minutes: int) -> Deadlines:
    return {
        "due_at": _add(plan, start, minutes),
        "due_warn_at": _add(plan, start, round(minutes * plan.warn_share)),
    }


def _resolution(ticket: Ticket, plan: Targets) -> Deadlines:
    if plan.resolution is None:
        return {"resolution_due_at": None, "resolution_warn_at": None}
    paused = ticket.sla_paused_minutes
    return {
        "resolution_due_at": _add(plan, ticket.created_at, plan.resolution + paused),
        "resolution_warn_at": _add(
            plan, ticket.created_at, round(plan.resolution * plan.warn_share) + paused
        ),
    }


def _apply(ticket: Ticket, fields: Deadlines) -> Deadlines:
    for name, value in fields.items():
        setattr(ticket, name, value)
    return fields


def start_clock(ticket: Ticket, now: datetime) -> Deadlines:
    """A new ticket: choose its policy and set every deadline."""
    ticket.sla_policy = policy_for(ticket)
    ticket.created_at = ticket.created_at or now
    plan = targets(ticket)
    fields = _apply(ticket, _response(plan, now, plan.first_response))
    fields["first_response_due_at"] = ticket.first_response_due_at = ticket.due_at
    return fields | _apply(ticket, _resolution(ticket, plan))


def customer_waiting(ticket: Ticket, now: datetime) -> Deadlines:
    """The customer wrote: an answer is owed by the next-response target,
    unless an earlier deadline (the first response) still stands."""
    plan = targets(ticket)
    fields = _response(plan, now, plan.next_response)
    due = fields.get("due_at")
    if ticket.due_at is not None and due is not None and ticket.due_at <= due:
        return {}
    return _apply(ticket, fields)


def answered(ticket: Ticket) -> Deadlines:
    return _apply(ticket, {"due_at": None, "due_warn_at": None})


def transition(ticket: Ticket, old: str, new: str, now: datetime) -> Deadlines:
    """Waiting, resolved and closed stop the clock; coming back starts the
    next-response clock and the resolution clock goes on where it stopped."""
    fields: Deadlines = {}
    if new in Status.PAUSED and old not in Status.PAUSED:
        # The resolution deadline stays as it stood, for compliance; the
        # watchdogs only look at tickets whose clock runs.
        fields = {"sla_paused_at": now, "due_at": None, "due_warn_at": None}
    elif old in Status.PAUSED and new not in Status.PAUSED:
        plan = targets(ticket)
        paused_at = ticket.sla_paused_at or now
        ticket.sla_paused_minutes += _between(plan, paused_at, now)
        ticket.sla_paused_at = None
        fields = {
            "sla_paused_at": None,
            "sla_paused_minutes": ticket.sla_paused_minutes,
        }
        fields |= _response(plan, now, plan.next_response) | _resolution(ticket, plan)
    if new == Status.RESOLVED:
        fields["resolved_at"] = now
    elif old in (Status.RESOLVED, Status.CLOSED) and new not in Status.PAUSED:
        fields["resolved_at"] = None
    return _apply(ticket, fields)


def recompute(ticket: Ticket) -> Deadlines:
    """Something that chooses the policy or its targets changed (priority,
    queue, customer, the policy itself): recompute from the original starts."""
    ticket.sla_policy = policy_for(ticket)
    plan = targets(ticket)
    fields: Deadlines = {"sla_policy": ticket.sla_policy}
    first = _response(plan, ticket.created_at, plan.first_response)
    fields["first_response_due_at"] = first["due_at"]
    if ticket.status in Status.ACTIVE and ticket.due_at is not None:
        if ticket.first_responded_at is None:
            fields |= first
        elif ticket.last_customer_message_at is not None:
            fields |= _response(
                plan, ticket.last_customer_message_at, plan.next_response
            )
    fields |= _resolution(ticket, plan)
    return _apply(ticket, fields)


def time_zone(ticket: Ticket) -> str:
    """The time zone its deadlines are shown in: the policy calendar's."""
    policy = _policy(ticket)
    if policy is not None and policy.calendar is not None:
        return policy.calendar.time_zone
    return str(settings.TIME_ZONE)


def next_news(ticket: Ticket, now: datetime) -> datetime | None:
    """When the customer hears from us at the latest (P3, P4): the answer
    owed (first or next response), or else the silence watchdog's update
    (HELPDESK_SILENCE_UPDATE_HOURS after their last news), whichever comes
    first. None while we wait on them, and once it is resolved or closed.
    Earlier than ``now`` when we are late."""
    if ticket.status not in Status.ACTIVE:
        return None
    update_after = timedelta(hours=desk_policy("silence_update_hours"))
    last_news = ticket.last_customer_news_at or ticket.created_at or now
    return min(d for d in (ticket.due_at, last_news + update_after) if d is not None)
