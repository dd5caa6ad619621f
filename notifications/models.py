"""The outbox: one row per email to one recipient, the source of truth.

The Celery queue is only a doorbell: a row is claimed with a conditional
update before it is sent, so a repeated task is harmless, and a periodic
sweep re-enqueues rows nobody delivered.
"""

import secrets
import uuid
from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    class Kind(models.TextChoices):
        ACKNOWLEDGEMENT = "acknowledgement", _("Acknowledgement")
        STATUS_CHANGED = "status_changed", _("Status change")
        REPLY = "reply", _("Public reply")
        AGENT_NEW_TICKET = "agent_new_ticket", _("New ticket (to agents)")
        AGENT_CUSTOMER_REPLIED = (
            "agent_customer_replied",
            _("Customer replied (to agent)"),
        )
        SLA_WARNING = "agent_sla_warning", _("SLA deadline near (to agents)")
        SLA_BREACHED = "agent_sla_breached", _("SLA deadline missed (escalation)")
        SILENCE_ALERT = "agent_silence_alert", _("Customer without news (to agent)")
        PROMISE_DUE = "agent_promise_due", _("Promise due soon (to agent)")
        STILL_WORKING = "still_working", _("Still working on it (to customer)")
        PROMISE_MOVED = "promise_moved", _("Promise moved (to customer)")
        INCIDENT_UPDATE = "incident_update", _("Incident update (to customer)")
        FOLLOWUP = "followup", _("Follow-up after resolution (to customer)")
        BAD_RATING = "agent_bad_rating", _("Bad rating (to agent)")
        FOLLOWED = "agent_followed", _("News on a followed ticket (to agent)")
        MERGED = "merged", _("Requests merged into one (to customer)")
        MENTIONED = "agent_mentioned", _("Mentioned in a note (to agent)")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=32, choices=Kind.choices)
    event = models.ForeignKey(
        "tickets.TicketEvent", on_delete=models.CASCADE, related_name="notifications"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="notifications"
    )
    recipient_email = models.EmailField()
    recipient_name = models.CharField(max_length=200, blank=True)
    # The recipient's language when the row was written: the worker renders
    # the email in it, never in the server's.
    language = models.CharField(
        max_length=16, default=settings.LANGUAGE_CODE, db_default=settings.LANGUAGE_CODE
    )
    state = models.CharField(
        max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    provider_message_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("email in the outbox")
        verbose_name_plural = _("outbox")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["event", "recipient_email"],
                name="one_email_per_event_recipient",
            ),
        ]
        indexes: ClassVar = [
            models.Index(fields=["state", "next_attempt_at"]),
            # Email health in the reports: what was written in a period.
            models.Index(fields=["created_at"], name="notification_created"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.recipient_email}"

    @property
    def is_delayed(self) -> bool:
        """Not sent yet, and later than anyone would expect: agents see it."""
        late = timedelta(minutes=settings.OUTBOX_DELAYED_AFTER_MINUTES)
        unsent = self.state in (self.State.PENDING, self.State.SENDING)
        return unsent and timezone.now() - self.created_at > late

    @property
    def to_agent(self) -> bool:
        return self.kind.startswith("agent_")

    @property
    def message_id(self) -> str:
        """A stable Message-ID: the same on every attempt, for threading."""
        domain = settings.HELPDESK_SUPPORT_EMAIL.rpartition("@")[2] or "helpdesk"
        return f"<{self.uuid}@{domain}>"


class Heartbeat(models.Model):
    """When the outbox sweep last ran: beat scheduled it and a worker ran
    it. Stale means emails whose doorbell was lost wait, and the watchdogs
    are silent (``notifications.health``)."""

    name = models.CharField(max_length=50, unique=True)
    beat_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name}: {self.beat_at:%Y-%m-%d %H:%M:%S}"


def webhook_secret() -> str:
    return secrets.token_hex(32)


class Webhook(models.Model):
    """An address told of events of the kinds chosen: a signed JSON post
    for each (``WebhookDelivery``, the webhook outbox)."""

    name = models.CharField(_("name"), max_length=120, unique=True)
    url = models.URLField(_("address"), max_length=500)
    kinds = models.JSONField(_("events"), default=list, blank=True)
    # Signs each post (HMAC-SHA256); shown once, when the hook is made.
    secret = models.CharField(max_length=64, default=webhook_secret, editable=False)
    is_active = models.BooleanField(_("switched on"), default=True)
    failing_since = models.DateTimeField(null=True, blank=True, editable=False)
    switched_off_reason = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name",)
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")

    def __str__(self) -> str:
        return self.name


class WebhookDelivery(models.Model):
    """One post to one address about one event: written in the event's
    transaction, claimed before it is sent, retried with backoff for
    ``HELPDESK_WEBHOOK_RETRY_HOURS``; its ``uuid`` is the idempotency key
    the receiver sees on every attempt."""

    class Style(models.TextChoices):
        JSON = "json", _("Signed JSON")
        SLACK = "slack", _("Slack")
        TEAMS = "teams", _("Microsoft Teams")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        DELIVERED = "delivered", _("Delivered")
        FAILED = "failed", _("Failed")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    hook = models.ForeignKey(
        Webhook,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    url = models.URLField(max_length=500)
    style = models.CharField(max_length=8, choices=Style.choices, default=Style.JSON)
    event = models.ForeignKey(
        "tickets.TicketEvent", on_delete=models.CASCADE, related_name="+"
    )
    payload = models.JSONField()
    state = models.CharField(
        max_length=16, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["hook", "event"],
                condition=models.Q(hook__isnull=False),
                name="one_post_per_hook_event",
            ),
        ]
        indexes: ClassVar = [models.Index(fields=["state", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_style_display()} to {self.url}"


class EmailWording(models.Model):
    """An email kind's wording in one language, written by an admin, with
    placeholders (notifications.wording); without one, the built-in
    wording is sent."""

    kind = models.CharField(
        _("email"), max_length=32, choices=Notification.Kind.choices
    )
    language = models.CharField(
        _("language"), max_length=16, choices=settings.LANGUAGES
    )
    subject = models.CharField(
        _("subject"),
        max_length=300,
        blank=True,
        help_text=_("Empty: the built-in subject."),
    )
    text = models.TextField(_("text"), help_text=_("The email's plain text."))
    html = models.TextField(
        _("HTML"),
        blank=True,
        help_text=_("Empty: made from the text (paragraphs and links)."),
    )
    is_active = models.BooleanField(_("in use"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("kind", "language")
        verbose_name = _("email wording")
        verbose_name_plural = _("email wording")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("kind", "language"), name="one_wording_per_kind_and_language"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.language})"
