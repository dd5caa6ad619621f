"""The Celery app, configured from Django settings (the ``CELERY_`` names),
and the doorbell every layer may ring without importing the tasks above it."""

import logging
import os
import threading
from typing import Any

from celery import Celery
from celery.signals import beat_init, task_prerun, worker_init
from django.db import close_old_connections

from .startup import refuse_unsafe_worker

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "helpdesk.settings")

logger = logging.getLogger(__name__)
# The first requests of a threaded web worker may enqueue at once: only one
# of them imports the task modules, the others wait until it is done.
_loading_tasks = threading.Lock()

app = Celery("helpdesk")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@worker_init.connect
@beat_init.connect
def _refuse_unsafe_start(**kwargs: Any) -> None:
    refuse_unsafe_worker(**kwargs)


@task_prerun.connect
def _recycle_database_connections(task: Any = None, **_: object) -> None:
    """Before each task, as before each request: a connection past
    CONN_MAX_AGE or broken (the database restarted) is closed, a good one
    kept (settings.CELERY_DB_REUSE_MAX stops Celery closing every one).
    A task run eagerly is inside its caller's request or transaction."""
    if task is not None and getattr(task.request, "is_eager", False):
        return
    close_old_connections()


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
            with _loading_tasks:
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
