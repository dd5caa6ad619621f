"""Turning an outbox row into an email: subject, text, HTML and headers."""

from datetime import timedelta
from email.headerregistry import Address
from email.mime.image import MIMEImage
from email.utils import parseaddr
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from tickets import links, sla
from tickets.context_processors import organisation_contact
from tickets.models import (
    STATUS_EXPLAINED,
    Attachment,
    Message,
    Status,
    Ticket,
    display_name,
    format_reference,
)

from .models import EmailWording, Notification
from .wording import worded, worded_or_none

# RFC 3834: our acknowledgement is an automatic reply, status notices are
# generated; a person's reply is neither.
AUTO_SUBMITTED: dict[str, str] = {
    str(kind): "auto-generated" for kind in Notification.Kind
}
AUTO_SUBMITTED[Notification.Kind.ACKNOWLEDGEMENT] = "auto-replied"
del AUTO_SUBMITTED[Notification.Kind.REPLY]
SUBJECT_LEAD: dict[str, Promise] = {
    Notification.Kind.ACKNOWLEDGEMENT: _("We received your request"),
    Notification.Kind.REPLY: _("Re"),
    Notification.Kind.AGENT_NEW_TICKET: _("New ticket"),
    Notification.Kind.AGENT_CUSTOMER_REPLIED: _("Customer replied"),
    Notification.Kind.SLA_WARNING: _("Deadline near"),
    Notification.Kind.SLA_BREACHED: _("Deadline missed"),
    Notification.Kind.SILENCE_ALERT: _("No news for the customer"),
    Notification.Kind.PROMISE_DUE: _("Promise due"),
    Notification.Kind.STILL_WORKING: _("Still working on your request"),
    Notification.Kind.PROMISE_MOVED: _("A new date for what we promised"),
    Notification.Kind.INCIDENT_UPDATE: _("Update on a known problem"),
    Notification.Kind.FOLLOWUP: _("Is everything working now?"),
    Notification.Kind.BAD_RATING: _("Bad rating"),
    Notification.Kind.FOLLOWED: _("On a ticket you follow"),
    Notification.Kind.MERGED: _("Your requests are now one"),
    Notification.Kind.MENTIONED: _("You were mentioned"),
}
# Alerts to agents share one template: the event's reason says what is up.
TEMPLATE: dict[str, str] = {
    Notification.Kind.SLA_WARNING: "agent_alert",
    Notification.Kind.SLA_BREACHED: "agent_alert",
    Notification.Kind.SILENCE_ALERT: "agent_alert",
    Notification.Kind.PROMISE_DUE: "agent_alert",
}


def _subject(notification: Notification) -> str:
    ticket = notification.ticket
    if notification.kind == Notification.Kind.STATUS_CHANGED:
        lead = str(Status(notification.event.new_status).label)
    else:
        lead = str(SUBJECT_LEAD[notification.kind])
    subject = f"[{ticket.reference}] {lead}: {ticket.subject}"
    return " ".join(subject.split())  # never a header injection


def _quoted_message(notification: Notification) -> Message | None:
    """The customer's message a reply answers, quoted under it (P15)."""
    reply = notification.event.message
    if notification.kind != Notification.Kind.REPLY or reply is None:
        return None
    return (
        notification.ticket.messages.filter(
            kind=Message.Kind.CUSTOMER, created_at__lte=reply.created_at
        )
        .order_by("-created_at", "-pk")
        .first()
    )


def _thread_headers(notification: Notification) -> dict[str, str]:
    """Earlier emails to the same person about the same ticket, so that the
    customer's mail program shows one thread per ticket."""
    if notification.kind == Notification.Kind.ACKNOWLEDGEMENT:
        return {}  # the first email of every ticket: it starts the thread
    earlier = list(
        Notification.objects.filter(
            ticket=notification.ticket,
            recipient_email=notification.recipient_email,
            created_at__lte=notification.created_at,
        )
        .exclude(pk=notification.pk)
        .exclude(state=Notification.State.FAILED)
        .order_by("created_at", "pk")
        .values_list("uuid", flat=True)[:20]
    )
    if not earlier:
        return {}
    ids = [Notification(uuid=value).message_id for value in earlier]
    return {"In-Reply-To": ids[-1], "References": " ".join(ids)}


def _offers_rating(notification: Notification, is_customer: bool) -> bool:
    """The follow-up asks for a rating; so does any email that tells the
    customer their request is resolved."""
    event = notification.event
    if not is_customer or notification.kind == Notification.Kind.ACKNOWLEDGEMENT:
        return False
    if notification.kind == Notification.Kind.FOLLOWUP:
        return True
    return event.new_status == Status.RESOLVED and not event.by_customer


def render_notification(
    notification: Notification, wording: EmailWording | None = None
) -> EmailMultiAlternatives:
    """The email in its recipient's language, whoever's the server's is.
    ``wording``: this one, not the one in use (the admin's preview; a
    wording that fails then raises)."""
    with translation.override(notification.language):
        return _render(notification, wording)


