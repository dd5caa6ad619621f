"""What a customer may attach, from the form, the API or an email: one
policy, read from settings when it is applied."""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat


@dataclass(frozen=True)
class AttachmentPolicy:
    max_count: int
    max_bytes: int
    extensions: frozenset[str]

    @classmethod
    def current(cls) -> "AttachmentPolicy":
        return cls(
            max_count=settings.HELPDESK_MAX_ATTACHMENTS,
            max_bytes=settings.HELPDESK_MAX_ATTACHMENT_BYTES,
            extensions=frozenset(
                ext.lower().lstrip(".")
                for ext in settings.HELPDESK_ATTACHMENT_EXTENSIONS
            ),
        )

    def too_many(self, count: int) -> str:
        """Why ``count`` files are too many, or ''."""
        if count > self.max_count:
            return f"Attach at most {self.max_count} files."
        return ""

    def problem(self, name: str, size: int) -> str:
        """Why this one file cannot be kept, in words for the person, or ''."""
        extension = PurePath(name).suffix.lower().lstrip(".")
        if extension not in self.extensions:
            return (
                f"{name}: files of this type cannot be attached. "
                f"Allowed: {', '.join(sorted(self.extensions))}."
            )
        if size > self.max_bytes:
            return (
                f"{name} is {filesizeformat(size)}; the limit is "
                f"{filesizeformat(self.max_bytes)} per file."
            )
        return ""
