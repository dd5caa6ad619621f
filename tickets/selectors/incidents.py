"""Reads about incidents: the agents' list, the customers' banner and
status page, and the spotting of an outage nobody declared yet."""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.functional import Promise
from rapidfuzz import fuzz, process, utils

from ..models import BANNER_CACHE_KEY, Incident, IncidentUpdate, Status, Ticket
from ..policies import desk_policy

BANNER_SECONDS = 60
BANNER_DOWN_SECONDS = 5
# The status page shows incidents resolved this recently.
RECENT_DAYS = 14
# Subjects compared when looking for similar tickets: the window is short,
# so this many is already an outage.
SIMILAR_AMONG = 200
SIMILAR_KEY = "similar-recent-tickets"
SIMILAR_SECONDS = 30


def incidents_for_agents() -> QuerySet[Incident]:
    """Open incidents first, then the latest, with how many tickets each."""
    return Incident.objects.annotate(
        ticket_count=Count("tickets"),
        open_ticket_count=Count("tickets", filter=~Q(tickets__status=Status.CLOSED)),
    ).order_by("ended_at", "-started_at", "-pk")


def open_incidents() -> QuerySet[Incident]:
    return Incident.objects.exclude(status=Incident.Status.RESOLVED).order_by(
        "-started_at", "-pk"
    )


def incident_for_agent(*, pk: int) -> Incident:
    return get_object_or_404(
        Incident.objects.select_related("created_by").prefetch_related(
            Prefetch(
                "updates", queryset=IncidentUpdate.objects.select_related("author")
            )
        ),
        pk=pk,
    )


def incident_tickets(incident: Incident) -> QuerySet[Ticket]:
    return (
        incident.tickets.select_related("customer", "assignee")
        .defer("search_document")
        .order_by("-created_at", "-pk")
    )


def _public_updates() -> Prefetch[Any]:
    return Prefetch(
        "updates",
        queryset=IncidentUpdate.objects.filter(is_public=True).order_by(
            "-created_at", "-pk"
        ),
        to_attr="public_updates",
    )


def public_incidents() -> list[Incident]:
    """For /status/: what is going on now, and what was solved lately."""
    since = timezone.now() - timedelta(days=RECENT_DAYS)
    return list(
        Incident.objects.filter(is_public=True)
        .filter(Q(ended_at=None) | Q(ended_at__gte=since))
        .prefetch_related(_public_updates())
        .order_by("ended_at", "-started_at", "-pk")
    )


@dataclass(frozen=True)
class Banner:
    pk: int
    title: str
    status: Promise  # the label, read in each visitor's language
    text: str
    at: Any


def public_banner() -> list[Banner]:
    """Open public incidents, each with its latest public news, for every
    portal page and the ticket form; cached until an incident changes."""
    found: list[Banner] | None = cache.get(BANNER_CACHE_KEY)
    if found is not None:
        return found
    try:
        incidents = public_incidents()
    except DatabaseError:
        # The page still works without the database (the ticket form does);
        # the banner waits until it is back.
        cache.set(BANNER_CACHE_KEY, [], timeout=BANNER_DOWN_SECONDS)
        return []
    found = [
        _banner(incident, incident.public_updates[:1])  # type: ignore[attr-defined]
        for incident in incidents
        if incident.ended_at is None
    ]
    cache.set(BANNER_CACHE_KEY, found, timeout=BANNER_SECONDS)
    return found


def _banner(incident: Incident, latest: list[IncidentUpdate]) -> Banner:
    news = latest[0] if latest else None
    return Banner(
        pk=incident.pk,
        title=incident.title,
        status=Incident.Status((news or incident).status).label,
        text=news.body if news else incident.summary,
        at=news.created_at if news else incident.started_at,
    )


def banner_changed() -> None:
    cache.delete(BANNER_CACHE_KEY)


@dataclass(frozen=True)
class SimilarTickets:
    tickets: list[Ticket]
    minutes: int

    @property
    def subject(self) -> str:
        return self.tickets[0].subject


def subjects_alike(subject: str, subjects: list[str]) -> set[int]:
    """Which subjects are like this one: the mean of the token-set ratio
    (word order aside, generous when one subject contains the other) and the
    token-sort ratio (strict about words only one has), so that "checkout is
    down?" matches "The checkout page is down!" but a bare "Question" matches
    nothing."""
    score = desk_policy("similar_score")
    candidates = process.extract(
        subject,
        subjects,
        scorer=fuzz.token_set_ratio,
        score_cutoff=max(2 * score - 100, 0),  # the mean cannot reach it else
        limit=None,
    )
    return {
        j
        for _other, generous, j in candidates
        if (generous + fuzz.token_sort_ratio(subject, subjects[j])) / 2 >= score
    }


def similar_recent_tickets() -> SimilarTickets | None:
    """Several tickets alike, arrived close together and not yet linked to an
    incident: perhaps an outage. The biggest group of at least the configured
    size, or None; worked out at most every half minute (a busy hour holds
    hundreds of subjects to compare), forgotten when tickets are linked."""
    found: tuple[SimilarTickets | None] | None = cache.get(SIMILAR_KEY)
    if found is None:
        found = (_similar_recent_tickets(),)
        cache.set(SIMILAR_KEY, found, timeout=SIMILAR_SECONDS)
    return found[0]


def similar_changed() -> None:
    cache.delete(SIMILAR_KEY)


def _similar_recent_tickets() -> SimilarTickets | None:
    minutes = desk_policy("similar_minutes")
    recent = list(
        Ticket.objects.filter(
            created_at__gte=timezone.now() - timedelta(minutes=minutes),
            incident=None,
            status__in=Status.UNFINISHED,
        )
        .select_related("customer")
        .only("pk", "subject", "created_at", "status", "customer__name")
        .order_by("-created_at")[:SIMILAR_AMONG]
    )
    if len(recent) < desk_policy("similar_tickets"):
        return None
    subjects = [utils.default_process(t.subject) for t in recent]
    alike = [subjects_alike(subject, subjects) for subject in subjects]
    best = max(alike, key=len)
    if len(best) < desk_policy("similar_tickets"):
        return None
    # Oldest first: the first report names the problem.
    group = [ticket for j, ticket in enumerate(recent) if j in best][::-1]
    return SimilarTickets(tickets=group, minutes=minutes)
