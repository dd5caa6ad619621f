"""What every workspace page offers: agents, queues, the pickers,
canned responses, unreadable mail and what went back while an agent was
away."""

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.core.cache import cache
from django.db.models import Case, Q, QuerySet, Value, When

from ..models import (
    CannedResponse,
    InboundMail,
    Incident,
    Macro,
    Mailbox,
    Queue,
    TicketEvent,
    display_name,
)
from ..permissions import AGENTS_GROUP


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


@dataclass(frozen=True)
class MacroChoice(Choice):
    """A macro as the pickers offer it: whose (0: everyone's), its reply as
    written, and its actions as (action, value)."""

    owner: int = 0
    reply: str = ""
    steps: tuple[tuple[str, str], ...] = ()


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
            "agents": [Choice(u.pk, display_name(u)) for u in agents()],
            "queues": [Choice(q.pk, q.name) for q in queues()],
            "open_incidents": [
                Choice(i.pk, i.title)
                for i in Incident.objects.exclude(
                    status=Incident.Status.RESOLVED
                ).order_by("-started_at", "-pk")
            ],
            # Every macro, with its owner (0: shared): macros_offered().
            "all_macros": [
                MacroChoice(
                    m.pk,
                    m.name,
                    m.owner_id or 0,
                    m.reply,
                    tuple((a.action, a.value.strip()) for a in m.actions.all()),
                )
                for m in Macro.objects.prefetch_related("actions")
            ],
        }
        cache.set(CHOICES_KEY, found, timeout=CHOICES_SECONDS)
    return found


def workspace_choices_changed() -> None:
    cache.delete(CHOICES_KEY)


def mailboxes_status() -> QuerySet[Mailbox]:
    """The mailboxes and how their last polls went (no secrets)."""
    return Mailbox.objects.select_related("queue").only(
        "name",
        "address",
        "is_active",
        "queue__name",
        "last_polled_at",
        "last_success_at",
        "last_error",
        "last_error_at",
        "waiting",
        "fetched_total",
    )


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


def returned_while_away(user: User) -> QuerySet[TicketEvent]:
    """What went back to the queue because this agent is away, and why."""
    return (
        TicketEvent.objects.filter(kind=TicketEvent.Kind.RETURNED, actor=user)
        .select_related("ticket")
        .order_by("-created_at")[:20]
    )


def macros_offered(
    choices: dict[str, list[Choice]], agent_id: int | None
) -> list[MacroChoice]:
    """The shared macros and the agent's own, from the pickers' cache."""
    return [
        m
        for m in choices["all_macros"]
        if isinstance(m, MacroChoice) and m.owner in (0, agent_id)
    ]
