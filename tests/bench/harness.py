"""Shared parts of the benchmarks: a fresh database, real server processes,
percentiles and the results file. Benchmarks print figures; they never pass
or fail on timing."""

import json
import os
import socket
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
BENCH_DIR = ROOT / "var" / "bench"
RESULTS = BENCH_DIR / "results.json"
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/helpdesk_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/1"


def check(condition: object, problem: str) -> None:
    """A benchmark whose work went wrong stops: its figures would mean nothing."""
    if not condition:
        raise SystemExit(f"Benchmark invalid: {problem}")


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    cuts = statistics.quantiles(ordered, n=100, method="inclusive")
    return {
        "count": len(ordered),
        "p50_ms": round(cuts[49] * 1000, 1),
        "p95_ms": round(cuts[94] * 1000, 1),
        "p99_ms": round(cuts[98] * 1000, 1),
        "max_ms": round(ordered[-1] * 1000, 1),
    }


def recreate_database(url: str) -> None:
    """Drop and create the bench database, so every run starts the same."""
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin_url = urlunsplit(parts._replace(path="/postgres"))
    conn = psycopg2.connect(admin_url)
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    conn.close()


def bench_env(**extra: str) -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if k not in {"EMAIL_URL", "EMAIL_BACKEND"}
    }
    env.setdefault("DATABASE_URL", DEFAULT_DATABASE_URL)
    env.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    env |= {
        "DJANGO_SETTINGS_MODULE": "helpdesk.settings",
        "VAR_DIR": str(BENCH_DIR / "var"),
        "EMAIL_FILE_PATH": str(BENCH_DIR / "mail"),
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production",
        "DJANGO_SECURE_COOKIES": "false",
        "HELPDESK_EMAIL_WEBHOOKS": "false",  # no provider posts to the bench
        "LOG_LEVEL": "WARNING",
        "HELPDESK_RATE_LIMIT_PER_IP": "1000000",
        "HELPDESK_RATE_LIMIT_PER_EMAIL": "1000000",
    }
    return env | extra


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def worker_command(concurrency: int, *extra: str) -> list[str]:
    """A real Celery worker of the project, quiet about cluster chatter."""
    return [
        sys.executable,
        "-m",
        "celery",
        "-A",
        "helpdesk",
        "worker",
        f"--concurrency={concurrency}",
        "--loglevel=INFO",
        "--without-gossip",
        "--without-mingle",
        "--without-heartbeat",
        *extra,
    ]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, check=True)


class Logs(dict[str, Path]):
    """Each started process's log file by name, and its process id."""

    pids: dict[str, int]


@contextmanager
def processes(env: dict[str, str], commands: dict[str, list[str]]) -> Iterator[Logs]:
    """Start named server processes, logging to files; stop them afterwards."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    running = {}
    logs = Logs()
    logs.pids = {}
    try:
        for name, command in commands.items():
            logs[name] = BENCH_DIR / f"{name}.log"
            with logs[name].open("w") as log:
                running[name] = subprocess.Popen(
                    command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                )
                logs.pids[name] = running[name].pid
        yield logs
    finally:
        for process in running.values():
            process.terminate()
        for process in running.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


PROC = Path("/proc")
TICKS_PER_SECOND = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _stat(pid: str) -> tuple[str, int, float] | None:
    """Name, parent and CPU seconds (user and system) of one process."""
    try:
        stat = (PROC / pid / "stat").read_text()
    except OSError:
        return None
    name = stat[stat.index("(") + 1 : stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2 :].split()
    return name, int(fields[1]), (int(fields[11]) + int(fields[12])) / TICKS_PER_SECOND


def cpu_seconds(roots: dict[str, int]) -> dict[str, float]:
    """CPU time used so far by each named process with its descendants, by
    the machine's PostgreSQL and Redis servers, and by this process (the
    customers); Linux only (empty elsewhere)."""
    if not PROC.exists():
        return {}
    stats = {}
    for pid in filter(str.isdigit, os.listdir(PROC)):
        if (stat := _stat(pid)) is not None:
            stats[pid] = stat
    group_of = {str(pid): name for name, pid in roots.items()}
    totals = dict.fromkeys([*roots, "postgresql", "redis"], 0.0)

    def group(pid: str) -> str | None:
        seen = pid
        while seen in stats and seen not in group_of:
            seen = str(stats[seen][1])
        return group_of.get(seen)

    for pid, (name, _parent, seconds) in stats.items():
        found = group(pid)
        if found is not None:
            totals[found] += seconds
        elif name == "postgres":
            totals["postgresql"] += seconds
        elif name.startswith("redis-server"):
            totals["redis"] += seconds
    own = os.times()
    totals["customers (this process)"] = own.user + own.system
    return totals


def cpu_per_item(
    before: dict[str, float], after: dict[str, float], items: int
) -> dict[str, float]:
    """Milliseconds of CPU per item for each group, between two readings
    (a process that ended meanwhile is missing: read while all run)."""
    return {
        name: round(max(after[name] - before.get(name, 0.0), 0.0) / items * 1000, 2)
        for name in after
    }


def wait_for(condition: Any, what: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out waiting for {what}")
        time.sleep(0.1)


def record(name: str, parameters: dict[str, Any], figures: dict[str, Any]) -> None:
    """Keep one object per benchmark in var/bench/results.json."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    results = json.loads(RESULTS.read_text()) if RESULTS.exists() else []
    results = [r for r in results if r.get("name") != name]
    results.append(
        {
            "name": name,
            "parameters": parameters,
            "figures": figures,
            "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "rerun": "make bench",
        }
    )
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")


def fresh_django(
    variable: str, default_url: str, *, test_environment: bool = True
) -> None:
    """Django on a new, migrated bench database (URL from ``variable``), with
    the test environment set up so the test client can time pages (without
    it, templates render as in gunicorn: the test environment instruments
    every render; the client must then name an allowed host)."""
    env = bench_env(DATABASE_URL=os.environ.get(variable, default_url))
    os.environ.update(env)
    recreate_database(env["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    call_command("migrate", "--noinput", verbosity=0)
    if test_environment:
        setup_test_environment()


def analyze() -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def time_page(client: Any, path: str, requests: int) -> dict[str, float]:
    """Server time of one page, in-process, after one warm-up request."""
    client.get(path)
    timings = []
    for _ in range(requests):
        began = time.perf_counter()
        response = client.get(path)
        timings.append(time.perf_counter() - began)
        check(response.status_code == 200, f"{path} answered {response.status_code}")
    return percentiles(timings)
