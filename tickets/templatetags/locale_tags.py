"""Dates in the reader's language, and the language switcher."""

from datetime import date, datetime
from typing import Any

from django import template
from django.conf import settings
from django.utils import timezone

from helpdesk.core.locales import format_when

register = template.Library()


@register.filter
def when(value: datetime | date | str | None, style: str = "full") -> str:
    """A moment in the active language and time zone (``{% timezone %}``
    sets the calendar's): "Mittwoch, 25. November 2026, 17:30 MEZ". Events
    store their moments as ISO text; any other text is shown as it is."""
    if not value:
        return ""
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return value
        if timezone.is_naive(parsed):
            return value
        value = parsed
    return format_when(value, timezone.get_current_timezone_name(), style)


@register.filter
def underline(heading: str) -> str:
    """A plain-text heading's underline, as long as the heading in any language."""
    return "-" * len(str(heading))


@register.inclusion_tag("includes/language_switcher.html", takes_context=True)
def language_switcher(context: template.Context) -> dict[str, Any]:
    """One button per language we speak. On a ticket page the choice is
    also the customer's, for every email after it."""
    request = context.get("request")
    ticket = context.get("ticket")
    return {
        "languages": settings.LANGUAGES,
        "current": getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE),
        "next": request.get_full_path() if request is not None else "/",
        "ticket_key": getattr(ticket, "access_key", "")
        if context.get("is_portal_ticket")
        else "",
        "csrf_token": context.get("csrf_token"),
    }
