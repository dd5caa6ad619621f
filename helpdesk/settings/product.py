"""The help desk's own settings (HELPDESK_*): the organisation, service
levels and watchdogs, the form's limits, rate limits, proxies, webhooks,
sign-in throttle, two-step sign-in and API tokens, the page policy."""

from ipaddress import ip_network

from csp.constants import NONCE

from .base import MIDDLEWARE, env

# --- The organisation (shown on every page and in every email) ------------
HELPDESK_ORG_NAME = env.str("HELPDESK_ORG_NAME", default="Acme Support")
HELPDESK_TEAM_SIGNATURE = env.str(
    "HELPDESK_TEAM_SIGNATURE", default=f"The {HELPDESK_ORG_NAME} team"
)
HELPDESK_SUPPORT_EMAIL = env.str(
    "HELPDESK_SUPPORT_EMAIL", default="support@example.com"
)
HELPDESK_SUPPORT_PHONE = env.str("HELPDESK_SUPPORT_PHONE", default="+44 20 7946 0000")
HELPDESK_SUPPORT_HOURS = env.str(
    "HELPDESK_SUPPORT_HOURS", default="Monday to Friday, 9:00-17:30 (UK time)"
)
HELPDESK_SUPPORT_CHAT_URL = env.str("HELPDESK_SUPPORT_CHAT_URL", default="")
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL",
    default=f"{HELPDESK_ORG_NAME} <{HELPDESK_SUPPORT_EMAIL}>",
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
HELPDESK_REFERENCE_PREFIX = env.str("HELPDESK_REFERENCE_PREFIX", default="HD")
# Until SLA policies exist, the first-response promise every ticket gets.
HELPDESK_DEFAULT_FIRST_RESPONSE_HOURS = env.int(
    "HELPDESK_DEFAULT_FIRST_RESPONSE_HOURS", default=24
)
HELPDESK_DEFAULT_NEXT_RESPONSE_HOURS = env.int(
    "HELPDESK_DEFAULT_NEXT_RESPONSE_HOURS", default=8
)
# The silence watchdog: alert the owner, then tell the customer (wall-clock hours).
HELPDESK_SILENCE_ALERT_HOURS = env.int("HELPDESK_SILENCE_ALERT_HOURS", default=24)
HELPDESK_SILENCE_UPDATE_HOURS = env.int("HELPDESK_SILENCE_UPDATE_HOURS", default=48)
HELPDESK_PROMISE_REMIND_HOURS = env.int("HELPDESK_PROMISE_REMIND_HOURS", default=4)
# After a ticket is resolved (and not reopened or rated), the customer is
# asked whether everything works now (P9); 0: at the watchdog's next run.
# A ticket resolved longer ago than the window is left alone (a beat that was
# down for weeks does not wake everyone up).
HELPDESK_FOLLOWUP_DELAY_MINUTES = env.int(
    "HELPDESK_FOLLOWUP_DELAY_MINUTES", default=3 * 24 * 60
)
HELPDESK_FOLLOWUP_WINDOW_DAYS = env.int("HELPDESK_FOLLOWUP_WINDOW_DAYS", default=7)
# How long the rating links in an email keep working.
HELPDESK_RATING_LINK_DAYS = env.int("HELPDESK_RATING_LINK_DAYS", default=42)
# Webhooks (notifications.webhooks): a post waits at most this long; a
# failing one is retried for RETRY hours; a hook failing for SWITCH_OFF hours
# is switched off and the admins are emailed. Private, loopback and
# link-local addresses are refused unless ALLOW_PRIVATE (an intranet receiver).
HELPDESK_WEBHOOK_TIMEOUT = env.float("HELPDESK_WEBHOOK_TIMEOUT", default=10.0)
HELPDESK_WEBHOOK_RETRY_HOURS = env.int("HELPDESK_WEBHOOK_RETRY_HOURS", default=48)
HELPDESK_WEBHOOK_SWITCH_OFF_HOURS = env.int(
    "HELPDESK_WEBHOOK_SWITCH_OFF_HOURS", default=24
)
HELPDESK_WEBHOOKS_ALLOW_PRIVATE = env.bool(
    "HELPDESK_WEBHOOKS_ALLOW_PRIVATE", default=False
)
# Who hears of what needs an admin (a webhook switched off): Django's ADMINS.
ADMINS = [
    (address, address) for address in env.list("HELPDESK_ADMIN_EMAILS", default=[])
]
# An agent's files ride in the reply's email up to this total; above it the
# email carries links to them instead, good for this many days.
HELPDESK_EMAIL_FILES_BYTES = env.int(
    "HELPDESK_EMAIL_FILES_BYTES", default=10 * 1024 * 1024
)
HELPDESK_FILE_LINK_DAYS = env.int("HELPDESK_FILE_LINK_DAYS", default=14)
# A customer's data export (issue 31) can be downloaded this long.
HELPDESK_EXPORT_DAYS = env.int("HELPDESK_EXPORT_DAYS", default=7)
# "N similar tickets in the last M minutes": when the queue suggests an
# incident, and how alike two subjects must be (0-100: the mean of rapidfuzz's
# token-set and token-sort ratios).
# Open queues and tickets ask this often whether anything changed, and update
# in place when it did.
HELPDESK_LIVE_POLL_SECONDS = env.int("HELPDESK_LIVE_POLL_SECONDS", default=15)
HELPDESK_SIMILAR_TICKETS = env.int("HELPDESK_SIMILAR_TICKETS", default=3)
HELPDESK_SIMILAR_MINUTES = env.int("HELPDESK_SIMILAR_MINUTES", default=60)
HELPDESK_SIMILAR_SCORE = env.int("HELPDESK_SIMILAR_SCORE", default=83)

