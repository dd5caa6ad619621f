"""A ticket's history on the agent's page, drawn once per change of the
ticket. Every change to a ticket goes through the event door, which stamps
``updated_at`` (tickets.services.events): the history drawn for one stamp is
the history until the next. What the page needs from the conversation (the
newest customer message, the open questions) is kept with it.

Kept per process, by the ticket's stamp, the reader's language and time
zone, the ticket's calendar zone and the version of people's names; for
``HISTORY_SECONDS`` at most. When that version is unknown (the shared
cache away), it is drawn for each view. The page's CSRF token is put in as
it is served, never kept.
"""

from dataclasses import dataclass

from django.core.cache import caches
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from ..models import Message, Ticket
from ..selectors.routing import people_version
from ..selectors.ticket_page import open_questions
from ..selectors.timeline import timeline

HISTORY_SECONDS = 600
CSRF_SLOT = "csrf-slot-c41f5e"  # where the served page's token goes


@dataclass(frozen=True)
class History:
    html: SafeString
    newest_customer_message: int  # what the reply form says it has seen
    questions: list[str]  # asked since our last reply


def agent_history(request: HttpRequest, ticket: Ticket, time_zone: str) -> History:
    """The agent's timeline of ``ticket`` (``time_zone``: its calendar's)."""
    people = people_version()
    if people is None:  # unknown (the cache away, or changing them now)
        drawn = _draw(ticket, time_zone)  # drawn, not kept
    else:
        key = ":".join(
            [
                str(ticket.pk),
                ticket.updated_at.isoformat(),
                translation.get_language() or "",
                timezone.get_current_timezone_name(),
                time_zone,
                people,
            ]
        )
        kept = caches["histories"]
        drawn = kept.get(key)
        if drawn is None:
            drawn = _draw(ticket, time_zone)
            kept.set(key, drawn, HISTORY_SECONDS)
    html, newest, questions = drawn
    token = get_token(request)
    return History(mark_safe(html.replace(CSRF_SLOT, token)), newest, questions)  # noqa: S308 - our own template's output


def _draw(ticket: Ticket, time_zone: str) -> tuple[str, int, list[str]]:
    entries = timeline(ticket, for_agent=True)
    conversation = [entry.message for entry in entries if entry.message]
    html = render_to_string(
        "agent/_timeline.html",
        {
            "timeline": entries,
            "ticket": ticket,
            "time_zone": time_zone,
            "csrf_token": CSRF_SLOT,
        },
    )
    newest = max(
        (m.pk for m in conversation if m.kind == Message.Kind.CUSTOMER), default=0
    )
    return html, newest, open_questions(conversation)
