"""Files in forms: several in one input within the attachment policy, and
a form that holds the files chosen when it comes back with a mistake (the
customer's forms and the agent's composer alike)."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.functional import lazy
from django.utils.translation import ngettext

from .attachments import AttachmentPolicy
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
