"""English here is British English: day before month, 24-hour times."""

from django.conf.locale.en_GB.formats import *  # type: ignore[import-untyped]  # noqa: F403

# Times on the 24-hour clock everywhere (admin lists and forms included),
# as the calendars and deadlines are written.
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
