"""Forms of the agent workspace: shape only; the services own the rules."""

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, UsernameField
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from .form_messages import PlainMessages
from .models import (
    AGENT_MESSAGE_KINDS,
    AgentProfile,
    CannedResponse,
    Incident,
    Message,
    Priority,
    Queue,
    Status,
)
from .services.twofactor import totp_device
from .upload_forms import AttachmentsField, HoldsUploads, limits


class ReplyForm(PlainMessages, HoldsUploads):
    kind = forms.ChoiceField(
        choices=AGENT_MESSAGE_KINDS,
        initial=Message.Kind.REPLY,
        widget=forms.RadioSelect,
        label=_("Reply or note"),
    )
    body = forms.CharField(
        max_length=50_000,
        widget=forms.Textarea(
            attrs={"rows": 8, "spellcheck": "true", "data-formatted": "id_body_html"}
        ),
        label=_("Message"),
        error_messages={"required": _("Write the reply or note first.")},
    )
    # The editor's formatted text (cleaned by the service); ``body`` is its
    # plain text, and all there is without scripts.
    body_html = forms.CharField(
        required=False,
        max_length=200_000,
        widget=forms.HiddenInput(attrs={"data-draft-keep": ""}),
    )
    attachments = AttachmentsField(
        label=_("Files"),
        help_text=format_lazy(
            "{} {}", _("Sent with the reply; a note's stay with the team."), limits()
        ),
    )
    time_spent = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=24 * 60,
        label=_("Time spent (minutes)"),
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
    )
    new_status = forms.ChoiceField(required=False, label=_("Then set status"))
    # The newest customer message the agent had seen when they began writing.
    seen_message = forms.IntegerField(required=False, widget=forms.HiddenInput)
    send_anyway = forms.BooleanField(required=False, widget=forms.HiddenInput)
    # The macro whose actions go with this message (tickets.services.macros).
    macro = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: object, statuses: list[Status], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["new_status"]
        assert isinstance(field, forms.ChoiceField)  # noqa: S101
        field.choices = [("", _("(keep)")), *((s.value, s.label) for s in statuses)]


class OpenForCustomerForm(PlainMessages, forms.Form):
    """An agent takes down a customer's request (a call, a chat)."""

    CHANNELS = (
        (Message.Source.PHONE, _("Phone call")),
        (Message.Source.CHAT, _("Chat")),
        (Message.Source.AGENT, _("In person, or another way")),
    )

    name = forms.CharField(max_length=200, label=_("Customer's name"))
    email = forms.EmailField(max_length=254, label=_("Customer's email"))
    subject = forms.CharField(max_length=200, label=_("Subject"))
    message = forms.CharField(
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        label=_("What they asked, in their words"),
    )
    channel = forms.ChoiceField(choices=CHANNELS, label=_("They reached us by"))
    queue = forms.ModelChoiceField(
        queryset=Queue.objects.order_by("name"), label=_("Queue"), required=False
    )
    priority = forms.ChoiceField(
        choices=Priority.choices, initial=Priority.NORMAL, label=_("Priority")
    )
    acknowledge = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Email them the acknowledgement with the reference"),
    )


class CCForm(PlainMessages, forms.Form):
    email = forms.EmailField(label=_("Email"))
    name = forms.CharField(max_length=200, required=False, label=_("Name"))


