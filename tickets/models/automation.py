"""Rules admins write: when an event of a kind is recorded on a ticket, and
the ticket meets the conditions (all or any), the actions are taken
through the services, as a person's change would be. Each firing is kept
once per rule and event (tickets.services.automation)."""

from typing import ClassVar

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .conversation import TicketEvent

Kind = TicketEvent.Kind

# The events a rule may wait for, in the words admins read.
TRIGGERS = [
    (Kind.CREATED, _("Ticket created")),
    (Kind.CUSTOMER_REPLIED, _("Customer replied")),
    (Kind.REPLIED, _("Agent replied")),
    (Kind.NOTE_ADDED, _("Internal note added")),
    (Kind.STATUS_CHANGED, _("Status changed")),
    (Kind.PRIORITY_CHANGED, _("Priority changed")),
    (Kind.QUEUE_CHANGED, _("Queue changed")),
    (Kind.ASSIGNED, _("Assignee changed")),
    (Kind.TAGS_CHANGED, _("Tags changed")),
    (Kind.FIELD_CHANGED, _("Field changed")),
    (Kind.SLA_WARNING, _("Deadline near")),
    (Kind.SLA_BREACHED, _("Deadline missed")),
    (Kind.RATED, _("Rating received")),
    # Not an event: checked every few minutes (tickets.services.time_rules).
    ("time", _("Time passes (hours since...)")),
]
TIME = "time"


class Rule(models.Model):
    class Match(models.TextChoices):
        ALL = "all", _("All conditions")
        ANY = "any", _("Any condition")

    name = models.CharField(_("name"), max_length=120, unique=True)
    is_active = models.BooleanField(
        _("switched on"),
        default=False,
        help_text=_("Look at the dry run before switching a rule on."),
    )
    position = models.PositiveIntegerField(
        _("order"), default=100, help_text=_("Lower numbers run first.")
    )
    trigger = models.CharField(_("when"), max_length=32, choices=TRIGGERS)
    match = models.CharField(
        _("if"), max_length=3, choices=Match.choices, default=Match.ALL
    )
    # What went wrong last (an action that could not be taken), for admins.
    last_problem = models.TextField(_("last problem"), blank=True, editable=False)
    last_problem_at = models.DateTimeField(null=True, blank=True, editable=False)
    # A time rule: every ticket was tested up to this moment (empty: none
    # yet, or the rule changed since; the next run tests them all).
    checked_until = models.DateTimeField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("position", "pk")
        verbose_name = _("rule")
        verbose_name_plural = _("rules")

    def __str__(self) -> str:
        return self.name


class RuleCondition(models.Model):
    """One test of the ticket (tickets.rules names each ``field``)."""

    class Operator(models.TextChoices):
        IS = "is", _("is")
        IS_NOT = "is_not", _("is not")
        CONTAINS = "contains", _("contains")
        NOT_CONTAINS = "not_contains", _("does not contain")
        AT_LEAST = "at_least", _("is at least")
        UNDER = "under", _("is under")

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="conditions")
    field = models.CharField(_("field"), max_length=40)
    operator = models.CharField(
        _("operator"), max_length=12, choices=Operator.choices, default=Operator.IS
    )
    value = models.CharField(_("value"), max_length=200, blank=True)

    class Meta:
        ordering = ("pk",)
        verbose_name = _("condition")
        verbose_name_plural = _("conditions")

    def __str__(self) -> str:
        return f"{self.field} {self.operator} {self.value}"


class ActionRow(models.Model):
    """One thing a rule or a macro does (tickets.rules names each ``action``)."""

    action = models.CharField(_("action"), max_length=40)
    value = models.TextField(_("value"), blank=True)

    class Meta:
        abstract = True
        ordering = ("pk",)
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return f"{self.action}: {self.value[:40]}"


class RuleAction(ActionRow):
    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="actions")

    class Meta(ActionRow.Meta):
        pass


class RuleFiring(models.Model):
    """A rule acted on an event: at most once (the unique pair)."""

    rule = models.ForeignKey(Rule, on_delete=models.CASCADE, related_name="firings")
    event = models.ForeignKey(TicketEvent, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(fields=("rule", "event"), name="rule_fires_once")
        ]

    def __str__(self) -> str:
        return f"{self.rule} on {self.event_id}"


class TimeRuleFiring(models.Model):
    """A time rule acted on a ticket for one moment of its life (``since``:
    when it was created, went waiting, was resolved...): once. The ticket
    waiting again later is a new moment."""

    rule = models.ForeignKey(
        Rule, on_delete=models.CASCADE, related_name="time_firings"
    )
    ticket = models.ForeignKey(
        "tickets.Ticket", on_delete=models.CASCADE, related_name="+"
    )
    since = models.DateTimeField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=("rule", "ticket", "since"), name="time_rule_fires_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.rule} on ticket {self.ticket_id}"
