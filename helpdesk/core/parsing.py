"""What people and programs type into addresses, read safely: a number that
is not one, a date that cannot be, a NUL, all read as "not given" instead of
an error page. Shared by the pages, the API and the services below them."""

from datetime import datetime

from django.utils.dateparse import parse_datetime

# The largest row id a database column holds (64-bit); past it SQLite
# refuses the number outright and PostgreSQL answers with an error.
MAX_ID = 2**63 - 1


def as_id(raw: object) -> int | None:
    """A row's id: ASCII digits only (``str.isdigit`` takes "²", which
    ``int`` refuses, and ``int`` takes Arabic-Indic digits), positive and
    within a 64-bit integer; else None."""
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit():
        return None
    value = int(raw)
    return value if 0 < value <= MAX_ID else None


def as_count(raw: object, *, default: int, most: int) -> int:
    """A count or an offset from an address: ``default`` unless it is
    ASCII digits, and never above ``most``."""
    if not isinstance(raw, str) or not raw.isascii() or not raw.isdigit():
        return default
    return min(int(raw[:20]), most)


def as_moment(raw: object) -> datetime | None:
    """An ISO moment, or None: ``parse_datetime`` raises on one that matches
    its pattern but cannot be ("2026-13-45T00:00:00")."""
    if not isinstance(raw, str):
        return None
    try:
        return parse_datetime(raw)
    except ValueError:
        return None
