"""Rules in Django admin: when, if, then, in order; each condition and
action checked when saved (a mistake next to it, nothing lost); a dry run
of the open tickets a rule would act on, before it is switched on."""

from typing import Any

from django import forms
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from ..macro_forms import action_checked
from ..models.automation import TIME, Rule, RuleAction, RuleCondition
from ..models.macros import Macro, MacroAction
from ..organised_words import would_words
from ..rules import (
    ACTIONS,
    CONDITIONS,
    FIELD_PREFIX,
    MACRO_ACTIONS,
    NUMERIC,
    TIMES,
    condition_known,
    hours,
)
from ..selectors.fields import defined
from ..services.time_rules import rule_dry_run


def _condition_choices() -> list[tuple[str, Any]]:
    return [(name, test.label) for name, test in CONDITIONS.items()] + [
        (f"{FIELD_PREFIX}{f.key}", _("Field: %(label)s") % {"label": f.key})
        for f in defined().fields
    ]


class ConditionForm(forms.ModelForm[RuleCondition]):
    class Meta:
        model = RuleCondition
        fields = ("field", "operator", "value")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Blank first: the inline's spare row stays unsaved until chosen.
        self.fields["field"] = forms.ChoiceField(
            choices=[("", "---------"), *_condition_choices()], label=_("field")
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        field, value = cleaned.get("field", ""), cleaned.get("value", "").strip()
        if field and not condition_known(field):
            self.add_error("field", _("No such field."))
        test = CONDITIONS.get(field)
        operator = cleaned.get("operator", "")
        if field in TIMES:
            if operator not in NUMERIC:
                self.add_error(
                    "operator",
                    _("Hours are compared with “is at least” or “is under”."),
                )
            if hours(value) is None:
                self.add_error("value", _("A number of hours, such as 72 or 1.5."))
        elif field and operator in NUMERIC:
            self.add_error("operator", _("Only hours are compared as numbers."))
        elif test and test.choices and value.lower() not in test.choices:
            self.add_error(
                "value",
                _("One of: %(choices)s.") % {"choices": ", ".join(test.choices)},
            )
        return cleaned


class _CheckedActionForm(forms.ModelForm):  # type: ignore[type-arg]
    """An action chosen from ``offered``, its value checked when saved."""

    offered: tuple[str, ...] = tuple(ACTIONS)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["action"] = forms.ChoiceField(
            choices=[("", "---------")] + [(a, ACTIONS[a]) for a in self.offered],
            label=_("action"),
        )

    def clean(self) -> dict[str, Any]:
        return action_checked(self, super().clean() or {})


class ActionForm(_CheckedActionForm):
    class Meta:
        model = RuleAction
        fields = ("action", "value")
        widgets = {"value": forms.TextInput(attrs={"size": 60})}  # noqa: RUF012


class ConditionFormSet(forms.BaseInlineFormSet):  # type: ignore[type-arg]
    def clean(self) -> None:
        super().clean()
        if getattr(self.instance, "trigger", "") != TIME:
            return
        kept = [
            f.cleaned_data.get("field", "")
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        if not any(field in TIMES for field in kept):
            raise forms.ValidationError(
                _(
                    "A time rule needs an “hours since” condition, such as "
                    "“Hours waiting on the customer is at least 72”."
                )
            )


class ConditionInline(admin.TabularInline[RuleCondition, Rule]):
    model = RuleCondition
    form = ConditionForm
    formset = ConditionFormSet
    extra = 1


class ActionInline(admin.TabularInline[RuleAction, Rule]):
    model = RuleAction
    form = ActionForm
    extra = 1


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin[Rule]):
    list_display = ("name", "is_active", "position", "trigger", "match", "problem")
    list_editable = ("is_active", "position")
    list_filter = ("is_active", "trigger")
    fields = ("name", "trigger", "match", "position", "is_active", "dry_run_link")
    readonly_fields = ("dry_run_link",)
    inlines = (ConditionInline, ActionInline)

    @admin.display(description=_("Last problem"))
    def problem(self, rule: Rule) -> str:
        return rule.last_problem[:100]

    @admin.display(description=_("Dry run"))
    def dry_run_link(self, rule: Rule) -> SafeString | str:
        if not rule.pk:
            return str(_("Save the rule first."))
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:tickets_rule_dry_run", args=[rule.pk]),
            _("Which open tickets would it act on today?"),
        )

    def get_urls(self) -> list[URLPattern]:
        return [
            path(
                "<int:pk>/dry-run/",
                self.admin_site.admin_view(self.dry_run),
                name="tickets_rule_dry_run",
            ),
            *super().get_urls(),
        ]

    def dry_run(self, request: HttpRequest, pk: int) -> HttpResponse:
        rule = get_object_or_404(Rule, pk=pk)
        count, tickets = rule_dry_run(rule)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "rule": rule,
            "title": _("Dry run of %(name)s") % {"name": rule.name},
            "count": count,
            "tickets": tickets,
            "actions": [(would_words(a.action), a.value) for a in rule.actions.all()],
        }
        return TemplateResponse(request, "admin/tickets/rule/dry_run.html", context)


class MacroActionForm(_CheckedActionForm):
    offered = MACRO_ACTIONS

    class Meta:
        model = MacroAction
        fields = ("action", "value")
        widgets = {"value": forms.TextInput(attrs={"size": 60})}  # noqa: RUF012


class MacroActionInline(admin.TabularInline[MacroAction, Macro]):
    model = MacroAction
    form = MacroActionForm
    extra = 1


@admin.register(Macro)
class MacroAdmin(admin.ModelAdmin[Macro]):
    list_display = ("name", "owner", "updated_at")
    list_filter = (("owner", admin.EmptyFieldListFilter),)
    search_fields = ("name", "reply")
    fields = ("name", "owner", "reply")
    inlines = (MacroActionInline,)
