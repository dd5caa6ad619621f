"""A customer's data handed to them (a data subject's access request): a
ZIP built in the background, kept until it expires."""

import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def export_key() -> str:
    return secrets.token_urlsafe(24)


class DataExport(models.Model):
    class State(models.TextChoices):
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    customer = models.ForeignKey(
        "tickets.Customer", on_delete=models.CASCADE, related_name="exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(
        max_length=12, choices=State.choices, default=State.BUILDING
    )
    file = models.FileField(upload_to="exports/", blank=True)
    size = models.BigIntegerField(default=0)
    key = models.CharField(max_length=64, unique=True, default=export_key)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()

    class Meta:
        ordering = ("-created_at",)
        verbose_name = _("data export")
        verbose_name_plural = _("data exports")

    def __str__(self) -> str:
        return f"Export #{self.pk} of customer #{self.customer_id}"
