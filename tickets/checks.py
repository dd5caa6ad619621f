"""Deploy checks (``manage.py check --deploy``): what production must set.

The email webhooks themselves answer 403 while their secret is unset, at
every request (``helpdesk.middleware.EmailWebhookGuard``): this check says
so before a provider's mail is refused."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, register


@register("security", deploy=True)
def webhook_secret(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """Without a secret anyone could open tickets, write on a customer's
    ticket as them, or mark our emails failed through anymail's webhooks;
    so without one they refuse everything, the provider's mail included."""
    if settings.DEBUG or not settings.HELPDESK_EMAIL_WEBHOOKS:
        return []
    if settings.ANYMAIL.get("WEBHOOK_SECRET"):
        return []
    return [
        Error(
            "The email webhooks refuse every post: ANYMAIL_WEBHOOK_SECRET is not set.",
            hint="Set ANYMAIL_WEBHOOK_SECRET=user:password (a long random "
            "password) and give the same credentials to your email provider's "
            "webhook settings, or set HELPDESK_EMAIL_WEBHOOKS=false if no "
            "provider posts to this site.",
            id="helpdesk.E001",
        )
    ]
