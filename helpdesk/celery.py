"""The Celery app, configured from Django settings (the ``CELERY_`` names),
and the doorbell every layer may ring without importing the tasks above it."""

import logging
import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")

logger = logging.getLogger(__name__)

app = Celery("helpdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


def enqueue(task_name: str, *args: object, fallback: str) -> bool:
    """Publish a task by its registered name; never raise.

    Services enqueue work after commit without importing the task modules
    that import them (layers point down). A broker that is down costs a
    logged warning, never the customer's request: whatever the task was for
    is already committed, and ``fallback`` (a sweep, the next beat run) says
    what picks it up.
    """
    try:
        if task_name not in app.tasks:
            # Outside a worker the apps' task modules load on first use.
            app.loader.import_default_modules()
        app.tasks[task_name].apply_async(args)
    except Exception:
        logger.warning(
            "Could not enqueue %s%r; %s.",
            task_name,
            args,
            fallback,
            exc_info=True,
        )
        return False
    return True
