"""Signing in to a mailbox: its password, or OAuth2 (Microsoft 365, Google
Workspace, another provider). The admin connects the mailbox through the
provider's consent page; the tokens are kept encrypted, the access token
refreshed before it expires; when the provider no longer honours the grant
the mailbox says "connect it again" and the admins are emailed, once."""

import logging

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from helpdesk.core.secrets import seal, unseal

from .. import oauth
from ..mailbox_tokens import access_token, token_keep
from ..models import Mailbox

logger = logging.getLogger(__name__)


def mailbox_password_set(*, mailbox: Mailbox, password: str) -> None:
    """Keep the password encrypted (helpdesk.core.secrets)."""
    mailbox.password_sealed = seal(password)
    Mailbox.objects.filter(pk=mailbox.pk).update(
        password_sealed=mailbox.password_sealed
    )


def mailbox_client_secret_set(*, mailbox: Mailbox, secret: str) -> None:
    """The OAuth2 application's secret, kept encrypted."""
    mailbox.oauth_client_secret_sealed = seal(secret)
    Mailbox.objects.filter(pk=mailbox.pk).update(
        oauth_client_secret_sealed=mailbox.oauth_client_secret_sealed
    )


def mailbox_connect(*, mailbox: Mailbox, redirect_uri: str, answer_url: str) -> None:
    """The provider sent the admin back with a code: exchanged for tokens,
    kept encrypted; the mailbox is read again from the next poll."""
    token = oauth.exchange(
        mailbox,
        client_secret=unseal(mailbox.oauth_client_secret_sealed),
        redirect_uri=redirect_uri,
        answer_url=answer_url,
    )
    token_keep(mailbox, token)
    mailbox.needs_authorisation, mailbox.admins_alerted_at = False, None
    mailbox.last_error = ""
    Mailbox.objects.filter(pk=mailbox.pk).update(
        needs_authorisation=False, admins_alerted_at=None, last_error=""
    )


def mailbox_secret(mailbox: Mailbox) -> str:
    """What signs in now: the password, or a good access token. Raises
    ``oauth.ConsentLost`` (after marking the mailbox and telling the
    admins) or ``oauth.ProviderUnavailable``; ``secrets.Unreadable`` for a
    lost key."""
    if mailbox.auth == Mailbox.Auth.PASSWORD:
        return unseal(mailbox.password_sealed)
    try:
        return access_token(mailbox)
    except oauth.ConsentLost as lost:
        _authorisation_lost(mailbox, str(lost))
        raise


def _authorisation_lost(mailbox: Mailbox, why: str) -> None:
    """Shown on the mailbox; the admins are emailed once per loss."""
    claimed = Mailbox.objects.filter(pk=mailbox.pk, admins_alerted_at=None).update(
        needs_authorisation=True, admins_alerted_at=timezone.now()
    )
    mailbox.needs_authorisation = True
    if not claimed:
        return
    admins = list(
        User.objects.filter(is_superuser=True, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    link = settings.SITE_URL + reverse(
        "admin:tickets_mailbox_change", args=[mailbox.pk]
    )
    try:
        send_mail(
            _("Mailbox %(name)s needs to be connected again") % {"name": mailbox.name},
            _(
                "The help desk can no longer read %(address)s: %(provider)s "
                "no longer accepts its sign-in (%(why)s). New mail waits on the "
                "server and nothing is lost. Open the mailbox and choose "
                "“Connect”:\n\n%(link)s\n"
            )
            % {
                "address": mailbox.address,
                "provider": mailbox.get_oauth_provider_display(),
                "why": why,
                "link": link,
            },
            settings.DEFAULT_FROM_EMAIL,
            admins,
        )
    except Exception:  # the mailbox says it too; the next loss tries again
        logger.exception("Mailbox %s: the admins could not be emailed", mailbox.pk)
        Mailbox.objects.filter(pk=mailbox.pk).update(admins_alerted_at=None)
