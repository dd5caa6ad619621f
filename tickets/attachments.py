"""What a customer may attach, from the form, the API or an email: one
policy, read from settings when it is applied."""

from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext


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
            return ngettext(
                "Attach at most %(count)d file.",
                "Attach at most %(count)d files.",
                self.max_count,
            ) % {"count": self.max_count}
        return ""

    def problem(self, name: str, size: int) -> str:
        """Why this one file cannot be kept, in words for the person, or ''."""
        extension = PurePath(name).suffix.lower().lstrip(".")
        if extension not in self.extensions:
            return _(
                "%(name)s: files of this type cannot be attached. Allowed: %(allowed)s."
            ) % {"name": name, "allowed": ", ".join(sorted(self.extensions))}
        if size > self.max_bytes:
            return _("%(name)s is %(size)s; the limit is %(limit)s per file.") % {
                "name": name,
                "size": filesizeformat(size),
                "limit": filesizeformat(self.max_bytes),
            }
        return ""
