"""Reads of custom fields and categories: the admin's definitions (from
the cache while nothing changed), which apply to a ticket, and a ticket's
values."""

import hashlib
from dataclasses import dataclass

from django.core.cache import cache
from django.db import DatabaseError

from ..custom_fields import FieldSpec, shown, spec_of, value_shown
from ..models import CustomField, Ticket, TicketCategory, TicketFieldValue

FIELDS_KEY = "custom-fields"
FIELDS_SECONDS = 300


@dataclass(frozen=True)
class Defined:
    fields: tuple[FieldSpec, ...]
    categories: tuple["CategorySpec", ...]

    def by_key(self) -> dict[str, FieldSpec]:
        return {spec.key: spec for spec in self.fields}

    @property
    def stamp(self) -> str:
        """Changes whenever a definition does: pages cached with the form
        name it."""
        return hashlib.sha256(repr(self).encode()).hexdigest()[:16]


@dataclass(frozen=True)
class CategorySpec:
    pk: int
    name: str
    names: dict[str, str]
    queue_id: int | None
    priority: str
    kb_category_id: int | None

    def label(self, language: str) -> str:
        return self.names.get(language, self.name)


def defined() -> Defined:
    """Every field in use and every category offered, in order."""
    found: Defined | None = cache.get(FIELDS_KEY)
    if found is None:
        try:
            found = _read()
        except DatabaseError:  # the database away: the form without them
            return Defined(fields=(), categories=())
        cache.set(FIELDS_KEY, found, timeout=FIELDS_SECONDS)
    return found


def _read() -> Defined:
    return Defined(
        fields=tuple(
            spec_of(f)
            for f in CustomField.objects.filter(active=True).prefetch_related(
                "queues", "categories", "translations"
            )
        ),
        categories=tuple(
            CategorySpec(
                c.pk,
                c.name,
                {t.language: t.name for t in c.translations.all()},
                c.queue_id,
                c.priority,
                c.kb_category_id,
            )
            for c in TicketCategory.objects.filter(active=True).prefetch_related(
                "translations"
            )
        ),
    )


def fields_changed() -> None:
    cache.delete(FIELDS_KEY)


def values_of(ticket: Ticket) -> dict[int, list[str]]:
    """The ticket's values by field id, in one query."""
    values: dict[int, list[str]] = {}
    rows = TicketFieldValue.objects.filter(ticket=ticket).order_by("field_id", "pk")
    for field_id, value in rows.values_list("field_id", "value"):
        values.setdefault(field_id, []).append(value)
    return values


def applying(
    *,
    queue_id: int | None,
    category_id: int | None,
    values: dict[int, list[str]],
    customer: bool = False,
) -> list[FieldSpec]:
    """The fields a ticket of this queue and category uses whose condition
    holds (for a customer: only the fields shown to customers)."""
    return [
        spec
        for spec in defined().fields
        if spec.applies(queue_id=queue_id, category_id=category_id)
        and shown(spec, values)
        and (spec.customer_may or not customer)
    ]


@dataclass(frozen=True)
class FieldShown:
    spec: FieldSpec
    values: list[str]

    @property
    def text(self) -> str:
        return value_shown(self.spec, self.values)


def ticket_fields(ticket: Ticket) -> list[FieldShown]:
    """The fields of the ticket page's panel, each with its values."""
    values = values_of(ticket)
    return [
        FieldShown(spec, values.get(spec.pk, []))
        for spec in applying(
            queue_id=ticket.queue_id, category_id=ticket.category_id, values=values
        )
    ]
