"""After the problem is solved (P9): ask whether everything works now, and
take the customer's rating in one click; a bad one reaches the owner."""

from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy
from django_stubs_ext import StrOrPromise

from ..models import Message, Rating, Status, Ticket, payloads
from ..policies import desk_policy
from .events import event_record
from .lifecycle import customer_message_post

BATCH = 500
COMMENT_LIMIT = 5000
REOPENED_WITHOUT_WORDS = gettext_lazy(
    "Still a problem: I reopened this from the follow-up email."
)


def followup_watch(now: datetime | None = None) -> int:
    """Send the follow-up once per ticket, a while after it was resolved,
    unless it was reopened or rated meanwhile; returns how many were sent."""
    now = now or timezone.now()
    due = now - timedelta(minutes=desk_policy("followup_delay_minutes"))
    oldest = due - timedelta(days=desk_policy("followup_window_days"))
    tickets = (
        Ticket.objects.filter(
            status=Status.RESOLVED,
            followup_sent_at=None,
            resolved_at__lte=due,
            resolved_at__gt=oldest,
            rating__isnull=True,
        )
        .select_related("customer", "queue", "assignee")
        .defer("search_document")
        .order_by("resolved_at")[:BATCH]
    )
    sent = 0
    for ticket in tickets:
        with transaction.atomic():
            claimed = Ticket.objects.filter(
                pk=ticket.pk, status=Status.RESOLVED, followup_sent_at=None
            ).update(followup_sent_at=now)
            if not claimed:  # reopened, or another beat was first
                continue
            event_record(ticket=ticket, payload=payloads.FollowupSent())
            sent += 1
    return sent


@transaction.atomic
def rating_record(*, ticket: Ticket, score: str, comment: str | None = None) -> Rating:
    """Save the customer's rating (and comment, when given). Saving the same
    again changes nothing; a change is one line of history, and turning bad
    alerts the ticket's owner."""
    now = timezone.now()
    rating = Rating.objects.select_for_update().filter(ticket=ticket).first()
    before = rating.score if rating else ""
    words = (comment or "").strip()[:COMMENT_LIMIT]
    if rating is None:
        rating = Rating(ticket=ticket, score=score, rated_at=now)
    changed = before != score or (comment is not None and words != rating.comment)
    if not changed:
        return rating
    rating.score = score
    rating.rated_at = now
    if comment is not None:
        rating.comment = words
    rating.save()
    event_record(
        ticket=ticket,
        payload=payloads.Rated(was=before, score=score, comment=rating.comment),
        by_customer=True,
        # The owner hears of a rating only when it turns bad.
        announce=score == Rating.Score.BAD and before != Rating.Score.BAD,
    )
    return rating


def ticket_reopen_from_followup(*, ticket: Ticket, words: str = "") -> Message | None:
    """ "Still a problem": the ticket reopens, an answer is owed again, and
    the owner hears of it, as when the customer writes. Reopened once: an
    open ticket only takes what the customer writes (a reloaded page adds
    nothing)."""
    if not words.strip() and ticket.status not in Status.PAUSED:
        return None
    return customer_message_post(
        ticket=ticket,
        body=words.strip() or _in(ticket.customer.language, REOPENED_WITHOUT_WORDS),
        source=Message.Source.PORTAL,
    )


def _in(language: str, words: StrOrPromise) -> str:
    """Words written on the customer's behalf, in their language."""
    with translation.override(language):
        return str(words)
