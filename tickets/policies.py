"""The desk's policies as in force: the admin's value (tickets.models
.policies, one row), or the environment's when the admin left it empty.
Read on every watchdog run and customer reply, changed seldom: kept in each
process and read again within a second of a change, on every process
(``helpdesk.core.cache.VersionedMemo``; a signal gives a new version)."""

from typing import Any

from django.conf import settings

from helpdesk.core.cache import VersionedMemo

from .models.policies import DEFAULTS, Policies


def _load() -> dict[str, Any]:
    row = Policies._default_manager.filter(pk=1).values(*DEFAULTS).first() or {}
    return {name: value for name, value in row.items() if value is not None}


_policies = VersionedMemo("tickets:policies-version", _load)
policies_changed = _policies.changed


def desk_policy(name: str) -> int:
    """One policy (a field of ``Policies``) as in force now."""
    found = _policies.get().get(name)
    return int(found if found is not None else getattr(settings, DEFAULTS[name]))
