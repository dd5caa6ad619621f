"""How customers reach us, per language: the name, opening hours and
signature on every page and email. Whatever a language leaves empty comes
from the settings (HELPDESK_ORG_NAME, _SUPPORT_HOURS, _TEAM_SIGNATURE)."""

from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _

from helpdesk.core.locales import language_choices

CONTACT_CACHE_KEY = "contact-texts:{language}"


class ContactText(models.Model):
    language = models.CharField(
        _("language"), max_length=16, unique=True, choices=language_choices
    )
    name = models.CharField(
        _("organisation name"),
        max_length=200,
        blank=True,
        help_text=_("Empty: the name in the settings."),
    )
    hours = models.CharField(
        _("contact hours"),
        max_length=200,
        blank=True,
        help_text=_('For example "Monday to Friday, 9:00-17:30 (UK time)".'),
    )
    signature = models.CharField(
        _("team signature"),
        max_length=200,
        blank=True,
        help_text=_("Under every email; empty: the one in the settings."),
    )

    class Meta:
        ordering = ("language",)
        verbose_name = _("contact text")
        verbose_name_plural = _("contact texts")

    def __str__(self) -> str:
        return str(self.get_language_display())

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        cache.delete(CONTACT_CACHE_KEY.format(language=self.language))

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        cache.delete(CONTACT_CACHE_KEY.format(language=self.language))
        return super().delete(*args, **kwargs)  # type: ignore[arg-type]
