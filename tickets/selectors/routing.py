"""Where new work goes and who hears of it: the default queue and each
queue's active agents, read on every ticket opened and changed in admin
now and then, so kept in each process (``helpdesk.core.cache.VersionedMemo``;
signals give them a new version on any change to queues, their agents,
users or agent profiles)."""

import copy
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.auth.models import User

from helpdesk.core.cache import VersionedMemo

from ..models import Queue


@dataclass(frozen=True)
class Routing:
    default: Queue | None
    agents: dict[int, list[User]]  # by queue id, active ones, with their profile
    assigning: frozenset[int]  # queues that give their new tickets out


def _load() -> Routing:
    agents: dict[int, list[User]] = defaultdict(list)
    links = Queue.agents.through.objects.filter(user__is_active=True)
    for link in links.select_related("user__agent_profile").order_by("pk"):
        agents[link.queue_id].append(link.user)
    default = Queue.objects.order_by("-is_default", "pk").first()
    assigning = Queue.objects.exclude(assignment=Queue.Assignment.OFF)
    return Routing(
        default, dict(agents), frozenset(assigning.values_list("pk", flat=True))
    )


_routing = VersionedMemo("tickets:routing-version", _load)
routing_changed = _routing.changed
# Changes with any user or agent profile: what pages that show people's
# names (kept drawn for a while) are keyed on.
people_version = _routing.held_version


def default_queue() -> Queue | None:
    """Where the web form's tickets land (each caller its own copy)."""
    found = _routing.get().default
    return copy.copy(found) if found is not None else None


def queue_agents(queue_id: int) -> list[User]:
    """The queue's active agents, told of its new unassigned tickets."""
    return _routing.get().agents.get(queue_id, [])


def queue_assigns(queue_id: int) -> bool:
    """Whether the queue gives its new tickets out (``Queue.assignment``)."""
    return queue_id in _routing.get().assigning
