"""Forms check shape and limits; the services own the rules."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .field_forms import WithCustomFields
from .models import Rating
from .selectors.fields import Defined
from .upload_forms import AttachmentsField, HoldsUploads, limits


def _one_line(value: str) -> str:
    return " ".join(value.split())


class TicketForm(HoldsUploads, WithCustomFields):
    name = forms.CharField(
        max_length=200,
        label=_("Your name"),
        error_messages={"required": _("Please tell us your name.")},
    )
    email = forms.EmailField(
        max_length=254,
        label=_("Your email"),
        help_text=_("We send every update here."),
        error_messages={
            "required": _("Please give your email address: every update goes there."),
            "invalid": _(
                "This does not look like an email address "
                "(for example name@example.com): please check it."
            ),
        },
    )
    subject = forms.CharField(
        max_length=200,
        label=_("Subject"),
        error_messages={"required": _("Please sum up your request in a few words.")},
    )
    message = forms.CharField(
        label=_("Message"),
        error_messages={"required": _("Please tell us what happened.")},
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "true"}),
        max_length=20_000,
        help_text=_(
            "Tell us what happened and what you expected. "
            "The more detail, the faster we can help."
        ),
    )
    attachments = AttachmentsField(
        label=_("Attachments"),
        help_text=format_lazy(
            "{} {}",
            _("Screenshots, logs or documents that help us understand."),
            limits(),
        ),
    )
    # The honeypot: hidden from people by CSS, filled in by spam robots.
    website = forms.CharField(required=False, label=_("Leave this field empty"))
    # While a known problem is public: "this is about it" (P7).
    incident = forms.TypedChoiceField(
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        label=_("Is this about a known problem?"),
    )

    def __init__(
        self,
        *args: Any,
        known_problems: Sequence[tuple[int, str]] = (),
        known: Defined | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        if known is not None:
            self.add_custom(known, customer=True, category_required=True)
        if not known_problems:
            del self.fields["incident"]
            return
        field = self.fields["incident"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101
        field.choices = [
            *(
                (pk, _("Yes: %(title)s") % {"title": title})
                for pk, title in known_problems
            ),
            ("", _("No, or I am not sure")),
        ]

    def clean_name(self) -> str:
        return _one_line(self.cleaned_data["name"])

    def clean_subject(self) -> str:
        return _one_line(self.cleaned_data["subject"])

    def clean_website(self) -> str:
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(
                _("This field must stay empty: it is a trap for spam robots.")
            )
        return ""


class CustomerMessageForm(HoldsUploads):
    message = forms.CharField(
        error_messages={"required": _("Please write your message first.")},
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        max_length=20_000,
        label=_("Add a message"),
    )
    attachments = AttachmentsField(label=_("Attachments"), help_text=limits())


class CloseForm(forms.Form):
    reason = forms.CharField(
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        label=_("Why are you closing it?"),
    )


class RatingForm(forms.Form):
    score = forms.ChoiceField(
        choices=Rating.Score.choices, widget=forms.RadioSelect, label=_("Your rating")
    )
    comment = forms.CharField(
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4, "spellcheck": "true"}),
        label=_("Anything you would like to tell us?"),
    )


class ReopenForm(forms.Form):
    message = forms.CharField(
        required=False,
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "true"}),
        label=_("What is still wrong?"),
    )
