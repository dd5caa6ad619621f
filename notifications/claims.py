"""A claim on an outbox row stays fresh while its email is being sent.

The sweep takes back a row left in "sending" for longer than
``OUTBOX_STUCK_AFTER_SECONDS`` (its worker died mid-send). A slow relay can
make one live SMTP dialogue last longer than that (each answer within
``EMAIL_TIMEOUT``, six of them past the window), and the sweep would then
send the email a second time while the first was still going out. So each
process keeps the claims it holds fresh: a thread of its own renews
``claimed_at`` on rows it has been sending for a while, and stops renewing
the moment the send ends or the process dies, when the sweep may act.
"""

import logging
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


class ClaimKeeper:
    def __init__(self) -> None:
        self._held: dict[int, float] = {}  # row id -> when its send began
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._pid = 0

    @property
    def interval(self) -> float:
        """A third of the window: two renewals may fail before it passes."""
        return max(0.2, float(settings.OUTBOX_STUCK_AFTER_SECONDS) / 3)

    @contextmanager
    def held(self, notification_id: int) -> Iterator[None]:
        with self._lock:
            self._held[notification_id] = time.monotonic()
            self._start()
        try:
            yield
        finally:
            with self._lock:
                self._held.pop(notification_id, None)

    def _start(self) -> None:
        """One thread per process, started after a fork (prefork's children
        inherit the parent's object, not its threads)."""
        if self._thread is not None and self._pid == os.getpid():
            return
        self._pid = os.getpid()
        self._thread = threading.Thread(
            target=self._run, name="outbox-claims", daemon=True
        )
        self._thread.start()

    def _run(self) -> None:
        while True:
            time.sleep(self.interval)
            started_before = time.monotonic() - self.interval / 2
            with self._lock:
                ids = [pk for pk, began in self._held.items() if began < started_before]
            if ids:
                self.renew(ids)

    def renew(self, ids: list[int]) -> int:
        try:
            return Notification.objects.filter(
                pk__in=ids, state=Notification.State.SENDING
            ).update(claimed_at=timezone.now())
        except DatabaseError as error:
            logger.warning("Could not renew the claims on %s: %s", ids, error)
            return 0
        finally:
            connection.close()  # this thread's own, idle until the next round


keeper = ClaimKeeper()
