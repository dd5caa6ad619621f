"""Who may come in: agents' API tokens, and sessions that were ended while
the cache that holds them could not be told."""

import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import User
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def token_digest(key: str) -> str:
    """Tokens are kept as their SHA-256: a copy of the database holds none."""
    return hashlib.sha256(key.encode()).hexdigest()


class ApiToken(models.Model):
    """An agent's key for integrations (``Authorization: Token <key>``).

    It ends when it expires (``HELPDESK_API_TOKEN_DAYS``), when its owner's
    password changes (the stamp is Django's session hash of the password,
    as for signed-in sessions), and, where staff must use two-step sign-in,
    it works for staff only if it was made in a session that used it.
    """

    digest = models.CharField(max_length=64, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_token"
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    expires_at = models.DateTimeField(
        _("expires"), null=True, blank=True, help_text=_("Empty: never.")
    )
    second_factor = models.BooleanField(
        _("made with two-step sign-in"), default=False, editable=False
    )
    password_stamp = models.CharField(max_length=128, editable=False)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return str(_("API token of %(user)s") % {"user": self.user})

    @classmethod
    def issue(cls, *, user: User, second_factor: bool) -> tuple["ApiToken", str]:
        """A new token (not saved) and its key, which is shown once."""
        key = secrets.token_urlsafe(32)
        days = settings.HELPDESK_API_TOKEN_DAYS
        token = cls(
            digest=token_digest(key),
            user=user,
            expires_at=timezone.now() + timedelta(days=days) if days else None,
            second_factor=second_factor,
            password_stamp=user.get_session_auth_hash(),
        )
        return token, key

    def refusal(self) -> str:
        """Why this token no longer opens the API, or ''."""
        if not self.user.is_active:
            return str(_("This account is disabled."))
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return str(_("This token has expired: make a new one under Preferences."))
        if self.password_stamp != self.user.get_session_auth_hash():
            return str(
                _(
                    "This token ended when the password changed: make a new one "
                    "under Preferences."
                )
            )
        if (
            settings.HELPDESK_STAFF_TWO_FACTOR
            and self.user.is_staff
            and not self.second_factor
        ):
            return str(
                _(
                    "This token was made without two-step sign-in, which staff "
                    "must use: make a new one under Preferences."
                )
            )
        return ""


class EndedSession(models.Model):
    """A session signed out while the cache holding it could not be reached:
    the cache may still have it, so it is refused by its key until the cache
    has heard, or it would have expired anyway (``tickets.sessions``)."""

    session_key = models.CharField(max_length=40, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.CASCADE,
        related_name="ended_sessions",
    )
    ended_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.session_key[:6]}… ended {self.ended_at:%Y-%m-%d %H:%M}"
