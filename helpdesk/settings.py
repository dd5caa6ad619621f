"""Settings, read from the environment only (django-environ).

Every value has a default that runs on a laptop with nothing installed:
SQLite, a Celery broker on the file system, email written as .eml files.
Production sets DATABASE_URL, REDIS_URL, EMAIL_URL (or EMAIL_BACKEND and
ANYMAIL_*), DJANGO_SECRET_KEY, DJANGO_DEBUG=false, DJANGO_ALLOWED_HOSTS and
SITE_URL. The README lists them all.
"""

import os
from ipaddress import ip_network
from pathlib import Path

import django_stubs_ext
import environ

from helpdesk.locales import available_languages

# Django's generic classes (ModelAdmin[Ticket], QuerySet[...]) at run time,
# as mypy --strict sees them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
# Off unless told: a production deploy that forgets the variable serves no
# debug pages. `make run`, `make test` and the Makefile's other development
# targets set DJANGO_DEBUG=true.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Web servers and workers refuse the dev key with DEBUG off (helpdesk.startup);
# commands such as makemigrations still load.
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"]
)
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
PORT = env.int("PORT", default=8000)
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{PORT}").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "anymail",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "tickets",
    "kb",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "helpdesk.middleware.QueryStringWithoutNul",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The visitor's language: their choice (cookie), else their browser's.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "tickets.sessions.StalledSignOuts",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "helpdesk.middleware.DatabaseDownMiddleware",
    "helpdesk.middleware.EmailWebhookGuard",
    # Last: it needs the authenticated user and answers a locked-out sign-in.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # Sign-in throttle per account and address (django-axes), then Django's.
    "axes.backends.AxesStandaloneBackend",
    # Django's, loading whether the user is an agent with the user.
    "tickets.permissions.AgentAwareBackend",
]

ROOT_URLCONF = "helpdesk.urls"
WSGI_APPLICATION = "helpdesk.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "helpdesk.context_processors.organisation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web process and the worker share the file: wait for locks, write
    # ahead, and take the write lock at the start of a transaction.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so that a worker process can see the test data.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DB_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Solid-state storage: a random page costs little more than a sequential
    # one. PostgreSQL's default (4, for spinning disks) made the search AND a
    # quarter of a million open tickets' bitmap with a handful of matches.
    page_cost = env.float("DB_RANDOM_PAGE_COST", default=1.1)
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={page_cost}"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache (rate limits, presence, the SLA memo's version) ----------------
# Advisory only: with Redis down the cache answers "missing" (helpdesk.cache)
# and every request goes on; nothing a customer writes depends on it.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "helpdesk.cache.ResilientRedisCache",
            "LOCATION": CACHE_URL,
            "KEY_PREFIX": "helpdesk",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    # Files, so that the web process and the worker share one cache.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / "cache"),
        }
    }
# Pieces of pages that are the same for every visitor (the empty ticket
# form in each language), drawn once per process: they vary on what they
# show, never on data that changes while the process runs.
CACHES["fragments"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "OPTIONS": {"MAX_ENTRIES": 500},
}

# Sessions read from the cache and written through to the database: no
# query per request while Redis is up, nobody signed out while it is down.
SESSION_ENGINE = "tickets.sessions"  # cached_db, with sign-outs that stick

# --- Celery ---------------------------------------------------------------
# Redis in production; without it, kombu's file-system transport, which needs
# no server and still runs a real worker in another process.
BROKER_DIR = VAR_DIR / "broker"
CELERY_BROKER_TRANSPORT_OPTIONS: dict[str, object]
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default=REDIS_URL)
if CELERY_BROKER_URL:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "socket_connect_timeout": 1,
        "socket_timeout": 5,
        "visibility_timeout": 3600,
    }
else:
    CELERY_BROKER_URL = "filesystem://localhost/"  # a host: kombu warns without
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(BROKER_DIR / "queue"),
        "data_folder_out": str(BROKER_DIR / "queue"),
        "control_folder": str(BROKER_DIR / "control"),
        "polling_interval": 0.05,
    }
    for folder in ("queue", "control"):
        (BROKER_DIR / folder).mkdir(parents=True, exist_ok=True)
# Publishing must fail fast when the broker is down: the outbox row is
# already committed and the sweep delivers it later (DESIGN.md, known traps).
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.1,
    "interval_max": 0.2,
}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# Celery closes the database connection around every task unless told to
# reuse it; a new PostgreSQL connection per email cost more than the email.
# Connections are checked and recycled by close_old_connections instead
# (helpdesk/celery.py), as Django does around requests.
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
WATCHDOG_INTERVAL = env.float("WATCHDOG_INTERVAL", default=60.0)
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {
        "task": "notifications.tasks.sweep_outbox_task",
        "schedule": env.float("OUTBOX_SWEEP_INTERVAL", default=15.0),
    },
    **{
        name: {"task": task, "schedule": WATCHDOG_INTERVAL}
        for name, task in (
            ("sla-watch", "tickets.tasks.sla_watch_task"),
            ("silence-watch", "tickets.tasks.silence_watch_task"),
            ("promise-watch", "tickets.tasks.promise_watch_task"),
            ("away-watch", "tickets.tasks.away_watch_task"),
            ("inbound-sweep", "tickets.tasks.inbound_sweep_task"),
            ("followup-watch", "tickets.tasks.followup_watch_task"),
            ("incident-sweep", "tickets.tasks.incident_fanout_sweep_task"),
            ("reports-summarise", "tickets.tasks.reports_summarise_task"),
        )
    },
}

