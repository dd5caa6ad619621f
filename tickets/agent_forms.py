"""Forms of the agent workspace: shape only; the services own the rules."""

from django import forms

from .models import (
    AGENT_MESSAGE_KINDS,
    AgentProfile,
    CannedResponse,
    Message,
    Status,
)


class ReplyForm(forms.Form):
    kind = forms.ChoiceField(
        choices=AGENT_MESSAGE_KINDS,
        initial=Message.Kind.REPLY,
        widget=forms.RadioSelect,
    )
    body = forms.CharField(
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        label="Message",
    )
    new_status = forms.ChoiceField(required=False, label="Then set status")
    # The newest customer message the agent had seen when they began writing.
    seen_message = forms.IntegerField(required=False, widget=forms.HiddenInput)
    send_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, statuses: list[Status], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["new_status"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", "(keep)"), *((s.value, s.label) for s in statuses)]


class CCForm(forms.Form):
    email = forms.EmailField(label="Email")
    name = forms.CharField(max_length=200, required=False, label="Name")


class BulkForm(forms.Form):
    """Many tickets, one change written as ``action:value``."""

    tickets = forms.TypedMultipleChoiceField(coerce=int, choices=[])
    change = forms.RegexField(regex=r"^(assign|status|priority|queue):[\w-]+$")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["tickets"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101
        field.choices = [(v, v) for v in self.data.getlist("tickets", [])]  # type: ignore[attr-defined]

    def split(self) -> tuple[str, str]:
        """What to change (as ``services.change_read`` names it) and the value."""
        action, _sep, value = self.cleaned_data["change"].partition(":")
        return ("assignee" if action == "assign" else action), value


class CannedResponseForm(forms.ModelForm[CannedResponse]):
    shared = forms.BooleanField(
        required=False, help_text="Shared with every agent (staff only)."
    )

    class Meta:
        model = CannedResponse
        fields = ("title", "body")
        widgets = {"body": forms.Textarea(attrs={"rows": 8, "spellcheck": "true"})}  # noqa: RUF012


class ProfileForm(forms.ModelForm[AgentProfile]):
    class Meta:
        model = AgentProfile
        fields = ("notify_new_ticket", "notify_customer_reply")


LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def _when(label: str) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL_MINUTE],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=LOCAL_MINUTE
        ),
    )


class PromiseForm(forms.Form):
    description = forms.CharField(max_length=300, label="We promised")
    due_at = _when("By")


class PromiseMoveForm(forms.Form):
    due_at = _when("New date")
    reason = forms.CharField(
        max_length=500, required=False, label="Why (the customer reads this)"
    )


class AwayForm(forms.Form):
    until = _when("Away until")
