"""Ticket submit latency and submit-to-acknowledgement latency.

Real parts: gunicorn serving the web form, a Celery worker on Redis, the
database on PostgreSQL; N customers submit concurrently through HTTP (a
GET for the form and its CSRF cookie, then the POST). Prints p50/p95/p99
and checks that every ticket was acknowledged exactly once.

    make bench                       # or: python -m tests.bench.submit
    python -m tests.bench.submit --tickets 300 --customers 8
"""

import argparse
import http.client
import http.cookies
import os
import re
import shutil
import sys
import threading
import time
from typing import Any
from urllib.parse import urlencode

from .harness import (
    BENCH_DIR,
    bench_env,
    check,
    cpu_per_item,
    cpu_seconds,
    free_port,
    manage,
    percentiles,
    processes,
    record,
    recreate_database,
    wait_for,
    worker_command,
)

CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def customer(
    port: int, jobs: list[int], results: list[tuple[str, float, float]]
) -> None:
    """One customer's browser: keep-alive connection, cookies, form, POST."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    for n in jobs:
        conn.request("GET", "/tickets/new/")
        page = conn.getresponse()
        html = page.read().decode()
        cookie = http.cookies.SimpleCookie(page.headers.get("Set-Cookie", ""))
        token = CSRF_INPUT.search(html)
        check(token is not None and "csrftoken" in cookie, "no CSRF token on the form")
        assert token is not None
        body = urlencode(
            {
                "csrfmiddlewaretoken": token.group(1),
                "name": f"Customer {n}",
                "email": f"customer{n}@example.com",
                "subject": f"Bench ticket {n}: the export is empty",
                "message": "The CSV export has only the header row.\n" * 5,
                "website": "",
            }
        )
        started_wall = time.time()
        started = time.perf_counter()
        conn.request(
            "POST",
            "/tickets/new/",
            body=body,
            headers={
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={cookie['csrftoken'].value}",
                "Referer": f"http://127.0.0.1:{port}/tickets/new/",
            },
        )
        response = conn.getresponse()
        response.read()
        elapsed = time.perf_counter() - started
        location = response.headers.get("Location", "")
        check(response.status == 302, f"submit answered {response.status}")
        results.append((location.split("/")[2], started_wall, elapsed))
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=300)
    parser.add_argument("--customers", type=int, default=8)
    parser.add_argument("--warmup", type=int, default=20, help="untimed tickets first")
    parser.add_argument("--web-workers", type=int, default=2)
    parser.add_argument("--web-threads", type=int, default=1)
    # As docker-compose.yml runs it: sending is I/O-bound.
    parser.add_argument("--celery-concurrency", type=int, default=8)
    parser.add_argument("--celery-pool", default="threads")
    # What rules and webhooks cost a new ticket (tests.bench.rules seeds them;
    # the hooks post to a receiver in this process, on loopback).
    parser.add_argument("--rules", type=int, default=0)
    parser.add_argument("--webhooks", type=int, default=0)
    args = parser.parse_args()

    env = bench_env(HELPDESK_WEBHOOKS_ALLOW_PRIVATE="true")
    print(f"Database {env['DATABASE_URL']}, broker {env['REDIS_URL']}", flush=True)
    recreate_database(env["DATABASE_URL"])
    shutil.rmtree(BENCH_DIR / "mail", ignore_errors=True)
    manage(env, "migrate", "--noinput", "-v0")
    receiver = _receiver() if args.webhooks else None
    if args.rules or args.webhooks:
        url = f"http://127.0.0.1:{receiver[0].server_port}" if receiver else ""
        manage(
            env,
            "shell",
            "-c",
            "from tests.bench.rules import seed; "
            f"seed({args.rules}, {args.webhooks}, {url!r})",
        )
    import redis

    # The bench's own Redis database (1 by default) starts empty; the
    # machine's default database 0 is shared, and never flushed.
    bench_redis = redis.Redis.from_url(env["REDIS_URL"])
    check(
        bench_redis.connection_pool.connection_kwargs.get("db", 0) != 0,
        "REDIS_URL must name a database of the bench's own (not 0): it is flushed",
    )
    bench_redis.flushdb()

    port = free_port()
    commands = {
        "web": [
            sys.executable,
            "-m",
            "gunicorn",
            "helpdesk.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.web_workers),
            "--threads",
            str(args.web_threads),
        ],
        "worker": worker_command(args.celery_concurrency, f"--pool={args.celery_pool}"),
    }
    with processes(env, commands) as logs:
        wait_for(lambda: "ready." in logs["worker"].read_text(), "the Celery worker")
        wait_for(lambda: _answers(port), "gunicorn")
        # Warm every process (first request and first task load templates,
        # policies, connections); these tickets are checked but not timed.
        warm: list[tuple[str, float, float]] = []
        offset = 10**6
        warm_jobs = [
            list(range(offset + i, offset + args.warmup, args.customers))
            for i in range(args.customers)
        ]
        _run_customers(port, warm_jobs, warm)
        wait_for(lambda: _sent(env) >= len(warm), "the warm-up acknowledgements")
        results: list[tuple[str, float, float]] = []
        jobs = [
            list(range(i, args.tickets, args.customers)) for i in range(args.customers)
        ]
        before = cpu_seconds(logs.pids)
        duration = _run_customers(port, jobs, results)
        check(len(results) == args.tickets, "some submissions failed")
        ack = _acknowledgement_latencies(env, results, warm)
        cpu = cpu_per_item(before, cpu_seconds(logs.pids), args.tickets)
        if receiver is not None:  # every new ticket told to every hook
            expected = (args.tickets + len(warm)) * args.webhooks
            wait_for(lambda: len(receiver[1]) >= expected, "the webhook posts")
            print(f"webhook posts received: {len(receiver[1])} of {expected}")

    submit_figures = percentiles([elapsed for _key, _start, elapsed in results])
    submit_figures["throughput_per_s"] = round(args.tickets / duration, 1)
    parameters = {
        "tickets": args.tickets,
        "warmup_tickets_untimed": args.warmup,
        "concurrent_customers": args.customers,
        "gunicorn_workers": args.web_workers,
        "gunicorn_threads": args.web_threads,
        "celery_concurrency": args.celery_concurrency,
        "celery_pool": args.celery_pool,
        "database": "postgresql",
        "broker": "redis",
        "rules": args.rules,
        "webhooks": args.webhooks,
    }
    record("ticket_submit", parameters, submit_figures)
    record("submit_to_acknowledgement", parameters, ack)
    record("submit_cpu_ms_per_ticket", parameters, cpu)
    print(f"\nticket submit (HTTP POST to redirect): {submit_figures}")
    print(f"submit to acknowledgement sent:        {ack}")
    if cpu:
        cores = os.cpu_count() or 1
        spent = sum(cpu.values())
        print(
            "CPU per ticket, ms (form page, POST and acknowledgement; "
            f"the machine's services include anything else they did): {cpu}"
        )
        print(
            f"  {spent:.1f} ms in all: {cores} cores allow at most "
            f"{cores * 1000 / spent:.0f} tickets/s"
        )
    print(f"\nFigures written to {BENCH_DIR / 'results.json'}; rerun with: make bench")


def _receiver() -> tuple[Any, list[int]]:
    """A webhook receiver on loopback that answers 200 and counts posts."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    posts: list[int] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            self.rfile.read(int(self.headers["Content-Length"]))
            posts.append(1)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, posts


