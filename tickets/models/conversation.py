"""A ticket's conversation and its history: messages, their attachments and
the events that make the timeline and the audit trail."""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .agents import display_name
from .core import Status, Ticket, new_access_key


class Message(models.Model):
    class Kind(models.TextChoices):
        CUSTOMER = "customer", _("Customer message")
        REPLY = "reply", _("Public reply")
        NOTE = "note", _("Internal note")

    class Source(models.TextChoices):
        WEB = "web", _("Web form")
        PORTAL = "portal", _("Ticket page")
        EMAIL = "email", _("Email")
        API = "api", _("API")
        AGENT = "agent", _("Agent")
        PHONE = "phone", _("Phone call")
        CHAT = "chat", _("Chat")

    ticket = models.ForeignKey(
        Ticket, on_delete=models.CASCADE, related_name="messages"
    )
    kind = models.CharField(max_length=16, choices=Kind.choices)
    source = models.CharField(max_length=16, choices=Source.choices)
    author_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    body = models.TextField()
    # Written with formatting (tickets.formatting): the cleaned HTML, with
    # ``body`` its faithful text; empty for a message in plain text.
    body_html = models.TextField(blank=True, default="", db_default="")
    # The Message-ID of an email that brought this message in: threading
    # and protection against the same email delivered twice.
    email_message_id = models.CharField(max_length=255, blank=True, db_index=True)
    # Now, or an imported message's own date (set when it is made).
    created_at = models.DateTimeField(default=timezone.now, editable=False, blank=True)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.ticket.reference}"

    @property
    def author_name(self) -> str:
        if self.kind == self.Kind.CUSTOMER:
            return self.ticket.customer.name
        if self.author_user is not None:
            return display_name(self.author_user)
        return str(settings.HELPDESK_TEAM_SIGNATURE)


# What an agent writes: a public reply or an internal note.
AGENT_MESSAGE_KINDS = [
    (kind.value, kind.label) for kind in (Message.Kind.REPLY, Message.Kind.NOTE)
]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # The ticket's secret keeps stored names unguessable; the view checks access.
    return f"attachments/{instance.message.ticket.access_key}/{new_access_key()}"


# Pictures a browser only ever draws (never SVG, which can hold script).
RASTER_IMAGES = ("image/png", "image/jpeg", "image/gif", "image/webp")


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(upload_to=attachment_path, max_length=255)
    filename = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    # An image the email's HTML showed in place (``cid:``): shown inline.
    content_id = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ("pk",)

    def __str__(self) -> str:
        return self.filename

    @property
    def shows_inline(self) -> bool:
        """Shown as a picture in the message (its bytes are checked again
        when it is served)."""
        return bool(self.content_id) and self.content_type in RASTER_IMAGES


class TicketEvent(models.Model):
    """One line of a ticket's history: the audit trail and the timeline."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Ticket opened")
        STATUS_CHANGED = "status_changed", _("Status changed")
        REPLIED = "replied", _("Public reply")
        NOTE_ADDED = "note_added", _("Internal note")
        CUSTOMER_REPLIED = "customer_replied", _("Customer replied")
        ASSIGNED = "assigned", _("Assigned")
        PRIORITY_CHANGED = "priority_changed", _("Priority changed")
        QUEUE_CHANGED = "queue_changed", _("Queue changed")
        CC_ADDED = "cc_added", _("CC added")
        SLA_WARNING = "sla_warning", _("SLA deadline near")
        SLA_BREACHED = "sla_breached", _("SLA deadline missed")
        SILENCE_ALERT = "silence_alert", _("Customer without news")
        STILL_WORKING = "still_working", _("Still-working update")
        PROMISE_MADE = "promise_made", _("Promise made")
        PROMISE_MOVED = "promise_moved", _("Promise moved")
        PROMISE_KEPT = "promise_kept", _("Promise kept")
        PROMISE_DUE = "promise_due", _("Promise due soon")
        RETURNED = "returned", _("Returned to the queue")
        INCIDENT_LINKED = "incident_linked", _("Linked to an incident")
        INCIDENT_UPDATE = "incident_update", _("Incident update")
        FOLLOWUP = "followup", _("Follow-up sent")
        RATED = "rated", _("Customer rated the help")
        TAGS_CHANGED = "tags_changed", _("Tags changed")
        MERGED_INTO = "merged_into", _("Merged into another ticket")
        MERGED_IN = "merged_in", _("Tickets merged in")
        SPLIT_OFF = "split_off", _("Message split off")
        SPLIT_FROM = "split_from", _("Split from another ticket")
        LINKED = "linked", _("Linked")
        UNLINKED = "unlinked", _("Unlinked")
        FIELD_CHANGED = "field_changed", _("Field changed")
        CATEGORY_CHANGED = "category_changed", _("Category changed")
        MENTIONED = "mentioned", _("Agents mentioned")
        TIME_SPENT = "time_spent", _("Time spent")
        RULE_FIRED = "rule_fired", _("Rule applied")
        REDACTED = "redacted", _("Redacted")

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=32, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    by_customer = models.BooleanField(default=False)
    old_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    new_status = models.CharField(max_length=16, choices=Status.choices, blank=True)
    message = models.ForeignKey(
        Message, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    promise = models.ForeignKey(
        "tickets.Promise",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # For assignment, priority and queue changes: from what to what, in words.
    old_value = models.CharField(max_length=200, blank=True)
    new_value = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    incident_update = models.ForeignKey(
        "tickets.IncidentUpdate",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # Help articles offered with the acknowledgement, chosen when the ticket
    # was opened (title, summary, public_url), so that every attempt to send
    # it says the same and sending does no search.
    suggested_articles = models.JSONField(default=list, blank=True, editable=False)
    # What kinds that keep lists or other tickets keep (tags added and
    # removed, the tickets merged in): tickets.models.history_payloads.
    # (A database default too: rows written by COPY, as the bench seeds them.)
    values = models.JSONField(
        default=dict,
        db_default=models.Value({}, output_field=models.JSONField()),
        blank=True,
        editable=False,
    )
    # Now, or an imported message's own date (set when it is made).
    created_at = models.DateTimeField(default=timezone.now, editable=False, blank=True)

    class Meta:
        ordering = ("created_at", "pk")
        constraints: ClassVar = [
            # An incident update reaches each ticket once, however often the
            # fan-out runs.
            models.UniqueConstraint(
                fields=["incident_update", "ticket"],
                condition=models.Q(incident_update__isnull=False),
                name="one_incident_update_per_ticket",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.ticket.reference}"

    @property
    def is_notice(self) -> bool:
        """Watchdog and hand-back events: their reason says it all."""
        return self.kind in NOTICE_KINDS


NOTICE_KINDS = frozenset(
    {
        TicketEvent.Kind.SLA_WARNING,
        TicketEvent.Kind.SLA_BREACHED,
        TicketEvent.Kind.SILENCE_ALERT,
        TicketEvent.Kind.STILL_WORKING,
        TicketEvent.Kind.RETURNED,
    }
)
