"""Model fields several apps share."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .locales import language_choices


def language_field() -> models.CharField[str, str]:
    """One of our languages, the default one unless told; rows written
    without it (``COPY``, older code) get the default from the database."""
    return models.CharField(
        _("language"),
        max_length=16,
        choices=language_choices,
        default=settings.LANGUAGE_CODE,
        db_default=settings.LANGUAGE_CODE,
    )
