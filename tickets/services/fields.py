"""Custom field values and categories: read and checked in one place (the
web form, the API, the agent's panel and bulk changes all come here),
written as rows, each change in the ticket's history."""

from collections.abc import Iterable, Mapping
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from ..custom_fields import FieldProblem, FieldSpec, value_read
from ..models import CustomField, Ticket, TicketCategory, TicketEvent, TicketFieldValue
from ..models.organised_payloads import CategoryChanged, FieldChanged
from ..selectors.fields import applying, defined, values_of
from .errors import InvalidChange
from .events import event_record

Required = CustomField.Required


class FieldErrors(InvalidChange):
    """Values refused, by field key, each with a sentence for the person."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        specs = defined().by_key()
        super().__init__(
            " ".join(
                f"{specs[key].name if key in specs else key}: {message}"
                for key, message in errors.items()
            )
        )


def fields_read(
    raw: Mapping[str, Any],
    *,
    queue_id: int | None,
    category_id: int | None,
    current: dict[int, list[str]] | None = None,
    customer: bool = False,
    opening: bool = False,
) -> dict[int, list[str]]:
    """The values sent (by field key), checked: new values by field id, for
    the fields sent that apply. ``opening``: the fields required when a
    ticket is opened must have a value. Raises FieldErrors naming each."""
    specs = defined().by_key()
    errors: dict[str, str] = {}
    read: dict[int, list[str]] = {}
    for key, value in raw.items():
        spec = specs.get(key)
        if spec is None or (customer and not spec.customer_may):
            errors[key] = _("There is no field %(key)s.") % {"key": key}
            continue
        try:
            read[spec.pk] = value_read(spec, value)
        except FieldProblem as problem:
            errors[key] = str(problem)
    merged = {**(current or {}), **read}
    used = applying(
        queue_id=queue_id, category_id=category_id, values=merged, customer=customer
    )
    used_ids = {spec.pk for spec in used}
    if opening:
        for spec in used:
            if spec.required == Required.OPENING and not merged.get(spec.pk):
                errors.setdefault(spec.key, _("Please fill this in."))
    if errors:
        raise FieldErrors(errors)
    # A field that does not apply (another queue, its condition unmet) keeps
    # nothing sent for it.
    return {pk: values for pk, values in read.items() if pk in used_ids}


def fields_write(ticket: Ticket, values: dict[int, list[str]]) -> None:
    """The rows of a new ticket's values (its opening records them)."""
    TicketFieldValue.objects.bulk_create(
        TicketFieldValue(ticket=ticket, field_id=pk, value=value)
        for pk, chosen in values.items()
        for value in chosen
    )


def fields_words(values: dict[int, list[str]]) -> str:
    """What search finds a ticket by: its text values."""
    return " ".join(v for chosen in values.values() for v in chosen if v != "yes")


@transaction.atomic
def ticket_fields_set(
    *,
    ticket: Ticket,
    raw: Mapping[str, Any],
    actor: User | None,
    customer: bool = False,
) -> list[TicketEvent]:
    """Change a ticket's field values (those sent); one event per field
    changed."""
    current = values_of(ticket)
    new = fields_read(
        raw,
        queue_id=ticket.queue_id,
        category_id=ticket.category_id,
        current=current,
        customer=customer,
    )
    return _changed(ticket, current, new, actor=actor, customer=customer)


def ticket_fields_take(
    *, ticket: Ticket, values: dict[int, list[str]], actor: User | None
) -> list[TicketEvent]:
    """Values another ticket had (a merge): taken as they are, each change
    in the history."""
    return _changed(ticket, values_of(ticket), values, actor=actor, customer=False)


def _changed(
    ticket: Ticket,
    current: dict[int, list[str]],
    new: dict[int, list[str]],
    *,
    actor: User | None,
    customer: bool,
) -> list[TicketEvent]:
    """Write the values that differ from ``current``, each with its event."""
    specs = {spec.pk: spec for spec in defined().fields}
    events = []
    for pk, values in new.items():
        was = current.get(pk, [])
        spec = specs.get(pk)
        if values == was or spec is None:
            continue
        TicketFieldValue.objects.filter(ticket=ticket, field_id=pk).delete()
        fields_write(ticket, {pk: values})
        events.append(
            event_record(
                ticket=ticket,
                payload=FieldChanged(
                    key=spec.key, label=spec.label, was=was, now=values
                ),
                actor=actor,
                by_customer=customer,
                words=fields_words({pk: values}),
                announce=False,
            )
        )
    return events


def fields_missing(ticket: Ticket, *, required: str) -> list[FieldSpec]:
    """The fields required at this stage that the ticket has no value for
    (no query when no field is required then)."""
    if not any(spec.required == required for spec in defined().fields):
        return []
    values = values_of(ticket)
    return [
        spec
        for spec in applying(
            queue_id=ticket.queue_id, category_id=ticket.category_id, values=values
        )
        if spec.required == required and not values.get(spec.pk)
    ]


def missing_words(missing: Iterable[FieldSpec]) -> str:
    return ", ".join(spec.name for spec in missing)


@transaction.atomic
def ticket_category_set(
    *, ticket: Ticket, category: TicketCategory | None, actor: User | None
) -> TicketEvent | None:
    """What the ticket is about, changed by an agent (it moves no queue:
    the agent moves it if it should)."""
    if category == ticket.category:
        return None
    was = ticket.category.name if ticket.category else ""
    Ticket.objects.filter(pk=ticket.pk).update(category=category)
    ticket.category = category
    return event_record(
        ticket=ticket,
        payload=CategoryChanged(was=was, now=category.name if category else ""),
        actor=actor,
        announce=False,
    )


def category_of(pk: int | None) -> TicketCategory | None:
    """An offered category by id; None for none or one not offered."""
    if not pk:
        return None
    return TicketCategory.objects.filter(pk=pk, active=True).first()


def bad_category() -> InvalidChange:
    return InvalidChange(_("Choose one of the categories offered."))
