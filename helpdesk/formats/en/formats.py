"""English here is British English: day before month, 24-hour times."""

from django.conf.locale.en_GB.formats import *  # type: ignore[import-untyped]  # noqa: F403
