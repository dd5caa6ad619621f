"""What must hold before a process serves anyone or sends anything.

The settings load anywhere (``manage.py makemigrations``, mypy's plugin, a
shell), but a web server (WSGI, ASGI, ``runserver``), a Celery worker or
beat refuses to start with debugging off and the built-in secret key: a
production deploy that forgot ``DJANGO_SECRET_KEY`` would sign sessions,
tokens and links with a key anyone can read here.
"""

from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_unsafe_start() -> None:
    if not settings.DEBUG and settings.SECRET_KEY == settings.DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off: the built-in "
            "key is for development only (on a developer's machine, set "
            "DJANGO_DEBUG=true, as make run and make test do)."
        )


def refuse_unsafe_worker(**_: Any) -> None:
    """For Celery's worker_init and beat_init: Celery logs and ignores an
    exception from a signal handler, but not an exit."""
    try:
        refuse_unsafe_start()
    except ImproperlyConfigured as error:
        raise SystemExit(f"Refusing to start: {error}") from error