# Health (/health/, manage.py health, the agents' queue): beat's heartbeat
# (each outbox sweep) older than this, or an email due and not picked up for
# this long, is reported.
HELPDESK_BEAT_STALE_SECONDS = env.int("HELPDESK_BEAT_STALE_SECONDS", default=120)
HELPDESK_EMAIL_WAIT_ALERT_SECONDS = env.int(
    "HELPDESK_EMAIL_WAIT_ALERT_SECONDS", default=300
)

# Reports: recent days' summaries are summed up again at least this often.
HELPDESK_SUMMARY_REFRESH_MINUTES = env.int(
    "HELPDESK_SUMMARY_REFRESH_MINUTES", default=15
)

# --- Outbox ---------------------------------------------------------------
# A row still pending this long after it was due is re-enqueued by the sweep.
OUTBOX_PENDING_GRACE_SECONDS = env.int("OUTBOX_PENDING_GRACE_SECONDS", default=10)
# A row in "sending" this long is taken to belong to a dead worker. Keep it
# above what one send may take (connect and data, each up to EMAIL_TIMEOUT),
# so that a slow send is not repeated and a dead worker's is soon.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
OUTBOX_STUCK_AFTER_SECONDS = env.int(
    "OUTBOX_STUCK_AFTER_SECONDS", default=3 * EMAIL_TIMEOUT + 15
)
# Temporary failures are retried, with backoff, for this long: a mail server
# down for a weekend delays emails, it does not fail them. Only a permanent
# answer from the server or provider (5xx, a refused address) fails at once.
OUTBOX_RETRY_WINDOW_HOURS = env.float("OUTBOX_RETRY_WINDOW_HOURS", default=48.0)
# An optional cap on attempts within the window (0: none).
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=0)
OUTBOX_RETRY_BASE_SECONDS = env.float("OUTBOX_RETRY_BASE_SECONDS", default=5.0)
OUTBOX_RETRY_MAX_SECONDS = env.float("OUTBOX_RETRY_MAX_SECONDS", default=900.0)
# Agents see an email as delayed once it is this late.
OUTBOX_DELAYED_AFTER_MINUTES = env.int("OUTBOX_DELAYED_AFTER_MINUTES", default=15)

# --- Email ----------------------------------------------------------------
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
if "EMAIL_URL" in os.environ:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "notifications.backends.EmlFileBackend"
if "EMAIL_BACKEND" in os.environ:  # e.g. anymail.backends.postmark.EmailBackend
    EMAIL_BACKEND = env.str("EMAIL_BACKEND")
ANYMAIL = {
    key.removeprefix("ANYMAIL_"): value
    for key, value in os.environ.items()
    if key.startswith("ANYMAIL_")
}

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
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
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

# --- Auth, i18n, static ---------------------------------------------------
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
# The languages with a catalogue in locale/ (helpdesk.locales); English is
# the one everything is written in, and what a visitor gets when their
# browser asks for none of ours.
LANGUAGE_CODE = "en"
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGES = available_languages(BASE_DIR / "locale", LANGUAGE_CODE)
# British English number and date input formats for "en" (helpdesk/formats).
FORMAT_MODULE_PATH = ["helpdesk.formats"]
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env.str("TIME_ZONE", default="Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns without it
STATICFILES_DIRS = [BASE_DIR / "static"]
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served: attachments go through access checks

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "tickets.api_auth.AgentTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "tickets.api_errors.exception_handler",
    "DEFAULT_PARSER_CLASSES": [
        "tickets.api_parsers.SafeJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Help desk API",
    "DESCRIPTION": "Tickets, messages, status, assignment, incidents and help "
    "articles. "
    "Agents authenticate with a session or a token (Authorization: Token <key>); "
    "customers with their ticket's secret key.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "TicketStatusEnum": "tickets.models.Status",
        "IncidentStatusEnum": "tickets.models.Incident.Status",
        "RatingScoreEnum": "tickets.models.Rating.Score",
        "ArticleStatusEnum": "kb.models.Article.Status",
        "MessageKindEnum": "tickets.models.Message.Kind",
        "NotificationStateEnum": "notifications.models.Notification.State",
    },
}

LOGIN_URL = "agent:login"
LOGIN_REDIRECT_URL = "agent:queue"
LOGOUT_REDIRECT_URL = "agent:login"

# HTTPS-only with DEBUG off; DJANGO_SECURE_COOKIES=false turns all of it off
# together, for plain HTTP on a private network or loopback.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG and env.bool("DJANGO_SECURE_COOKIES", default=True):
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = LANGUAGE_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=True)
    # The proxy in front says whether the request came in over HTTPS.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
