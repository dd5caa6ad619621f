"""Forms check shape and limits; the services own the rules."""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .attachments import AttachmentPolicy
from .field_forms import WithCustomFields
from .models import Rating
from .selectors.fields import Defined
from .uploads import held_entries, held_files, uploads_hold


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class AttachmentsField(forms.FileField):
    """Several files in one input, each within the size and type limits."""

    widget = MultipleFileInput

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[UploadedFile[bytes]]:
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        policy = AttachmentPolicy.current()
        if too_many := policy.too_many(len(files)):
            raise forms.ValidationError(too_many)
        errors = []
        for upload in files:
            super().clean(upload, initial)
            if problem := policy.problem(upload.name or "", upload.size or 0):
                errors.append(problem)
        if errors:
            raise forms.ValidationError(errors)
        return files


def _limits() -> str:
    """The attachment limits, said before they are broken."""
    policy = AttachmentPolicy.current()
    return ngettext(
        "Up to %(count)d file of %(size)s: %(types)s.",
        "Up to %(count)d files of %(size)s each: %(types)s.",
        policy.max_count,
    ) % {
        "count": policy.max_count,
        "size": filesizeformat(policy.max_bytes),
        "types": ", ".join(sorted(policy.extensions)),
    }


limits = lazy(_limits, str)


class HoldsUploads(forms.Form):
    """A form with attachments that, sent back with a mistake elsewhere,
    holds the files chosen (tickets.uploads) so nobody chooses them again."""

    held = forms.CharField(required=False, widget=forms.HiddenInput)
    held_token = ""
    held_names: list[str] = []  # noqa: RUF012 (set per form)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        held = held_files(cleaned.get("held", ""))
        if held and "attachments" in cleaned:
            files = held + cleaned["attachments"]
            if too_many := AttachmentPolicy.current().too_many(len(files)):
                self.add_error("attachments", too_many)
            else:
                cleaned["attachments"] = files
        return cleaned

    def hold_uploads(self, files: list[UploadedFile[bytes]]) -> None:
        """Keep what was chosen this time (when within the limits) with what
        was held before."""
        token = str(self.data.get("held", ""))
        if files and "attachments" not in self.errors:
            token = uploads_hold(files, token)
        self.held_token = token
        self.held_names = [name for _stored, name, _type in held_entries(token)]


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
