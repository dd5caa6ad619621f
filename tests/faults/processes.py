"""Processes of the tests' own, on spare loopback ports, stopped by process
id: never the machine's services (they are shared with everything else)."""

import asyncio
import contextlib
import email
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from aiosmtpd.smtp import Envelope
from django.db import connection

from tests.bench.harness import free_port, worker_command


def worker_database_url() -> str:
    """The test database, as a worker process of the test's own reaches it."""
    db = connection.settings_dict
    if db["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{db['NAME']}"
    parts = urlsplit(os.environ["DATABASE_URL"])
    return urlunsplit(parts._replace(path=f"/{db['NAME']}"))


def _wait_for_port(port: int, up: bool, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            probe.settimeout(0.2)
            reachable = probe.connect_ex(("127.0.0.1", port)) == 0
        if reachable == up:
            return
        time.sleep(0.05)
    raise TimeoutError(f"port {port} did not go {'up' if up else 'down'}")


class OwnRedis:
    """A redis-server of the test's own; ``stop()`` and ``start()`` it at will
    (the same port each time, as a restarted production Redis would be)."""

    def __init__(self, folder: Path) -> None:
        binary = shutil.which("redis-server")
        if binary is None:
            raise RuntimeError("redis-server is not installed")
        self.binary = binary
        self.folder = folder
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        _wait_for_port(self.port, up=True)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
        _wait_for_port(self.port, up=False)

    def pause(self) -> None:
        """A stall: the server keeps its data but answers nobody (SIGSTOP);
        clients time out rather than being refused."""
        if self.process is not None:
            self.process.send_signal(signal.SIGSTOP)

    def resume(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGCONT)


class ScriptedSMTP:
    """An aiosmtpd handler: answers each DATA with the script's next reply
    (then 250), optionally slowly, and keeps what it accepted, so a test can
    tell lost from doubled by Message-ID."""

    def __init__(
        self,
        replies: list[str] | None = None,
        delay: float = 0.0,
        rcpt_delay: float = 0.0,
    ):
        self.replies = list(replies or [])
        self.delay = delay
        self.rcpt_delay = rcpt_delay  # a slow relay: each answer takes this
        self.received: list[bytes] = []
        self.refuse_until = 0.0  # answer 451 until this monotonic time
        self.before_first_250: Callable[[], None] | None = None

    def accepted(self) -> list[str]:
        """The Message-IDs of what was accepted, in order, repeats included.
        (A method: aiosmtpd inspects the handler's attributes on every
        connection, and a property would parse everything received so far.)"""
        return [
            str(email.message_from_bytes(content).get("Message-ID", ""))
            for content in self.received
        ]

    async def handle_RCPT(
        self,
        server: object,
        session: object,
        envelope: Envelope,
        address: str,
        rcpt_options: list[str],
    ) -> str:
        if self.rcpt_delay:
            await asyncio.sleep(self.rcpt_delay)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(
        self, server: object, session: object, envelope: object
    ) -> str:
        if self.delay:
            await asyncio.sleep(self.delay)
        if time.monotonic() < self.refuse_until:
            return "451 4.3.0 Try again later"
        reply = self.replies.pop(0) if self.replies else "250 OK"
        if reply.startswith("250"):
            self.received.append(getattr(envelope, "content", b""))
            hook, self.before_first_250 = self.before_first_250, None
            if hook is not None:
                hook()
        return reply


class CuttableProxy:
    """A TCP relay of the test's own in front of PostgreSQL: ``cut()``
    drops every connection through it and refuses new ones for a while, as
    a database that restarts or a network that blinks would, without
    touching the machine's PostgreSQL."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.port = free_port()
        self._listener: socket.socket | None = None
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self.cuts = 0

    def start(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", self.port))
        threading.Thread(
            target=self._accept, args=(self._listener,), daemon=True
        ).start()

    def _accept(self, listener: socket.socket) -> None:
        while True:
            try:
                client, _address = listener.accept()
            except OSError:
                return  # cut or stopped
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target_port))
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, upstream]
            for source, sink in ((client, upstream), (upstream, client)):
                threading.Thread(
                    target=self._pipe, args=(source, sink), daemon=True
                ).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for end in (source, sink):
                with contextlib.suppress(OSError):
                    end.shutdown(socket.SHUT_RDWR)

    def cut(self, seconds: float) -> None:
        """Every connection dropped now; none taken for ``seconds``."""
        self.cuts += 1
        self.stop()
        threading.Timer(seconds, self.start).start()

    def stop(self) -> None:
        if self._listener is not None:
            self._listener.close()
            self._listener = None
        with self._lock:
            dropped, self._open = self._open, []
        for end in dropped:
            with contextlib.suppress(OSError):
                end.shutdown(socket.SHUT_RDWR)
            end.close()


class OwnWorker:
    """A Celery worker process of the test's own, stopped or killed by pid."""

    def __init__(self, env: dict[str, str], log_path: Path, cwd: Path) -> None:
        self.env, self.log_path, self.cwd = env, log_path, cwd
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, concurrency: int = 2) -> None:
        before = self._ready_count()
        log = self.log_path.open("a")
        self.process = subprocess.Popen(
            worker_command(
                concurrency, "--pool=prefork", "-n", f"fault-{free_port()}@%h"
            ),
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=self.cwd,
            start_new_session=True,  # its pool children die with the group
        )
        deadline = time.monotonic() + 60
        while self._ready_count() <= before:
            if self.process.poll() is not None or time.monotonic() > deadline:
                log_text = self.log_path.read_text()
                raise RuntimeError(f"worker did not start:\n{log_text}")
            time.sleep(0.1)

    def _ready_count(self) -> int:
        if not self.log_path.exists():
            return 0
        return self.log_path.read_text().count(" ready.")

    def kill(self) -> None:
        """SIGKILL the worker and its pool, mid-send: no goodbye, no ack."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None

    def stop(self) -> None:
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)
            self.process = None
