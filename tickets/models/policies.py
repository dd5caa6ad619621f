"""The desk's policies, edited in the admin (one row): how long before the
silence alert and the update to a customer who has had no news, when the
follow-up goes, when similar tickets make an incident, and how many
replies a ticket takes in a while. Empty: the environment's value
(tickets.policies reads them)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

# field name -> the setting that is its default
DEFAULTS = {
    "silence_alert_hours": "HELPDESK_SILENCE_ALERT_HOURS",
    "silence_update_hours": "HELPDESK_SILENCE_UPDATE_HOURS",
    "followup_delay_minutes": "HELPDESK_FOLLOWUP_DELAY_MINUTES",
    "followup_window_days": "HELPDESK_FOLLOWUP_WINDOW_DAYS",
    "similar_tickets": "HELPDESK_SIMILAR_TICKETS",
    "similar_minutes": "HELPDESK_SIMILAR_MINUTES",
    "similar_score": "HELPDESK_SIMILAR_SCORE",
    "reply_limit_per_ticket": "HELPDESK_REPLY_LIMIT_PER_TICKET",
    "reply_limit_window_seconds": "HELPDESK_REPLY_LIMIT_WINDOW_SECONDS",
}


def _number(
    label: StrOrPromise,
    help_text: StrOrPromise,
    *,
    least: int = 1,
    most: int = 1_000_000,
) -> "models.PositiveIntegerField[int | None, int | None]":
    return models.PositiveIntegerField(
        label,
        null=True,
        blank=True,
        help_text=help_text,
        validators=[MinValueValidator(least), MaxValueValidator(most)],
    )


class Policies(models.Model):
    silence_alert_hours = _number(
        _("silence alert after (hours)"),
        _("Agents are alerted when a customer has had no news for this long."),
    )
    silence_update_hours = _number(
        _("update the customer after (hours)"),
        _("The customer is told we are still on it after this long without news."),
    )
    followup_delay_minutes = _number(
        _("follow-up after (minutes)"),
        _("How long after a ticket is resolved the customer is asked how it went."),
        least=0,
    )
    followup_window_days = _number(
        _("follow-up window (days)"),
        _("Tickets resolved longer ago than this get no follow-up."),
    )
    similar_tickets = _number(
        _("similar tickets for an incident"),
        _("This many similar tickets in the period suggest an incident."),
    )
    similar_minutes = _number(
        _("similar tickets within (minutes)"),
        _("The period in which similar tickets are counted."),
    )
    similar_score = _number(
        _("similarity needed (percent)"),
        _("How alike two subjects must be to count as similar."),
        most=100,
    )
    reply_limit_per_ticket = _number(
        _("customer replies per ticket"),
        _("More replies than this in the window are held back (a loop or a flood)."),
    )
    reply_limit_window_seconds = _number(
        _("reply window (seconds)"), _("The window the reply limit counts in.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("policies")
        verbose_name_plural = _("policies")

    def __str__(self) -> str:
        return str(_("Policies"))
