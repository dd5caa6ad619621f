"""The agents' form for a macro: its name, its reply, whether it is shared
(staff only), and up to a few actions, each checked when saved (a mistake
next to it, everything typed kept)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .rules import ACTIONS, MACRO_ACTIONS
from .services.rulebook import action_problem

ACTION_ROWS = 5


class MacroForm(forms.Form):
    name = forms.CharField(max_length=120, label=_("Name"))
    reply = forms.CharField(
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        label=_("Reply"),
        help_text=_("Put in the composer, to be read and changed before sending."),
    )
    shared = forms.BooleanField(
        required=False, label=_("Shared with every agent (staff only)")
    )


def action_checked(form: forms.BaseForm, cleaned: dict[str, Any]) -> dict[str, Any]:
    """A rule's or a macro's action row: its value said wrong next to it."""
    action = cleaned.get("action", "")
    if action and (problem := action_problem(action, cleaned.get("value", ""))):
        form.add_error("value", problem)
    return cleaned


class MacroActionForm(forms.Form):
    action = forms.ChoiceField(
        required=False,
        choices=[("", "---------")] + [(a, ACTIONS[a]) for a in MACRO_ACTIONS],
        label=_("Action"),
    )
    value = forms.CharField(required=False, max_length=500, label=_("Value"))

    def clean(self) -> dict[str, Any]:
        return action_checked(self, super().clean() or {})


MacroActionFormSet = forms.formset_factory(
    MacroActionForm, extra=0, min_num=ACTION_ROWS, max_num=ACTION_ROWS
)


def chosen_actions(formset: Any) -> list[tuple[str, str]]:
    """The rows filled in, in order."""
    return [
        (f.cleaned_data["action"], f.cleaned_data.get("value", ""))
        for f in formset.forms
        if f.cleaned_data.get("action")
    ]
