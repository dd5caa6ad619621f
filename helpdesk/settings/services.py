"""The services the product talks to: the database, the cache and the
sessions, Celery and beat, the outbox's retry policy and email."""

import os

from .base import VAR_DIR, env

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
# Advisory only: with Redis down the cache answers "missing" (helpdesk.core.cache)
# and every request goes on; nothing a customer writes depends on it.
REDIS_URL = env.str("REDIS_URL", default="")
CACHE_URL = env.str("CACHE_URL", default=REDIS_URL)
if CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "helpdesk.core.cache.ResilientRedisCache",
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
# Tickets' histories as the agent's page draws them, kept in each process
# by the ticket's last change (tickets.views.history): a few hundred, most
# a few kilobytes, a long conversation some hundred.
CACHES["histories"] = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "histories",
    "OPTIONS": {"MAX_ENTRIES": 300},
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
    "webhooks-sweep": {
        "task": "notifications.tasks.webhooks_sweep_task",
        "schedule": env.float("OUTBOX_SWEEP_INTERVAL", default=15.0),
    },
    # Each mailbox has its own interval; this only asks which are due.
    "mailboxes-due": {
        "task": "tickets.tasks.mailboxes_due_task",
        "schedule": env.float("MAILBOX_CHECK_INTERVAL", default=15.0),
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
            ("held-uploads-sweep", "tickets.tasks.held_sweep_task"),
            ("time-rules", "tickets.tasks.time_rules_task"),
            ("erasure-sweep", "tickets.tasks.erasure_sweep_task"),
            ("exports-sweep", "tickets.tasks.exports_sweep_task"),
            ("retention", "tickets.tasks.retention_task"),
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
