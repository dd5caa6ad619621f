"""Incidents (P7): one problem many customers meet at once, told to all of
them in one update; and what customers tell us after a ticket is solved (P9).
"""

from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

# The portal banner's cached incident; the services forget it on any change.
BANNER_CACHE_KEY = "incident-banner"


class Incident(models.Model):
    class Status(models.TextChoices):
        INVESTIGATING = "investigating", _("Investigating")
        IDENTIFIED = "identified", _("Identified")
        MONITORING = "monitoring", _("Monitoring")
        RESOLVED = "resolved", _("Resolved")

    title = models.CharField(max_length=200)
    summary = models.TextField(
        help_text=_("What customers read on the status page and in the banner.")
    )
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.INVESTIGATING
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown on the status page, the banner and the ticket form."),
    )
    started_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("-started_at", "-pk")

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.RESOLVED


class IncidentUpdate(models.Model):
    """One step of an incident's history. A public one reaches the customer
    of every linked ticket that is not closed, once (see the fan-out)."""

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="updates"
    )
    body = models.TextField()
    status = models.CharField(max_length=16, choices=Incident.Status.choices)
    is_public = models.BooleanField(_("public"), default=True)
    # Resolving the incident may resolve its tickets: with this update, so
    # that each customer gets one email, not two.
    resolves_tickets = models.BooleanField(default=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # When every linked ticket had its timeline entry and email queued.
    fanned_out_at = models.DateTimeField(null=True, blank=True)
    fanned_out_to = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ("created_at", "pk")

    def __str__(self) -> str:
        return f"{self.incident}: {self.get_status_display()}"


class Rating(models.Model):
    """How the customer felt about the help they got: one per ticket, changed
    as often as they like while their link is valid."""

    class Score(models.TextChoices):
        GOOD = "good", _("Good")
        BAD = "bad", _("Bad")

    ticket = models.OneToOneField(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="rating"
    )
    score = models.CharField(max_length=8, choices=Score.choices)
    comment = models.TextField(blank=True)
    rated_at = models.DateTimeField()

    class Meta:
        indexes: ClassVar = [models.Index(fields=["rated_at"], name="rating_rated_at")]

    def __str__(self) -> str:
        return f"{self.get_score_display()} for {self.ticket_id}"
