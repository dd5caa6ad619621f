"""Customers, queues, tickets and their status rules (the conversation and
the history are in conversation.py)."""

import secrets
from enum import nonmember
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from helpdesk.core.fields import language_field
from helpdesk.core.parsing import as_id


def new_access_key() -> str:
    """The secret in a customer's ticket link: 192 random bits."""
    return secrets.token_urlsafe(24)


class Customer(models.Model):
    email = models.EmailField(unique=True)  # stored lower-cased by the services
    name = models.CharField(max_length=200)
    organisation = models.ForeignKey(
        "tickets.Organisation",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="customers",
    )
    is_vip = models.BooleanField("VIP", default=False)
    # What every email to them is written in: their browser's on the web
    # form, their mail's Content-Language, or what they chose on their page.
    language = language_field()
    created_at = models.DateTimeField(auto_now_add=True)
    # Erasure (tickets.services.erasure): asked for, and done. Asked for and
    # not done: a run stopped mid-way; the sweep finishes it.
    erase_requested_at = models.DateTimeField(null=True, blank=True, editable=False)
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Kept whatever a retention schedule says (a dispute, a court order).
    legal_hold = models.BooleanField(_("legal hold"), default=False, db_default=False)

    class Meta:
        ordering = ("email",)

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>"

    @property
    def first_name(self) -> str:
        return self.name.split()[0] if self.name.strip() else self.email

    @property
    def vip(self) -> bool:
        """A VIP themselves, or through their organisation."""
        organisation = self.organisation if self.organisation_id else None
        return self.is_vip or bool(organisation and organisation.is_vip)


class Queue(models.Model):
    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(unique=True)
    is_default = models.BooleanField(
        default=False, help_text=_("New tickets from the web form land here.")
    )
    agents = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="agent_queues",
        help_text=_("Told about new unassigned tickets, as their profile allows."),
    )

    class Assignment(models.TextChoices):
        OFF = "off", _("Off: tickets wait in the queue")
        ROUND_ROBIN = "round_robin", _("Round robin among the queue's agents")
        FEWEST_OPEN = "fewest_open", _("To the agent with the fewest open tickets")

    assignment = models.CharField(
        _("automatic assignment"),
        max_length=16,
        choices=Assignment.choices,
        default=Assignment.OFF,
        db_default=Assignment.OFF,
        help_text=_(
            "New tickets (and tickets moved here unassigned) go to one of the "
            "queue's agents who is not away."
        ),
    )
    # Round robin: whom the queue gave a ticket to last.
    last_assigned = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )

    class Meta:
        ordering = ("name",)

    def __str__(self) -> str:
        return self.name


class Status(models.TextChoices):
    NEW = "new", _("New")
    OPEN = "open", _("Open")
    WAITING = "waiting", _("Waiting on customer")
    RESOLVED = "resolved", _("Resolved")
    CLOSED = "closed", _("Closed")

    # The clock runs: an agent owes the customer something.
    ACTIVE = nonmember(("new", "open"))
    # The clock stands still: the ball is with the customer, or it is done.
    PAUSED = nonmember(("waiting", "resolved", "closed"))
    # Not finished: deadlines still matter (recomputed when a policy changes).
    UNFINISHED = nonmember(("new", "open", "waiting"))


# Which status may follow which. The services check it; pages only offer these.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.NEW: frozenset(
        {Status.OPEN, Status.WAITING, Status.RESOLVED, Status.CLOSED}
    ),
    Status.OPEN: frozenset({Status.WAITING, Status.RESOLVED, Status.CLOSED}),
    Status.WAITING: frozenset({Status.OPEN, Status.RESOLVED, Status.CLOSED}),
    Status.RESOLVED: frozenset({Status.OPEN, Status.CLOSED}),
    Status.CLOSED: frozenset({Status.OPEN}),
}

