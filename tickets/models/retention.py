"""How long things are kept (issue 31): schedules admins write, run by the
beat in chunks (tickets.services.retention). A legal hold on a ticket or a
customer keeps their tickets whatever a schedule says."""

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class RetentionSchedule(models.Model):
    class What(models.TextChoices):
        CLOSED_TICKETS = "closed_tickets", _("Closed tickets (with everything on them)")
        INBOUND_MAIL = "inbound_mail", _("Email as it came (raw), once read")
        SENT_EMAILS = "sent_emails", _("Sent emails in the outbox")

    name = models.CharField(_("name"), max_length=120, unique=True)
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    after_days = models.PositiveIntegerField(
        _("after (days)"),
        validators=[MinValueValidator(1)],
        help_text=_(
            "Closed tickets: days since their last change. Email as it came: "
            "days since it was received. Sent emails: days since they were sent."
        ),
    )
    queue = models.ForeignKey(
        "tickets.Queue",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("only in the queue"),
    )
    organisation = models.ForeignKey(
        "tickets.Organisation",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        verbose_name=_("only for the organisation"),
    )
    is_active = models.BooleanField(_("switched on"), default=False)
    last_run_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_removed = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        ordering = ("name",)
        verbose_name = _("retention schedule")
        verbose_name_plural = _("retention schedules")

    def __str__(self) -> str:
        return self.name
