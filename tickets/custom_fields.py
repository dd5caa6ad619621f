"""Custom fields as rules: what each field is (``FieldSpec``, read once from
the admin's definitions and kept in the cache), which apply to a ticket,
and how a typed value is read, checked, shown and given to the API."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .models import VALUE_LENGTH, CustomField

Kind = CustomField.Kind


class FieldProblem(ValueError):
    """A value a field cannot take; the message is for the person."""


@dataclass(frozen=True)
class FieldSpec:
    pk: int
    key: str
    kind: str
    label: str
    help_text: str
    who: str
    required: str
    options: tuple[str, ...] = ()
    max_length: int = 200
    queue_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()
    shown_when_id: int | None = None
    shown_when_value: str = ""
    # Label and help text by language, where the admin wrote them.
    words: dict[str, tuple[str, str]] = field(default_factory=dict)

    @property
    def customer_may(self) -> bool:
        return self.who == CustomField.Who.CUSTOMER

    def worded(self) -> tuple[str, str]:
        """Label and help text in the active language."""
        return self.words.get(get_language() or "", (self.label, self.help_text))

    @property
    def name(self) -> str:
        return self.worded()[0]

    def applies(self, *, queue_id: int | None, category_id: int | None) -> bool:
        """Used by a ticket of this queue and category."""
        if self.queue_ids and queue_id not in self.queue_ids:
            return False
        return not self.category_ids or category_id in self.category_ids


def spec_of(custom: CustomField) -> FieldSpec:
    """What the rules need of a field (its M2Ms and translations prefetched)."""
    return FieldSpec(
        pk=custom.pk,
        key=custom.key,
        kind=custom.kind,
        label=custom.label,
        help_text=custom.help_text,
        who=custom.who,
        required=custom.required,
        options=tuple(custom.options),
        max_length=min(custom.max_length or VALUE_LENGTH, VALUE_LENGTH),
        queue_ids=frozenset(q.pk for q in custom.queues.all()),
        category_ids=frozenset(c.pk for c in custom.categories.all()),
        shown_when_id=custom.shown_when_id,
        shown_when_value=custom.shown_when_value.strip(),
        words={t.language: (t.label, t.help_text) for t in custom.translations.all()},
    )


def shown(spec: FieldSpec, values: dict[int, list[str]]) -> bool:
    """Whether its condition holds: the other field has a value (the one
    named, or any)."""
    if spec.shown_when_id is None:
        return True
    other = values.get(spec.shown_when_id, [])
    if not spec.shown_when_value:
        return bool(other)
    wanted = spec.shown_when_value.casefold()
    return any(value.casefold() == wanted for value in other)


TRUE = {"1", "true", "yes", "on", "y"}
FALSE = {"", "0", "false", "no", "off", "n", "none"}


def value_read(spec: FieldSpec, raw: Any) -> list[str]:
    """A value as a form or the API sent it, as the rows keep it ([] for
    none). Raises FieldProblem saying what is wrong."""
    if spec.kind == Kind.CHECKBOX:
        return _checkbox(raw)
    if spec.kind == Kind.MULTIPLE:
        pieces = raw if isinstance(raw, list | tuple) else str(raw or "").split(",")
        chosen = [_option(spec, piece) for piece in pieces if str(piece).strip()]
        return sorted(set(chosen), key=chosen.index)
    if isinstance(raw, list | tuple | dict):
        raise FieldProblem(_("Give one value, not a list."))
    text = "" if raw is None else str(raw).strip()
    if not text:
        return []
    if spec.kind == Kind.NUMBER:
        return [_number(text)]
    if spec.kind == Kind.DATE:
        return [_date(text)]
    if spec.kind == Kind.CHOICE:
        return [_option(spec, text)]
    if len(text) > spec.max_length:
        raise FieldProblem(
            _("At most %(limit)d characters; this has %(count)d.")
            % {"limit": spec.max_length, "count": len(text)}
        )
    return [" ".join(text.split())]


def _checkbox(raw: Any) -> list[str]:
    if isinstance(raw, bool):
        return ["yes"] if raw else []
    text = "" if raw is None else str(raw).strip().lower()
    if text in TRUE:
        return ["yes"]
    if text in FALSE:
        return []
    raise FieldProblem(_("Tick it or leave it empty (true or false)."))


def _number(text: str) -> str:
    try:
        number = Decimal(text.replace(" ", ""))
    except InvalidOperation:
        raise FieldProblem(_("Write a number, like 42 or 3.5.")) from None
    if not number.is_finite() or abs(number) >= Decimal("1e15"):
        raise FieldProblem(_("Write a number, like 42 or 3.5."))
    plain = format(number.normalize(), "f")
    return plain


def _date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        raise FieldProblem(_("Write a date as YYYY-MM-DD, like 2026-03-31.")) from None


def _option(spec: FieldSpec, raw: Any) -> str:
    text = " ".join(str(raw).split())
    for option in spec.options:
        if option.casefold() == text.casefold():
            return option
    raise FieldProblem(
        _("%(value)r is not one of the choices: %(choices)s.")
        % {"value": text, "choices": ", ".join(spec.options)}
    )


def value_shown(spec: FieldSpec, values: list[str]) -> str:
    """For a page: "Yes", "2026-03-31", "Pro, Team"; "" for none."""
    if spec.kind == Kind.CHECKBOX:
        return _("Yes") if values else ""
    return ", ".join(values)


def value_json(spec: FieldSpec, values: list[str]) -> Any:
    """For the API: a string, a number, a list, true or false, or null."""
    if spec.kind == Kind.CHECKBOX:
        return bool(values)
    if spec.kind == Kind.MULTIPLE:
        return list(values)
    if not values:
        return None
    if spec.kind == Kind.NUMBER:
        number = Decimal(values[0])
        return int(number) if number == number.to_integral_value() else float(number)
    return values[0]
