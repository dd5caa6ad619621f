"""The languages we speak, and what each one means for formats and search.

A language is offered when its catalogue is in ``locale/``: adding a third
one is a matter of translation files only. Dates and times are written by
Babel from CLDR's data, in the pattern each catalogue translates.
"""

import re
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from babel import Locale
from babel.dates import format_date, format_datetime, get_timezone_name
from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils.translation import (
    get_language,
    get_supported_language_variant,
    override,
    pgettext,
    to_locale,
)


def available_languages(locale_dir: Path, default: str) -> list[tuple[str, str]]:
    """``LANGUAGES`` for settings: the default first, then every language
    with a catalogue, each named in its own language."""
    codes = sorted(
        path.parent.parent.name.replace("_", "-").lower()
        for path in locale_dir.glob("*/LC_MESSAGES/django.po")
    )
    ordered = [default, *(code for code in codes if code != default)]
    return [(code, LANG_INFO[code]["name_local"]) for code in ordered]


# Regional formats where the language's own differ from ours: English means
# British English here (dates "25 November 2026", times 17:30).
FORMAT_LOCALES = {"en": "en_GB"}

# The styles whose moments say their time zone.
ZONED = frozenset({"full", "day"})


def _patterns() -> dict[str, str]:
    """Each pattern is a catalogue message (context "date format"), so a
    translation file fixes the order and punctuation for its language; the
    names of days and months come from CLDR through Babel."""
    patterns = {
        # "Wednesday 25 November 2026, 17:30 GMT": every promise to a customer.
        "full": pgettext("date format", "EEEE d MMMM y, HH:mm"),
        # "25 November 2026"
        "date": pgettext("date format", "d MMMM y"),
        # "25 Nov 2026, 17:30": lists and timelines.
        "short": pgettext("date format", "d MMM y, HH:mm"),
        # "Wed 25 Nov, 17:30": deadlines in the workspace.
        "day": pgettext("date format", "EEE d MMM, HH:mm"),
        # "25 Nov 2026"
        "day_month_year": pgettext("date format", "d MMM y"),
        # "25 Nov": a chart's axis.
        "day_month": pgettext("date format", "d MMM"),
        # "17:30"
        "time": pgettext("date format", "HH:mm"),
    }
    return patterns


@lru_cache(maxsize=64)
def pattern_for(language: str, style: str) -> str:
    """The pattern of ``style`` in ``language``, read from the catalogue
    once per process (a ticket page words a date for every message)."""
    with override(language):
        return _patterns()[style]


@lru_cache(maxsize=32)
def babel_locale(language: str) -> Locale:
    code = FORMAT_LOCALES.get(language, to_locale(language))
    return Locale.parse(code)


OFFSET_OR_WORDS = re.compile(r"[\d\s+-]")


def zone_abbreviation(moment: datetime, locale: Locale) -> str:
    """'GMT', 'BST', 'MEZ', 'MESZ': the short name the language uses, else
    the zone's own abbreviation, else the offset."""
    named = get_timezone_name(moment, width="short", locale=locale)
    if not OFFSET_OR_WORDS.search(named):
        return named
    own = moment.tzname() or ""
    if own.isalpha():
        return own
    return format_datetime(moment, "ZZZZ", locale=locale)


def format_when(
    moment: datetime | date, time_zone: str, style: str = "full", language: str = ""
) -> str:
    """A moment in the given zone, in the active (or given) language:
    "Mittwoch, 25. November 2026, 17:30 MEZ". A day (a date) in a date style."""
    language = language or get_language() or settings.LANGUAGE_CODE
    locale = babel_locale(language)
    pattern = pattern_for(language, style)
    if not isinstance(moment, datetime):
        return format_date(moment, pattern, locale=locale)
    local = moment.astimezone(ZoneInfo(time_zone))
    text = format_datetime(local, pattern, locale=locale)
    if style in ZONED:
        text = f"{text} {zone_abbreviation(local, locale)}"
    return text


# PostgreSQL's text search configurations are named for their language.
SEARCH_CONFIGS = {
    "da": "danish",
    "de": "german",
    "en": "english",
    "es": "spanish",
    "fi": "finnish",
    "fr": "french",
    "hu": "hungarian",
    "it": "italian",
    "nl": "dutch",
    "no": "norwegian",
    "nb": "norwegian",
    "pt": "portuguese",
    "ro": "romanian",
    "ru": "russian",
    "sv": "swedish",
    "tr": "turkish",
}


def search_config(language: str) -> str:
    """The stemming rules for text in this language ("simple" when
    PostgreSQL has none for it)."""
    return SEARCH_CONFIGS.get(language.split("-")[0], "simple")


def supported_language(code: str | None) -> str:
    """One of our languages for a code from outside ("de-DE", "de_AT",
    "en-US", "fr"): the closest we speak, else the default."""
    try:
        return get_supported_language_variant((code or "").strip().replace("_", "-"))
    except LookupError:
        return str(settings.LANGUAGE_CODE)


def language_choices() -> list[tuple[str, str]]:
    """Model fields' choices, by reference: migrations name this function,
    so a new catalogue needs no migration."""
    return list(settings.LANGUAGES)
