"""What belongs to agents: their preferences and their canned responses."""

import re
from collections.abc import Mapping
from typing import ClassVar

from django.conf import settings
from django.contrib.auth.base_user import AbstractBaseUser
from django.db import models
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from helpdesk.core.locales import language_choices

from ..formatting import filled


def display_name(user: AbstractBaseUser) -> str:
    """How a person of staff is named everywhere: their full name, else
    their username."""
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or user.get_username())


class AgentProfile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agent_profile"
    )
    notify_new_ticket = models.BooleanField(
        default=True,
        help_text=_("Email me when a new unassigned ticket reaches my queues."),
    )
    notify_customer_reply = models.BooleanField(
        default=True, help_text=_("Email me when a customer of mine replies.")
    )
    notify_followed = models.BooleanField(
        default=True,
        help_text=_(
            "Email me when a customer replies to a ticket I follow, or its "
            "status changes."
        ),
    )
    notify_mentioned = models.BooleanField(
        default=True,
        help_text=_("Email me when a colleague mentions me in a note."),
    )
    assign_on_reply = models.BooleanField(
        default=True,
        help_text=_("Answering an unassigned ticket makes it mine."),
    )
    away_until = models.DateTimeField(
        null=True,
        blank=True,
        help_text=_("While away, tickets of yours falling due go back to their queue."),
    )
    language = models.CharField(
        _("interface language"),
        max_length=16,
        blank=True,
        choices=language_choices,
        help_text=_(
            "The workspace and your emails in this language; empty: your browser's."
        ),
    )

    def __str__(self) -> str:
        return f"Profile of {self.user}"

    @property
    def is_away(self) -> bool:
        return self.away_until is not None and self.away_until > timezone.now()


PLACEHOLDER = re.compile(r"\{\{\s*([a-z_]+)\s*\}\}")
PLACEHOLDERS = {
    "customer_first_name": _("the customer's first name"),
    "customer_name": _("the customer's full name"),
    "reference": _("the ticket reference, e.g. HD-1042"),
    "subject": _("the ticket's subject"),
    "agent_first_name": _("your first name"),
    "agent_name": _("your full name"),
}


class CannedResponse(models.Model):
    """A reply written once with care; shared (no owner) or an agent's own."""

    title = models.CharField(max_length=120)
    body = models.TextField(
        help_text=format_lazy(
            "{}{}",
            _("Placeholders: "),
            ", ".join("{{ %s }}" % name for name in PLACEHOLDERS),  # noqa: UP031
        )
    )
    # Written with formatting: the cleaned HTML, ``body`` its text.
    body_html = models.TextField(blank=True, default="", db_default="")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="canned_responses",
        help_text=_("Empty: shared with every agent."),
    )
    language = models.CharField(
        _("language"),
        max_length=16,
        blank=True,
        choices=language_choices,
        help_text=_("Offered first to customers who speak it; empty: any language."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("title",)

    def __str__(self) -> str:
        return self.title

    def render(self, values: Mapping[str, str]) -> str:
        """Fill the placeholders; an unknown one is left as written."""
        return PLACEHOLDER.sub(lambda m: values.get(m.group(1), m.group(0)), self.body)

    def render_html(self, values: Mapping[str, str]) -> str:
        """The formatted text with its placeholders filled (escaped); empty
        for one written in plain text."""
        return filled(self.body_html, values, PLACEHOLDER) if self.body_html else ""


class AgentAlert(models.Model):
    """A notification inside the workspace (the bell): one per agent and
    event, written beside the emails the event calls for, whether or not the
    agent has an address or wants the email. ``kind`` is the email's kind
    (notifications.models.Notification.Kind). Read when the agent opens the
    ticket, or marks them all read."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    event = models.ForeignKey(
        "tickets.TicketEvent", on_delete=models.CASCADE, related_name="alerts"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="alerts"
    )
    kind = models.CharField(max_length=32)
    read_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ("-created_at", "-pk")
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["user", "event"], name="one_alert_per_agent_event"
            ),
        ]
        indexes: ClassVar = [
            # The bell's count, on every page: an agent's unread ones.
            models.Index(
                fields=["user", "ticket"],
                condition=models.Q(read_at__isnull=True),
                name="alert_unread",
            ),
            models.Index(fields=["user", "-created_at"], name="alert_recent"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} for {self.user}"