# --- The ticket form's limits ---------------------------------------------
HELPDESK_MAX_ATTACHMENTS = env.int("HELPDESK_MAX_ATTACHMENTS", default=5)
HELPDESK_MAX_ATTACHMENT_BYTES = env.int(
    "HELPDESK_MAX_ATTACHMENT_BYTES", default=10 * 1024 * 1024
)
HELPDESK_ATTACHMENT_EXTENSIONS = env.list(
    "HELPDESK_ATTACHMENT_EXTENSIONS",
    default=[
        "pdf",
        "png",
        "jpg",
        "jpeg",
        "gif",
        "webp",
        "txt",
        "log",
        "csv",
        "doc",
        "docx",
        "xls",
        "xlsx",
        "odt",
        "ods",
        "zip",
        "eml",
    ],
)
# New tickets allowed per window, per email address and per client address.
HELPDESK_RATE_LIMIT_WINDOW_SECONDS = env.int(
    "HELPDESK_RATE_LIMIT_WINDOW_SECONDS", default=3600
)
HELPDESK_RATE_LIMIT_PER_EMAIL = env.int("HELPDESK_RATE_LIMIT_PER_EMAIL", default=10)
HELPDESK_RATE_LIMIT_PER_IP = env.int("HELPDESK_RATE_LIMIT_PER_IP", default=30)
# A customer adding to one ticket: at most this many messages per window.
HELPDESK_REPLY_LIMIT_PER_TICKET = env.int("HELPDESK_REPLY_LIMIT_PER_TICKET", default=20)
HELPDESK_REPLY_LIMIT_WINDOW_SECONDS = env.int(
    "HELPDESK_REPLY_LIMIT_WINDOW_SECONDS", default=600
)
# Reverse proxies in front of the app that append to X-Forwarded-For (nginx:
# 1; a CDN and nginx: 2). 0 trusts no header: the client is REMOTE_ADDR.
# Otherwise django-xff sets REMOTE_ADDR to the address the outermost trusted
# proxy saw, for the rate limits, the sign-in throttle and the logs.
# The header is read only from HELPDESK_TRUSTED_PROXY_ADDRESSES (addresses or
# networks): anyone reaching gunicorn directly has it dropped, so a forged
# one never picks the address the rate limits and the sign-in throttle see.
HELPDESK_TRUSTED_PROXIES = env.int("HELPDESK_TRUSTED_PROXIES", default=0)
HELPDESK_TRUSTED_PROXY_ADDRESSES = [
    ip_network(network.strip(), strict=False)
    for network in env.list(
        "HELPDESK_TRUSTED_PROXY_ADDRESSES", default=["127.0.0.1/32", "::1/128"]
    )
]
if HELPDESK_TRUSTED_PROXIES > 0:
    XFF_TRUSTED_PROXY_DEPTH = HELPDESK_TRUSTED_PROXIES
    MIDDLEWARE[:0] = [
        "helpdesk.middleware.ForwardedOnlyFromProxies",
        "xff.middleware.XForwardedForMiddleware",
    ]
# Anymail's webhooks (inbound mail, delivery reports) are mounted; they need
# ANYMAIL_WEBHOOK_SECRET when DEBUG is off (a system check refuses to start).
HELPDESK_EMAIL_WEBHOOKS = env.bool("HELPDESK_EMAIL_WEBHOOKS", default=True)
# The largest message the inbound webhook takes (providers send up to 25-50
# MB); stored whole, then the attachment limits apply when it is read.
HELPDESK_INBOUND_MAX_BYTES = env.int("HELPDESK_INBOUND_MAX_BYTES", default=50 << 20)
# Keys that encrypt mailbox passwords and tokens at rest (Fernet keys:
# `python -c "from cryptography.fernet import Fernet;
# print(Fernet.generate_key().decode())"`), the newest first: a key is
# rotated by putting the new one in front. Without any, one derived from
# DJANGO_SECRET_KEY.
HELPDESK_SECRETS_KEYS = env.list("HELPDESK_SECRETS_KEYS", default=[])
# Mailboxes: how often beat looks for mailboxes due a poll, and how many
# messages one poll takes at most (the rest wait for the next).
HELPDESK_MAILBOX_BATCH = env.int("HELPDESK_MAILBOX_BATCH", default=100)

# --- Agent sign-in throttle (django-axes) ----------------------------------
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)  # hours
# Locked per account and address pair: a guesser is stopped, while neither
# the account's owner elsewhere nor colleagues behind the same office address
# are locked out by someone else's typos.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "tickets.ratelimit.client_ip"
AXES_LOCKOUT_TEMPLATE = "agent/locked.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

# --- Two-step sign-in for agents (django-otp, TOTP apps) ------------------
# Any agent may turn it on in Preferences; with this on, staff must: until
# they have set it up, the workspace sends them to do so, and the admin
# asks for the code at sign-in.
HELPDESK_STAFF_TWO_FACTOR = env.bool("HELPDESK_STAFF_TWO_FACTOR", default=False)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Help desk")
# Agents' API tokens end after this many days (0: never), and always when
# their owner's password changes.
HELPDESK_API_TOKEN_DAYS = env.int("HELPDESK_API_TOKEN_DAYS", default=90)

# --- Content-Security-Policy (django-csp): no inline script anywhere ---------
# Styles: our files, and on a page with the composer's editor the one <style>
# Trix writes, by the page's nonce (added only where a page asks for it).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", NONCE],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Acknowledgements of emailed tickets, per sender address per hour.
HELPDESK_ACK_LIMIT_PER_HOUR = env.int("HELPDESK_ACK_LIMIT_PER_HOUR", default=5)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
