"""Email wording written by admins: the subject, text and HTML of an email
kind in one language, with ``{{ placeholders }}`` filled from the email
being sent. Checked when saved (``wording_problems``: an unknown
placeholder, a brace left open); a wording that still fails when an email
is made falls back to the built-in one, and the admins are told (once an
hour per wording), so no email is lost to a typo."""

import html
import logging
import re
from collections.abc import Mapping
from typing import Any

import nh3
from django.core.cache import cache
from django.core.mail import mail_admins
from django.template.loader import render_to_string
from django.utils.html import linebreaks, urlize
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from helpdesk.core.cache import VersionedMemo
from tickets.models.agents import PLACEHOLDER

from .models import EmailWording, Notification

logger = logging.getLogger(__name__)
OPEN_OR_CLOSE = re.compile(r"\{\{|\}\}|\{%|%\}")

PLACEHOLDERS = {
    "customer_first_name": gettext_lazy("the customer's first name"),
    "customer_name": gettext_lazy("the customer's full name"),
    "recipient_first_name": gettext_lazy("the first name of whom the email is to"),
    "reference": gettext_lazy("the ticket reference, e.g. HD-1042"),
    "subject": gettext_lazy("the ticket's subject"),
    "status": gettext_lazy("the status the email tells of"),
    "status_explained": gettext_lazy("what that status means, in a sentence"),
    "owner_name": gettext_lazy("who is on it (the assignee, or the queue's team)"),
    "ticket_url": gettext_lazy("the customer's page of the ticket"),
    "agent_url": gettext_lazy("the ticket in the workspace (agents' emails)"),
    "message": gettext_lazy("the message the email carries (a reply, a note...)"),
    "reason": gettext_lazy("why an alert was sent (agents' alerts)"),
    "next_news": gettext_lazy("when the customer will hear from us next"),
    "rating_links": gettext_lazy("the rating and reopen links, where offered"),
    "org_name": gettext_lazy("the organisation's name"),
    "signature": gettext_lazy("the team's signature and how to reach us"),
}


def wording_problems(text: str) -> list[str]:
    """What is wrong with a wording's placeholders ([] when nothing)."""
    problems = [
        _("Unknown placeholder {{ %(name)s }}.") % {"name": name}
        for name in dict.fromkeys(PLACEHOLDER.findall(text))
        if name not in PLACEHOLDERS
    ]
    if OPEN_OR_CLOSE.search(PLACEHOLDER.sub("", text)):
        problems.append(_("A brace is not closed: write placeholders as {{ name }}."))
    return problems


def _load() -> dict[tuple[str, str], EmailWording]:
    rows = EmailWording.objects.filter(is_active=True)
    return {(row.kind, row.language): row for row in rows}


_wordings = VersionedMemo("notifications:wording-version", _load)
wordings_changed = _wordings.changed


def wording_for(notification: Notification) -> EmailWording | None:
    return _wordings.get().get((notification.kind, notification.language))


def values(context: Mapping[str, Any]) -> dict[str, str]:
    """Each placeholder's text for the email whose context this is."""
    ticket, customer, event = context["ticket"], context["customer"], context["event"]
    message = context.get("message")
    return {
        "customer_first_name": customer.first_name,
        "customer_name": customer.name,
        "recipient_first_name": context["recipient_first_name"],
        "reference": ticket.reference,
        "subject": ticket.subject,
        "status": str(context["status_label"]),
        "status_explained": context["status_explained"],
        "owner_name": str(context["owner_name"]),
        "ticket_url": ticket.public_url,
        "agent_url": context["agent_url"],
        "message": message.body if message is not None else "",
        "reason": event.reason or "",
        "next_news": render_to_string(
            "notifications/email/_next_news.txt", dict(context)
        ).strip(),
        "rating_links": render_to_string(
            "notifications/email/_rating.txt", dict(context)
        ).strip(),
        "org_name": context["org"]["name"],
        "signature": render_to_string(
            "notifications/email/_footer.txt", dict(context)
        ).strip(),
    }


def filled(text: str, found: Mapping[str, str], *, escape: bool = False) -> str:
    def one(match: re.Match[str]) -> str:
        value = found[match.group(1)]  # checked when saved: a KeyError is a fault
        return html.escape(value) if escape else value

    return PLACEHOLDER.sub(one, text)


def worded(wording: EmailWording, context: Mapping[str, Any]) -> tuple[str, str, str]:
    """The wording's subject ("" for the built-in), text and HTML, filled
    in for this email. Raises on a wording that cannot be filled."""
    found = values(context)
    subject = " ".join(filled(wording.subject, found).split())
    text = filled(wording.text, found)
    if wording.html.strip():
        body = nh3.clean(filled(wording.html, found, escape=True))
    else:
        body = linebreaks(urlize(html.escape(text)))
    return subject, text, body


def worded_or_none(
    notification: Notification, context: Mapping[str, Any]
) -> tuple[str, str, str] | None:
    """The admin's wording for this email, or None for the built-in one
    (none written, or it failed: the admins are told, the email goes)."""
    wording = wording_for(notification)
    if wording is None:
        return None
    try:
        return worded(wording, context)
    except Exception:
        logger.exception("email wording %s failed; the built-in one is sent", wording)
        if cache.add(f"wording-failed:{wording.pk}", 1, timeout=3600):
            mail_admins(
                f"Email wording failed: {wording}",
                f"The wording '{wording}' could not be filled in for "
                f"{notification.ticket.reference}; the built-in wording was sent "
                "instead. Check it in the admin, under Email wording.",
            )
        return None
