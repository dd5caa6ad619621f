"""Mailboxes the help desk reads (IMAP or POP3), and what it took from
each: a message is stored (``InboundMail``) before the server is told it
was read, and remembered by its UID so it is never stored twice."""

from typing import ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .core import Queue
from .intake import InboundMail


class Mailbox(models.Model):
    class Protocol(models.TextChoices):
        IMAP = "imap", "IMAP"
        POP3 = "pop3", "POP3"

    class Security(models.TextChoices):
        TLS = "tls", _("TLS from the start (IMAPS 993, POP3S 995)")
        STARTTLS = "starttls", _("STARTTLS (IMAP 143)")

    class Auth(models.TextChoices):
        PASSWORD = "password", _("User name and password")
        OAUTH2 = "oauth2", _("OAuth2 (Microsoft 365, Google Workspace)")

    class Provider(models.TextChoices):
        MICROSOFT = "microsoft", "Microsoft 365"
        GOOGLE = "google", "Google Workspace"
        OTHER = "other", _("Another OAuth2 provider")

    class AfterFetch(models.TextChoices):
        SEEN = "seen", _("Mark it read (IMAP)")
        MOVE = "move", _("Move it to a folder (IMAP)")
        DELETE = "delete", _("Delete it")
        KEEP = "keep", _("Leave it (POP3: remembered as fetched)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    address = models.EmailField(
        _("address"), help_text=_("The address customers write to.")
    )
    aliases = models.TextField(
        _("other addresses"),
        blank=True,
        help_text=_("Addresses that also reach this mailbox, one per line."),
    )
    queue = models.ForeignKey(
        Queue,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        verbose_name=_("queue"),
        help_text=_("Where its new tickets go (empty: the default queue)."),
    )
    protocol = models.CharField(
        _("protocol"), max_length=8, choices=Protocol.choices, default=Protocol.IMAP
    )
    host = models.CharField(_("server"), max_length=255)
    port = models.PositiveIntegerField(
        _("port"),
        validators=[MinValueValidator(1), MaxValueValidator(65535)],
        help_text=_("Usually 993 for IMAP over TLS, 143 with STARTTLS, 995 for POP3."),
    )
    security = models.CharField(
        _("security"), max_length=8, choices=Security.choices, default=Security.TLS
    )
    trusted_certificate = models.TextField(
        _("trusted certificate"),
        blank=True,
        help_text=_(
            "Only for a server whose certificate a private authority signed: "
            "that authority's certificate (PEM). Certificates are always checked."
        ),
    )
    username = models.CharField(_("user name"), max_length=255)
    auth = models.CharField(
        _("sign-in"), max_length=8, choices=Auth.choices, default=Auth.PASSWORD
    )
    # Encrypted at rest (helpdesk.core.secrets); set through the admin's form.
    password_sealed = models.TextField(blank=True, editable=False)
    oauth_provider = models.CharField(
        _("OAuth2 provider"),
        max_length=10,
        choices=Provider.choices,
        default=Provider.MICROSOFT,
    )
    oauth_client_id = models.CharField(
        _("application (client) ID"), max_length=255, blank=True
    )
    oauth_client_secret_sealed = models.TextField(blank=True, editable=False)
    oauth_tenant = models.CharField(
        _("Microsoft tenant"),
        max_length=100,
        blank=True,
        help_text=_("Your directory (tenant) ID or domain; empty: organizations."),
    )
    oauth_authorize_url = models.URLField(
        _("authorisation URL"), blank=True, help_text=_("Another provider only.")
    )
    oauth_token_url = models.URLField(
        _("token URL"), blank=True, help_text=_("Another provider only.")
    )
    oauth_scope = models.CharField(
        _("scopes"),
        max_length=500,
        blank=True,
        help_text=_("Another provider only; Microsoft's and Google's are known."),
    )
    # The tokens (refresh and access, with its expiry), encrypted at rest.
    oauth_token_sealed = models.TextField(blank=True, editable=False)
    smtp_host = models.CharField(
        _("SMTP server"),
        max_length=255,
        blank=True,
        help_text=_(
            "OAuth2 only: send this mailbox's emails through this server with "
            "its sign-in (smtp.office365.com, smtp.gmail.com; STARTTLS). Empty: "
            "through the help desk's email settings."
        ),
    )
    smtp_port = models.PositiveIntegerField(
        _("SMTP port"),
        default=587,
        validators=[MinValueValidator(1), MaxValueValidator(65535)],
    )
    # Consent expired or withdrawn: an admin must connect it again.
    needs_authorisation = models.BooleanField(default=False, editable=False)
    admins_alerted_at = models.DateTimeField(null=True, blank=True, editable=False)
    folder = models.CharField(_("folder"), max_length=255, default="INBOX")
    after_fetch = models.CharField(
        _("after fetching"),
        max_length=8,
        choices=AfterFetch.choices,
        default=AfterFetch.SEEN,
    )
    move_to = models.CharField(
        _("move to folder"),
        max_length=255,
        blank=True,
        help_text=_("For “move it to a folder”: the folder, which must exist."),
    )
    poll_seconds = models.PositiveIntegerField(
        _("poll every (seconds)"),
        default=60,
        validators=[MinValueValidator(15)],
    )
    is_active = models.BooleanField(_("active"), default=True)
    import_existing = models.BooleanField(
        _("import existing mail"),
        default=False,
        help_text=_(
            "IMAP: the mail already in the folder when it is first read, read "
            "or unread, is imported as history: each message keeps its own "
            "date, nobody is sent an acknowledgement, and no target is "
            "counted. Mail arriving later is handled as usual."
        ),
    )
    # What the last polls found; shown to admins and agents.
    uidvalidity = models.BigIntegerField(null=True, blank=True, editable=False)
    # With "import existing mail": UIDs below this (in the first poll's
    # UIDVALIDITY) were in the folder before it was connected: history.
    history_below_uid = models.BigIntegerField(null=True, blank=True, editable=False)
    last_polled_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_success_at = models.DateTimeField(null=True, blank=True, editable=False)
    last_error = models.TextField(blank=True, editable=False)
    last_error_at = models.DateTimeField(null=True, blank=True, editable=False)
    waiting = models.PositiveIntegerField(default=0, editable=False)
    fetched_total = models.PositiveIntegerField(default=0, editable=False)
    # One poll at a time, across every worker: whoever sets this first.
    polling_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("mailbox")
        verbose_name_plural = _("mailboxes")
        ordering = ("name",)

    def __str__(self) -> str:
        return f"{self.name} <{self.address}>"

    @property
    def addresses(self) -> set[str]:
        """Its address and aliases, in lower case."""
        found = {self.address, *self.aliases.split()}
        return {address.strip().lower() for address in found if "@" in address}


class MailboxMessage(models.Model):
    """One message taken from a mailbox, by its UID (IMAP, with the folder's
    UIDVALIDITY) or its UIDL (POP3, UIDVALIDITY 0)."""

    mailbox = models.ForeignKey(
        Mailbox, on_delete=models.CASCADE, related_name="messages"
    )
    uidvalidity = models.BigIntegerField()
    uid = models.CharField(max_length=100)
    inbound = models.ForeignKey(
        InboundMail, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    fetched_at = models.DateTimeField(auto_now_add=True)
    # When the server was told (read, moved, deleted); until then the next
    # poll tells it again, without storing the message again.
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints: ClassVar = [
            models.UniqueConstraint(
                fields=["mailbox", "uidvalidity", "uid"], name="one_fetch_per_uid"
            )
        ]

    def __str__(self) -> str:
        return f"{self.mailbox_id}/{self.uidvalidity}/{self.uid}"