# What the customer reads about each status: what it means, what happens next.
STATUS_EXPLAINED: dict[str, str | Promise] = {
    Status.NEW: _(
        "We have received your request. An agent will read it and reply; you "
        "will get an email the moment anything happens."
    ),
    Status.OPEN: _(
        "An agent is working on your request. We will email you as soon as we "
        "have news or need something from you."
    ),
    Status.WAITING: _(
        "We need something from you before we can go on: please read our last "
        "message and reply to it, by email or on your ticket page."
    ),
    Status.RESOLVED: _(
        "We believe your request is solved. If anything is still wrong, just "
        "reply and the ticket reopens."
    ),
    Status.CLOSED: _(
        "This ticket is closed. If you need more help with it, reply and it reopens."
    ),
}


class Priority(models.TextChoices):
    LOW = "low", _("Low")
    NORMAL = "normal", _("Normal")
    HIGH = "high", _("High")
    URGENT = "urgent", _("Urgent")


class Ticket(models.Model):
    access_key = models.CharField(
        max_length=64, unique=True, default=new_access_key, editable=False
    )
    subject = models.CharField(max_length=200)
    customer = models.ForeignKey(
        Customer, on_delete=models.PROTECT, related_name="tickets"
    )
    queue = models.ForeignKey(Queue, on_delete=models.PROTECT, related_name="tickets")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.NEW, editable=False
    )
    priority = models.CharField(
        max_length=16, choices=Priority.choices, default=Priority.NORMAL
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="assigned_tickets",
    )
    # When it was asked (now, or an imported message's own date).
    created_at = models.DateTimeField(
        default=timezone.now, editable=False, blank=True, db_index=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    first_response_due_at = models.DateTimeField(null=True, blank=True)
    first_responded_at = models.DateTimeField(null=True, blank=True)
    last_customer_message_at = models.DateTimeField(null=True, blank=True)
    # The next moment an agent owes the customer an answer; empty while the
    # ball is in the customer's court or the ticket is done. The queue sorts
    # on it, so the services keep it up to date.
    due_at = models.DateTimeField(null=True, blank=True)
    # When the share of the target set in the policy has passed: warn then.
    due_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    # Service level: the policy chosen, the resolution deadline, and the time
    # its clock stood still (waiting on the customer, resolved, closed).
    sla_policy = models.ForeignKey(
        "tickets.SLAPolicy", null=True, blank=True, on_delete=models.SET_NULL
    )
    resolution_due_at = models.DateTimeField(null=True, blank=True)
    resolution_warn_at = models.DateTimeField(null=True, blank=True, editable=False)
    resolved_at = models.DateTimeField(null=True, blank=True)
    sla_paused_at = models.DateTimeField(null=True, blank=True)
    sla_paused_minutes = models.PositiveIntegerField(default=0)
    # Watchdogs: which deadline was warned about or escalated (once each), and
    # when the customer last heard from us.
    due_warned_for = models.DateTimeField(null=True, editable=False)
    due_escalated_for = models.DateTimeField(null=True, editable=False)
    resolution_warned_for = models.DateTimeField(null=True, editable=False)
    resolution_escalated_for = models.DateTimeField(null=True, editable=False)
    last_customer_news_at = models.DateTimeField(null=True, blank=True)
    silence_alerted_at = models.DateTimeField(null=True, editable=False)
    # The known problem this ticket is part of (P7), and the follow-up sent
    # after it was resolved (P9): once per ticket.
    incident = models.ForeignKey(
        "tickets.Incident",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    followup_sent_at = models.DateTimeField(null=True, editable=False)
    # Kept whatever a retention schedule says (tickets.models.retention).
    legal_hold = models.BooleanField(_("legal hold"), default=False, db_default=False)
    # The support address the customer wrote to (a mailbox's, or an alias):
    # every email about the ticket comes from it. Empty: the default one.
    # (A database default too: rows written by COPY, as the bench seeds them.)
    reply_address = models.EmailField(
        blank=True, default="", db_default="", editable=False
    )
    followers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="followed_tickets"
    )
    cc = models.ManyToManyField(
        Customer,
        blank=True,
        related_name="cc_tickets",
        verbose_name="CC",
        help_text=_("Also emailed about every step, one email each."),
    )
    tags = models.ManyToManyField("tickets.Tag", blank=True, related_name="tickets")
    # What the customer said it is about (their form's first question).
    category = models.ForeignKey(
        "tickets.TicketCategory",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tickets",
    )
    # A ticket merged into another is closed and points there: its mail,
    # its customer's link and its references lead to the survivor.
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_tickets",
        editable=False,
    )
    # Subject, people and every message, for search (see selectors).
    search_document = models.TextField(blank=True, default="", editable=False)

    class Meta:
        ordering = ("-created_at",)
        indexes: ClassVar = [
            models.Index(fields=["status", "created_at"]),
            models.Index(fields=["status", "due_at", "id"], name="ticket_queue_order"),
            # "All open" and "unassigned", read in deadline order, stop at a page.
            models.Index(
                fields=["due_at", "id"],
                condition=models.Q(status__in=list(Status.ACTIVE)),
                name="ticket_active_by_due",
            ),
            # "Mine", read in deadline order: with a filter (priority, queue)
            # it walks this until a page is full instead of sorting them all.
            models.Index(
                fields=["assignee", "due_at", "id"],
                condition=models.Q(status__in=list(Status.UNFINISHED)),
                name="ticket_mine_by_due",
            ),
            models.Index(fields=["status", "due_warn_at"], name="ticket_due_warn"),
            models.Index(
                fields=["status", "resolution_warn_at"], name="ticket_resolution_warn"
            ),
            models.Index(
                fields=["status", "resolution_due_at"], name="ticket_resolution_due"
            ),
            models.Index(
                fields=["status", "last_customer_news_at"], name="ticket_news"
            ),
            # Time rules: "hours since" each moment, within a status.
            models.Index(
                fields=["status", "last_customer_message_at"],
                name="ticket_customer_wrote",
            ),
            models.Index(fields=["status", "sla_paused_at"], name="ticket_paused"),
            models.Index(fields=["status", "resolved_at"], name="ticket_resolved"),
            # "Anything changed since?": the workspace's live updates ask.
            models.Index(fields=["updated_at"], name="ticket_updated_at"),
            # The follow-up watchdog reads resolved tickets not followed up yet.
            models.Index(
                fields=["resolved_at"],
                condition=models.Q(status="resolved", followup_sent_at=None),
                name="ticket_followup_due",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("tickets:detail", kwargs={"key": self.access_key})

    @property
    def reference(self) -> str:
        return format_reference(self.pk)

    @property
    def due_risk(self) -> str:
        """For colours: overdue, soon (past the warning share) or ok."""
        if self.due_at is None:
            return "none"
        now = timezone.now()
        if self.due_at <= now:
            return "overdue"
        return "soon" if self.due_warn_at and self.due_warn_at <= now else "ok"

    @property
    def status_explained(self) -> str:
        return str(STATUS_EXPLAINED[self.status])

    @property
    def public_url(self) -> str:
        """The customer's ticket page, absolute, for emails."""
        return f"{settings.SITE_URL}{self.get_absolute_url()}"


REFERENCE_OFFSET = 1000


def format_reference(pk: int) -> str:
    """``HD-1042``: short enough to read out on the phone."""
    return f"{settings.HELPDESK_REFERENCE_PREFIX}-{pk + REFERENCE_OFFSET}"


def parse_reference(reference: str) -> int | None:
    """The ticket id in a reference, or None when it is not one of ours."""
    prefix, _sep, number = reference.strip().upper().rpartition("-")
    number_id = as_id(number)
    if prefix != settings.HELPDESK_REFERENCE_PREFIX.upper() or number_id is None:
        return None
    pk = number_id - REFERENCE_OFFSET
    return pk if pk > 0 else None
