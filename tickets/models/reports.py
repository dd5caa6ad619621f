"""What the reports count, stored when it happens (issue 12).

One narrow row per ticket, written by the services at the moment a fact
becomes known (the first reply, a resolution, a deadline missed, news given
to the customer), so that a report over a million tickets is a few scans of
this table and never a walk through their histories. The dimensions a report
filters on (queue, priority, policy, agent) are the ticket's own, kept equal
by the services that change them; the organisation is the customer's when
the ticket was opened.
"""

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Priority, Queue, Ticket
from .sla import Organisation, SLAPolicy


class Channel(models.TextChoices):
    WEB = "web", _("Web form")
    EMAIL = "email", _("Email")
    API = "api", _("API")
    AGENT = "agent", _("Opened by an agent (phone, chat)")


class TicketFacts(models.Model):
    ticket = models.OneToOneField(
        Ticket, primary_key=True, on_delete=models.CASCADE, related_name="facts"
    )
    created_at = models.DateTimeField()
    channel = models.CharField(max_length=8, choices=Channel.choices)
    queue = models.ForeignKey(
        Queue, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    priority = models.CharField(max_length=16, choices=Priority.choices)
    sla_policy = models.ForeignKey(
        SLAPolicy, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    organisation = models.ForeignKey(
        Organisation, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # The first public reply: when, how many business minutes after opening
    # (in the calendar of the ticket's policy; around the clock without
    # one), and whether it came by the deadline. None: not settled yet, or
    # never (a ticket finished without a reply counts for no target).
    first_responded_at = models.DateTimeField(null=True)
    first_response_minutes = models.PositiveIntegerField(null=True)
    first_response_met = models.BooleanField(null=True)
    # Every later answer owed after the customer wrote again.
    next_responses_met = models.PositiveIntegerField(default=0)
    next_responses_missed = models.PositiveIntegerField(default=0)
    # When it was last resolved or closed (None while unfinished), the
    # business minutes its clock ran until then (waiting excluded), and
    # whether the resolution target was kept (once missed, missed).
    resolved_at = models.DateTimeField(null=True)
    resolution_minutes = models.PositiveIntegerField(null=True)
    resolution_met = models.BooleanField(null=True)
    reopened = models.PositiveIntegerField(default=0)
    # The resolution a reopening undid: its day's summary changes too.
    reopened_from = models.DateTimeField(null=True)
    # Customer silence: the longest stretch, while we owed them something
    # (new or open), between two pieces of news from us (an email or a
    # public reply); and the start of the stretch running now, if any.
    longest_silence = models.DurationField(default=timedelta(0))
    silent_since = models.DateTimeField(null=True)
    still_working_updates = models.PositiveIntegerField(default=0)
    articles_suggested = models.PositiveIntegerField(default=0)
    # The customer's rating (the Rating row keeps the comment), when it was
    # last given, and when before that: that day's summary changes too.
    rating = models.CharField(max_length=8, blank=True)
    rated_at = models.DateTimeField(null=True)
    rerated_from = models.DateTimeField(null=True)
    # When any fact last changed: the daily summaries redo those days.
    changed_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "ticket facts"
        verbose_name_plural = "ticket facts"
        permissions: ClassVar = [("view_reports", "Can view reports")]
        indexes: ClassVar = [
            models.Index(fields=["created_at"], name="facts_created"),
            models.Index(fields=["resolved_at"], name="facts_resolved"),
            models.Index(fields=["rated_at"], name="facts_rated"),
            # The backlog when a period starts: what was still unfinished.
            models.Index(
                fields=["created_at"],
                condition=models.Q(resolved_at=None),
                name="facts_unfinished",
            ),
        ]

    def __str__(self) -> str:
        return f"Facts of {self.ticket_id}"


class ReportDay(models.Model):
    """One day's figures, summed from the facts (by the reports' beat task),
    so that a report over hundreds of thousands of tickets reads a row a
    day: for all tickets (``dimension`` "all"), and for each queue,
    priority, policy and agent, every figure with histograms of the
    durations for their medians and percentiles. Days are those tickets
    were opened on, but for ``resolved`` (resolved that day) and the emails
    (written that day)."""

    class Dimension(models.TextChoices):
        ALL = "all", _("All tickets")
        QUEUE = "queue", _("Queue")
        PRIORITY = "priority", _("Priority")
        POLICY = "policy", _("SLA policy")
        AGENT = "agent", _("Agent")
        TAG = "tag", _("Tag")
        FIELD = "field", _("Field value")

    day = models.DateField()
    dimension = models.CharField(max_length=16, choices=Dimension.choices)
    value = models.CharField(max_length=64, blank=True)  # "" for none
    # Counts over the tickets opened that day (see selectors.report_counts).
    opened_web = models.PositiveIntegerField(default=0)
    opened_email = models.PositiveIntegerField(default=0)
    opened_api = models.PositiveIntegerField(default=0)
    opened_agent = models.PositiveIntegerField(default=0)
    first_responses = models.PositiveIntegerField(default=0)
    resolutions = models.PositiveIntegerField(default=0)
    fr_met = models.PositiveIntegerField(default=0)
    fr_missed = models.PositiveIntegerField(default=0)
    next_met = models.PositiveIntegerField(default=0)
    next_missed = models.PositiveIntegerField(default=0)
    res_met = models.PositiveIntegerField(default=0)
    res_missed = models.PositiveIntegerField(default=0)
    resolved_once = models.PositiveIntegerField(default=0)
    reopened = models.PositiveIntegerField(default=0)
    still_working = models.PositiveIntegerField(default=0)
    suggested = models.PositiveIntegerField(default=0)
    silence_longest = models.FloatField(null=True)  # minutes
    # Tickets resolved that day (last resolved or closed then), and ratings
    # given that day (the latest of each ticket's).
    resolved = models.PositiveIntegerField(default=0)
    rated_good = models.PositiveIntegerField(default=0)
    rated_bad = models.PositiveIntegerField(default=0)
    # Bucket counts of each duration (tickets.reporting.bucket), and the
    # emails written that day by outcome.
    histograms = models.JSONField(default=dict)
    emails = models.JSONField(default=dict)
    computed_at = models.DateTimeField()

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["dimension", "value", "day"], name="one_report_day"
            )
        ]
        indexes: ClassVar = [models.Index(fields=["day"], name="report_day")]

    def __str__(self) -> str:
        return f"{self.day} {self.dimension} {self.value}"
