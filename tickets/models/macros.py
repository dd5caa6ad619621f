"""Macros: a named bundle of a rule's actions and a reply text, applied by
an agent in one click on a ticket or a selection of them. Shared (no
owner) or an agent's own."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from .agents import PLACEHOLDERS
from .automation import ActionRow


class Macro(models.Model):
    name = models.CharField(_("name"), max_length=120)
    reply = models.TextField(
        _("reply"),
        blank=True,
        help_text=format_lazy(
            "{}{}",
            _("Put in the composer, to be read and changed before sending. "
              "Placeholders: "),
            ", ".join("{{ %s }}" % name for name in PLACEHOLDERS),  # noqa: UP031
        ),
    )  # fmt: skip
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="macros",
        verbose_name=_("owner"),
        help_text=_("Empty: shared with every agent."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("name", "pk")
        verbose_name = _("macro")
        verbose_name_plural = _("macros")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("owner", "name"), name="macro_name_once_per_owner"
            )
        ]

    def __str__(self) -> str:
        return self.name


class MacroAction(ActionRow):
    """One thing the macro does (tickets.rules.MACRO_ACTIONS)."""

    macro = models.ForeignKey(Macro, on_delete=models.CASCADE, related_name="actions")

    class Meta(ActionRow.Meta):
        pass
