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


@contextmanager
def processes(
    env: dict[str, str], commands: dict[str, list[str]]
) -> Iterator[dict[str, Path]]:
    """Start named server processes, logging to files; stop them afterwards."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    running = {}
    logs = {}
    try:
        for name, command in commands.items():
            logs[name] = BENCH_DIR / f"{name}.log"
            with logs[name].open("w") as log:
                running[name] = subprocess.Popen(
                    command, env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
                )
        yield logs
    finally:
        for process in running.values():
            process.terminate()
        for process in running.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


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


def fresh_django(variable: str, default_url: str) -> None:
    """Django on a new, migrated bench database (URL from ``variable``), with
    the test environment set up so the test client can time pages."""
    env = bench_env(DATABASE_URL=os.environ.get(variable, default_url))
    os.environ.update(env)
    recreate_database(env["DATABASE_URL"])
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    call_command("migrate", "--noinput", verbosity=0)
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
