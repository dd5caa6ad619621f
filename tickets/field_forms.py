"""Custom fields and categories as form fields: on the customer's web form
(the fields shown to customers) and the agent's panel (all of them). The
values are checked by the service (tickets.services.fields), which names
what is wrong; these only draw them and keep what was typed."""

from typing import Any

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from .custom_fields import FieldSpec
from .models import CustomField
from .selectors.fields import CategorySpec, Defined

Kind = CustomField.Kind
PREFIX = "field_"


def form_field(spec: FieldSpec) -> forms.Field:
    label, help_text = spec.worded()
    common: dict[str, Any] = {"label": label, "help_text": help_text, "required": False}
    if spec.kind == Kind.CHECKBOX:
        return forms.BooleanField(**common)
    if spec.kind == Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=[(o, o) for o in spec.options],
            widget=forms.CheckboxSelectMultiple,
            **common,
        )
    if spec.kind == Kind.CHOICE:
        return forms.CharField(
            widget=forms.Select(choices=[("", "—"), *((o, o) for o in spec.options)]),
            **common,
        )
    if spec.kind == Kind.DATE:
        return forms.CharField(widget=forms.DateInput(attrs={"type": "date"}), **common)
    if spec.kind == Kind.NUMBER:
        return forms.CharField(
            widget=forms.TextInput(attrs={"inputmode": "decimal"}),
            max_length=40,
            **common,
        )
    return forms.CharField(max_length=spec.max_length, **common)


class CategorySelect(forms.Select):
    """Each category's help category on its option (data-kb), for the
    form's article suggestions."""

    def __init__(self, kb: dict[str, int]) -> None:
        super().__init__()
        self.kb = kb

    def create_option(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        option = super().create_option(*args, **kwargs)
        kb = self.kb.get(str(option["value"]))
        if kb:
            option["attrs"]["data-kb"] = str(kb)
        return option


def category_field(categories: tuple[CategorySpec, ...]) -> forms.TypedChoiceField:
    language = get_language() or ""
    kb = {str(c.pk): c.kb_category_id for c in categories if c.kb_category_id}
    return forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        widget=CategorySelect(kb),
        choices=[("", "—"), *((c.pk, c.label(language)) for c in categories)],
        label=_("What is it about?"),
        error_messages={"required": _("Please choose what it is about.")},
    )


class WithCustomFields(forms.Form):
    """Adds the category and custom fields to a form; ``custom_values``
    gives what was typed by field key, for the service to check."""

    def add_custom(
        self,
        known: Defined,
        *,
        customer: bool,
        category_required: bool,
        queue_id: int | None = None,
    ) -> None:
        """``queue_id``: only the fields that queue uses (the agent's panel;
        the customer's form does not know the queue yet)."""
        self.custom_specs = [
            s
            for s in known.fields
            if (s.customer_may or not customer)
            and (queue_id is None or not s.queue_ids or queue_id in s.queue_ids)
        ]
        if known.categories:
            self.fields["category"] = category_field(known.categories)
            self.fields["category"].required = category_required
        for spec in self.custom_specs:
            self.fields[PREFIX + spec.key] = form_field(spec)

    @property
    def custom_fields(self) -> list[tuple[forms.BoundField, FieldSpec]]:
        return [(self[PREFIX + spec.key], spec) for spec in self.custom_specs]

    def custom_values(self) -> dict[str, Any]:
        return {
            spec.key: self.cleaned_data.get(PREFIX + spec.key)
            for spec in self.custom_specs
        }

    def custom_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            name = PREFIX + key
            self.add_error(name if name in self.fields else None, message)


def initial_of(spec: FieldSpec, values: list[str]) -> Any:
    """A stored value as its form field shows it."""
    if spec.kind == Kind.CHECKBOX:
        return bool(values)
    if spec.kind == Kind.MULTIPLE:
        return list(values)
    return values[0] if values else ""


class AgentFieldsForm(WithCustomFields):
    """The ticket page's fields: the category and every field its queue
    uses, as the ticket has them (for a customer, ``customer=True``: the
    fields shown to customers that their category asks, no category)."""

    def __init__(
        self,
        *args: Any,
        known: Defined,
        queue_id: int,
        category_id: int | None,
        values: dict[int, list[str]],
        customer: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.add_custom(
            known, customer=customer, category_required=False, queue_id=queue_id
        )
        if customer:
            self.fields.pop("category", None)
            dropped = [
                s
                for s in self.custom_specs
                if s.category_ids and category_id not in s.category_ids
            ]
            for spec in dropped:
                del self.fields[PREFIX + spec.key]
                self.custom_specs.remove(spec)
        if "category" in self.fields:
            self.fields["category"].label = _("Category")
            self.fields["category"].initial = category_id
        for spec in self.custom_specs:
            self.fields[PREFIX + spec.key].initial = initial_of(
                spec, values.get(spec.pk, [])
            )
