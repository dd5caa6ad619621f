"""Settings, read from the environment only (django-environ).

Every value has a default that runs on a laptop with nothing installed:
SQLite, a Celery broker on the file system, email written as .eml files.
Production sets DATABASE_URL, REDIS_URL, EMAIL_URL (or EMAIL_BACKEND and
ANYMAIL_*), DJANGO_SECRET_KEY, DJANGO_DEBUG=false, DJANGO_ALLOWED_HOSTS and
SITE_URL. The README lists them all.

By concern: ``base`` (the project), ``services`` (database, cache, Celery,
email), ``product`` (the help desk's own), ``web`` (sign-in, languages,
static files, the API, HTTPS, logs). Read them through
``django.conf.settings``, never by importing these modules.
"""

from .base import *  # noqa: F403
from .product import *  # noqa: F403
from .services import *  # noqa: F403
from .web import *  # noqa: F403
