"""The Django project: where things are, debugging, hosts, apps, the
middleware, templates, and the environment every other part reads."""

from pathlib import Path

import django_stubs_ext
import environ

# Django's generic classes (ModelAdmin[Ticket], QuerySet[...]) at run time,
# as mypy --strict sees them.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parents[2]
env = environ.Env()

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))

DEV_SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
# Off unless told: a production deploy that forgets the variable serves no
# debug pages. `make run`, `make test` and the Makefile's other development
# targets set DJANGO_DEBUG=true.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Web servers and workers refuse the dev key with DEBUG off (helpdesk.core.startup);
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
    "auditlog",
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
    # Who changed what in the admin (the audit trail, tickets/audit.py).
    "auditlog.middleware.AuditlogMiddleware",
    "tickets.sessions.StalledSignOuts",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "tickets.errors.DatabaseDownMiddleware",
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
                "tickets.context_processors.organisation",
            ],
        },
    },
]
