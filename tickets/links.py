"""Links a customer follows from an email without signing in: each is
signed for one ticket and one purpose, unguessable, and expires."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse

RATING_SALT = "tickets.rating"
# What the follow-up's links may ask: a rating, or to reopen the ticket.
CHOICES = ("good", "bad", "reopen")


def rating_token(ticket_id: int) -> str:
    return signing.dumps(ticket_id, salt=RATING_SALT)


def rating_ticket_id(token: str) -> int | None:
    """The ticket a rating link is for, or None when it is forged or expired."""
    max_age = timedelta(days=settings.HELPDESK_RATING_LINK_DAYS)
    try:
        value = signing.loads(token, salt=RATING_SALT, max_age=max_age)
    except signing.BadSignature:  # SignatureExpired is one
        return None
    return value if isinstance(value, int) else None


def rating_urls(ticket_id: int) -> dict[str, str]:
    """Absolute links for emails: one per choice, each one click."""
    token = rating_token(ticket_id)
    return {
        choice: settings.SITE_URL
        + reverse("tickets:rate", kwargs={"token": token, "choice": choice})
        for choice in CHOICES
    }


FILE_SALT = "tickets.file"


def file_url(attachment_id: int) -> str:
    """An email's link to one of a reply's files, too large to ride in it."""
    token = signing.dumps(attachment_id, salt=FILE_SALT)
    return f"{settings.SITE_URL}{reverse('tickets:file', kwargs={'token': token})}"


def file_attachment_id(token: str) -> int | None:
    """The file a link is for, or None when it is forged or expired."""
    max_age = timedelta(days=settings.HELPDESK_FILE_LINK_DAYS)
    try:
        value = signing.loads(token, salt=FILE_SALT, max_age=max_age)
    except signing.BadSignature:
        return None
    return value if isinstance(value, int) else None