def _render(
    notification: Notification, wording: EmailWording | None
) -> EmailMultiAlternatives:
    ticket = notification.ticket
    event = notification.event
    message = event.message
    assignee = ticket.assignee
    # The status this email announces, even if the ticket has moved on since.
    status = event.new_status or ticket.status
    now = timezone.now()
    is_customer = notification.recipient_email == ticket.customer.email
    update = event.incident_update
    context = {
        "notification": notification,
        "ticket": ticket,
        "customer": ticket.customer,
        "event": event,
        "message": message,
        # Known already where the delivery read the row (has_attachments).
        "attachments": list(message.attachments.all())
        if message and getattr(notification, "has_attachments", True)
        else [],
        "status_label": Status(status).label,
        "status_explained": str(STATUS_EXPLAINED[status]),
        "quoted": _quoted_message(notification),
        "recipient_first_name": notification.recipient_name.split()[0]
        if notification.recipient_name.strip()
        else "",
        "is_customer": is_customer,
        "update": update,
        "incident": update.incident if update else None,
        "rating": links.rating_urls(ticket.pk)
        if _offers_rating(notification, is_customer)
        else None,
        "agent_url": settings.SITE_URL + reverse("agent:ticket", args=[ticket.pk]),
        "owner_name": display_name(assignee)
        if assignee
        else _("our %(queue)s team") % {"queue": ticket.queue.name},
        "time_zone": sla.time_zone(ticket),
        "next_news": sla.next_news(ticket, now),
        "now": now,
        # Chosen when the ticket was opened: the same on every attempt.
        "articles": event.suggested_articles
        if notification.kind == Notification.Kind.ACKNOWLEDGEMENT
        else [],
        "org": organisation_contact(notification.language),
        "site_url": settings.SITE_URL,
        # A merge: the references the customer knew, now on this ticket.
        "merged": [format_reference(pk) for pk in event.values.get("tickets", [])]
        if notification.kind == Notification.Kind.MERGED
        else [],
    }
    riding = _files(notification, context)
    name = TEMPLATE.get(notification.kind, notification.kind)
    template = f"notifications/email/{name}"
    # The admins' wording where they wrote one (the built-in one otherwise).
    subject, text, html = (
        worded(wording, context) if wording else worded_or_none(notification, context)
    ) or ("", "", "")
    email = EmailMultiAlternatives(
        subject=subject or _subject(notification),
        body=text or render_to_string(f"{template}.txt", context),
        from_email=_sender(ticket),
        to=[_address(notification)],
        reply_to=[]
        if notification.to_agent
        else [ticket.reply_address or settings.HELPDESK_SUPPORT_EMAIL],
        headers={
            "Message-ID": notification.message_id,
            "X-Helpdesk-Ticket": ticket.reference,
            # RFC 3282: what the text is written in (mail programs, screen readers).
            "Content-Language": notification.language,
            **_thread_headers(notification),
        },
    )
    for attachment in riding:
        with attachment.file.open("rb") as opened:
            content = opened.read()
        if attachment.content_id and attachment.content_type.startswith("image/"):
            email.attach(_picture(attachment, content))
        else:
            email.attach(attachment.filename, content, attachment.content_type)
    if notification.kind in AUTO_SUBMITTED:
        email.extra_headers["Auto-Submitted"] = AUTO_SUBMITTED[notification.kind]
    email.attach_alternative(
        html or render_to_string(f"{template}.html", context), "text/html"
    )
    return email


def _files(notification: Notification, context: dict[str, Any]) -> list[Any]:
    """A reply's files: the parts of its email up to the configured total;
    above it, links that expire instead (``file_links``), and the email says
    until when."""
    files = (
        context["attachments"] if notification.kind == Notification.Kind.REPLY else []
    )
    # A formatted reply's pictures: its parts named by Content-ID, or links.
    context["inline_sources"] = {}
    if sum(a.size for a in files) <= settings.HELPDESK_EMAIL_FILES_BYTES:
        context["inline_sources"] = {
            a.content_id: f"cid:{a.content_id}" for a in files if a.content_id
        }
        return list(files)
    context["file_links"] = [(a, links.file_url(a.pk)) for a in files]
    context["inline_sources"] = {
        a.content_id: url for a, url in context["file_links"] if a.content_id
    }
    context["links_until"] = timezone.now() + timedelta(
        days=settings.HELPDESK_FILE_LINK_DAYS
    )
    return []


def _picture(attachment: Attachment, content: bytes) -> MIMEImage:
    """A picture shown in the text: inline, named by its Content-ID."""
    subtype = attachment.content_type.partition("/")[2] or "png"
    part = MIMEImage(content, _subtype=subtype)
    part.add_header("Content-ID", f"<{attachment.content_id}>")
    part.add_header("Content-Disposition", "inline", filename=attachment.filename)
    return part


def _sender(ticket: Ticket) -> str:
    """The address the customer wrote to, under the default sender's name."""
    if not ticket.reply_address:
        return str(settings.DEFAULT_FROM_EMAIL)
    name, _default = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return str(Address(display_name=name, addr_spec=ticket.reply_address))


def _address(notification: Notification) -> str:
    name = " ".join(notification.recipient_name.split())
    if not name:
        return notification.recipient_email
    return str(Address(display_name=name, addr_spec=notification.recipient_email))
