"""Email as it arrived, stored before it is read: nothing a customer sends
is lost because it could not be parsed, or because the provider retried."""

import hashlib
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Ticket


class InboundMail(models.Model):
    MAX_READINGS = 3

    class State(models.TextChoices):
        RECEIVED = "received", _("Received, not read yet")
        PROCESSED = "processed", _("Read")
        UNREADABLE = "unreadable", _("Could not be read")
        DISMISSED = "dismissed", _("Could not be read; dismissed by an agent")

    # The Message-ID's hash, or the whole message's when it has none: the
    # same email delivered twice (an ESP retrying a slow webhook) is one row.
    key = models.CharField(max_length=64, unique=True)
    raw = models.BinaryField()
    source = models.CharField(max_length=50)
    state = models.CharField(
        max_length=16, choices=State.choices, default=State.RECEIVED
    )
    sender = models.CharField(max_length=254, blank=True)
    subject = models.CharField(max_length=200, blank=True)
    outcome = models.CharField(max_length=300, blank=True)
    error = models.TextField(blank=True)
    ticket = models.ForeignKey(
        Ticket, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The mailbox it was fetched from (its queue takes new tickets).
    mailbox = models.ForeignKey(
        "tickets.Mailbox",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    received_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Readings begun: one that died (out of memory, the worker killed)
    # leaves the row received, and after MAX_READINGS it is set aside.
    readings = models.PositiveSmallIntegerField(default=0)
    # Old mail imported as history (import_email --history, a mailbox's
    # "import existing mail"): no acknowledgement, its own dates, no targets.
    history = models.BooleanField(default=False)

    class Meta:
        ordering = ("-received_at",)
        indexes: ClassVar = [models.Index(fields=["state", "received_at"])]

    def __str__(self) -> str:
        return f"{self.sender or 'unknown sender'}: {self.subject or '(no subject)'}"

    @staticmethod
    def key_for(raw: bytes, message_id: str) -> str:
        source = message_id.strip().encode() if message_id.strip() else raw
        return hashlib.sha256(source).hexdigest()
