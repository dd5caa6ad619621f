"""The reports page's choice of period and slices: shape only."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.utils.translation import gettext_lazy as _

from .form_messages import PlainMessages
from .models import Organisation, Priority, Queue, SLAPolicy
from .reporting import DEFAULT_PERIOD_DAYS, period_problem
from .selectors.report_counts import ReportFilters

RANGES = [
    ("7", _("Last 7 days")),
    ("30", _("Last 30 days")),
    ("90", _("Last 90 days")),
    ("365", _("Last 365 days")),
    ("custom", _("Custom dates")),
]


class ReportForm(PlainMessages, forms.Form):
    """The reports' period and filters, all in the URL (bookmarked, shared)."""

    range = forms.ChoiceField(
        choices=RANGES, initial=str(DEFAULT_PERIOD_DAYS), label=_("Period")
    )
    since = forms.DateField(
        required=False, label=_("From"), widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        required=False, label=_("To"), widget=forms.DateInput(attrs={"type": "date"})
    )
    queue = forms.ModelChoiceField(
        queryset=Queue.objects.all(),
        required=False,
        empty_label=_("All queues"),
        label=_("Queue"),
    )
    priority = forms.ChoiceField(
        choices=[("", _("All priorities")), *Priority.choices],
        required=False,
        label=_("Priority"),
    )
    policy = forms.ModelChoiceField(
        queryset=SLAPolicy.objects.all(),
        required=False,
        empty_label=_("All policies"),
        label=_("SLA policy"),
    )
    organisation = forms.CharField(
        max_length=200,
        required=False,
        label=_("Organisation"),
        help_text=_("Its name, as in the admin."),
    )
    agent = forms.ModelChoiceField(
        queryset=User.objects.none(),
        required=False,
        empty_label=_("All agents"),
        label=_("Agent"),
    )

    def __init__(self, *args: Any, agents: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["agent"]
        assert isinstance(field, forms.ModelChoiceField)  # noqa: S101
        field.queryset = agents

    def clean_organisation(self) -> Organisation | None:
        name = self.cleaned_data["organisation"].strip()
        if not name:
            return None
        found = Organisation.objects.filter(name__iexact=name).first()
        if found is None:
            raise forms.ValidationError(
                _("No organisation is called “%(name)s”.") % {"name": name}
            )
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("since") or data.get("until"):
            data["range"] = "custom"  # dates typed in say what is wanted
        if data.get("range") != "custom":
            return data
        since, until = data.get("since"), data.get("until")
        if since is None:
            self.add_error("since", _("Choose the first day of the period."))
        if until is None:
            self.add_error("until", _("Choose the last day of the period."))
        problem = period_problem(since, until) if since and until else None
        if problem:
            self.add_error("until", problem)
        return data

    def filters(self, today: date) -> ReportFilters:
        """The period (the last N days up to ``today``, or the dates typed
        in) and the filters chosen; the default period when unbound."""
        data = self.cleaned_data if self.is_bound else {}
        chosen = data.get("range") or self.fields["range"].initial
        if chosen == "custom":
            since, until = data["since"], data["until"]
        else:
            since, until = today - timedelta(days=int(chosen) - 1), today

        def pk(name: str) -> int | None:
            found = data.get(name)
            return None if found is None else int(found.pk)

        return ReportFilters(
            since=since,
            until=until,
            queue_id=pk("queue"),
            priority=data.get("priority") or None,
            policy_id=pk("policy"),
            organisation_id=pk("organisation"),
            agent_id=pk("agent"),
        )