def _answers(port: int) -> bool:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        conn.request("GET", "/")
        return conn.getresponse().status == 200
    except OSError:
        return False


Timing = tuple[str, float, float]  # ticket key, wall start, seconds


def _run_customers(port: int, jobs: list[list[int]], results: list[Timing]) -> float:
    """All customers at once; returns the wall time it took."""
    threads = [
        threading.Thread(target=customer, args=(port, share, results)) for share in jobs
    ]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - began


def _django(env: dict[str, str]) -> None:
    import os

    os.environ.update(env)
    import django

    django.setup()


def _sent(env: dict[str, str]) -> int:
    _django(env)
    from notifications.models import Notification

    return Notification.objects.filter(state=Notification.State.SENT).count()


def _acknowledgement_latencies(
    env: dict[str, str], results: list[Timing], warm: list[Timing]
) -> dict[str, Any]:
    """Wait for every acknowledgement; check each was sent exactly once."""
    _django(env)
    from notifications.models import Notification

    wanted = len(results) + len(warm)
    sent = Notification.objects.filter(state=Notification.State.SENT)
    wait_for(lambda: sent.count() >= wanted, "every acknowledgement", timeout=120)
    rows = dict(sent.values_list("ticket__access_key", "sent_at"))
    attempts = set(sent.values_list("attempts", flat=True))
    emails = list((BENCH_DIR / "mail").glob("*.eml"))
    check(Notification.objects.count() == wanted, "one acknowledgement per ticket")
    check(len(emails) == wanted, f"{len(emails)} emails for {wanted} tickets")
    check(attempts == {1}, f"attempts seen: {attempts}")
    latencies = [rows[key].timestamp() - started for key, started, _elapsed in results]
    figures = percentiles(latencies)
    figures["acknowledged_exactly_once"] = True
    return figures


if __name__ == "__main__":
    main()
