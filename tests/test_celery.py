"""The doorbell every layer rings (helpdesk.core.celery.enqueue)."""

from tests.subprocesses import run_python

FIRST_ENQUEUES_AT_ONCE = """
import threading
import django
django.setup()
from helpdesk.core.celery import enqueue

start = threading.Barrier(8)
published = []

def first_request(n):
    start.wait()
    published.append(
        enqueue("notifications.tasks.deliver_notification_task", n, fallback="lost")
    )

threads = [threading.Thread(target=first_request, args=(n,)) for n in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
print(sorted(published))
"""


def test_a_threaded_web_workers_first_requests_all_publish():
    """Eight threads of a fresh process enqueue at the same moment, before
    any task module is loaded: every task is published, none is left to
    the sweep (a gthread worker's first requests did lose them)."""
    result = run_python(
        FIRST_ENQUEUES_AT_ONCE,
        {"CELERY_BROKER_URL": "memory://", "DJANGO_DEBUG": "true"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[0] == str([True] * 8), result.stderr