class BulkForm(PlainMessages, forms.Form):
    """Many tickets, one change written as ``action:value``."""

    tickets = forms.TypedMultipleChoiceField(coerce=int, choices=[], label=_("Tickets"))
    change = forms.RegexField(
        regex=r"^(assign|status|priority|queue|incident|field|macro):[\w-]+$"
        r"|^(tag|untag|merge):$",
        label=_("Change"),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tickets"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101
        field.choices = [(v, v) for v in self.data.getlist("tickets", [])]  # type: ignore[attr-defined]

    def split(self) -> tuple[str, str]:
        """What to change (as ``change_read`` names it) and the value."""
        action, _sep, value = self.cleaned_data["change"].partition(":")
        return ("assignee" if action == "assign" else action), value


def _language_field(
    empty: StrOrPromise, label: StrOrPromise, help_text: StrOrPromise
) -> forms.ChoiceField:
    """A language, each named in its own language; empty: ``empty``."""
    return forms.ChoiceField(
        choices=[("", empty), *settings.LANGUAGES],
        required=False,
        label=label,
        help_text=help_text,
    )


class CannedResponseForm(PlainMessages, forms.ModelForm[CannedResponse]):
    language = _language_field(
        _("Any language"),
        _("Language"),
        _("Offered first to customers who speak it; empty: any language."),
    )
    shared = forms.BooleanField(
        required=False,
        label=_("Shared"),
        help_text=_("Shared with every agent (staff only)."),
    )

    class Meta:
        model = CannedResponse
        fields = ("title", "language", "body", "body_html")
        labels = {"title": _("Title"), "body": _("Text")}  # noqa: RUF012
        widgets = {  # noqa: RUF012
            "body": forms.Textarea(
                attrs={
                    "rows": 8,
                    "spellcheck": "true",
                    "data-formatted": "id_body_html",
                }
            ),
            "body_html": forms.HiddenInput,
        }


class ProfileForm(PlainMessages, forms.ModelForm[AgentProfile]):
    email = forms.EmailField(
        required=False,
        label=_("Email address"),
        help_text=_(
            "Where your alerts are emailed. Without one, you see them only "
            "under Notifications in the workspace."
        ),
    )
    language = _language_field(
        _("My browser's"),
        _("Interface language"),
        _("The workspace and your emails in this language; empty: your browser's."),
    )

    class Meta:
        model = AgentProfile
        fields = (
            "language",
            "notify_new_ticket",
            "notify_customer_reply",
            "notify_followed",
            "notify_mentioned",
            "assign_on_reply",
        )
        labels = {  # noqa: RUF012
            "notify_new_ticket": _("New tickets"),
            "notify_customer_reply": _("Customer replies"),
            "notify_followed": _("Followed tickets"),
            "notify_mentioned": _("Mentions"),
            "assign_on_reply": _("Claim on reply"),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["email"].initial = self.instance.user.email
        self.order_fields(["email", "language"])


LOCAL_MINUTE = "%Y-%m-%dT%H:%M"


def _when(label: StrOrPromise) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label,
        input_formats=[LOCAL_MINUTE],
        widget=forms.DateTimeInput(
            attrs={"type": "datetime-local"}, format=LOCAL_MINUTE
        ),
    )


class PromiseForm(PlainMessages, forms.Form):
    description = forms.CharField(max_length=300, label=_("We promised"))
    due_at = _when(_("By"))


class PromiseMoveForm(PlainMessages, forms.Form):
    due_at = _when(_("New date"))
    reason = forms.CharField(
        max_length=500, required=False, label=_("Why (the customer reads this)")
    )


class AwayForm(PlainMessages, forms.Form):
    until = _when(_("Away until"))


class AgentLoginForm(AuthenticationForm):
    """Username and password, and the authenticator app's code for agents
    who have set up two-step sign-in."""

    username = UsernameField(
        label=_("Username"), widget=forms.TextInput(attrs={"autofocus": True})
    )
    otp_token = forms.CharField(
        required=False,
        max_length=8,
        label=_("Code from your authenticator app"),
        help_text=_("Only if you have set up two-step sign-in."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        user = self.get_user()
        device = totp_device(user=user)
        if device is None:
            return cleaned
        token = (cleaned.get("otp_token") or "").strip().replace(" ", "")
        if not token:
            raise forms.ValidationError(
                {"otp_token": _("Enter the 6-digit code your authenticator app shows.")}
            )
        allowed, _why = device.verify_is_allowed()
        if not allowed:
            raise forms.ValidationError(
                {"otp_token": _("Too many wrong codes: wait a few seconds, then try.")}
            )
        if not device.verify_token(token):
            raise forms.ValidationError(
                {"otp_token": _("That code did not match: enter the one shown now.")}
            )
        user.otp_device = device  # type: ignore[attr-defined]  # django-otp
        return cleaned


class TotpConfirmForm(PlainMessages, forms.Form):
    token = forms.CharField(
        max_length=8,
        label=_("Code shown in the app"),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class IncidentForm(PlainMessages, forms.ModelForm[Incident]):
    # Tickets to link at once (the queue's "create incident and link them").
    tickets = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.MultipleHiddenInput
    )

    class Meta:
        model = Incident
        fields = ("title", "summary", "is_public")
        labels = {  # noqa: RUF012
            "title": _("Title"),
            "summary": _("Summary"),
            "is_public": _("Public: on the status page, the banner and the form"),
        }
        error_messages = {  # noqa: RUF012
            "title": {"required": _("Give the incident a title customers understand.")}
        }
        widgets = {"summary": forms.Textarea(attrs={"rows": 3})}  # noqa: RUF012

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["tickets"]
        assert isinstance(field, forms.TypedMultipleChoiceField)  # noqa: S101
        field.choices = [(v, v) for v in self.data.getlist("tickets", [])]  # type: ignore[attr-defined]


class IncidentUpdateForm(PlainMessages, forms.Form):
    body = forms.CharField(
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        label=_("Update"),
        error_messages={"required": _("Write the update first: what is known now.")},
        help_text=_(
            "Plain words: what is known, what we are doing, when we expect news."
        ),
    )
    status = forms.ChoiceField(choices=Incident.Status.choices, label=_("Status"))
    is_public = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Email it to every affected customer and show it publicly"),
    )
    resolve_tickets = forms.BooleanField(
        required=False,
        label=_("When resolving: resolve the linked tickets too (one email each)"),
    )


class UnreadableTicketForm(PlainMessages, forms.Form):
    """A ticket from an email that could not be read, as the agent checked it."""

    name = forms.CharField(max_length=200, required=False, label=_("Sender's name"))
    email = forms.EmailField(max_length=254, label=_("Sender's email"))
    subject = forms.CharField(max_length=200, label=_("Subject"))
    message = forms.CharField(
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 10}),
        label=_("Their message, as it could be read"),
    )
    acknowledge = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Email them the acknowledgement with the reference"),
    )
