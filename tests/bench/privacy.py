"""Privacy at a million tickets, on a copy of the seeded database (made
from it as a template, dropped afterwards): erasing a customer who has
1,000 tickets; and retention removing 100,000 closed tickets, in the
beat's chunks, while the queue page is timed alongside (its p95 during the
pass against its p95 just before, in the same run).

    make bench                       # or: python -m tests.bench.privacy
    python -m tests.bench.privacy --tickets 100000 --remove 10000
"""

import argparse
import multiprocessing
import os
import time
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from .harness import bench_env, check, percentiles, record


def _copy(url: str) -> str:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    copy = f"{name}_privacy"
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{copy}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{copy}" TEMPLATE "{name}"')
    conn.close()
    return urlunsplit(parts._replace(path=f"/{copy}"))


def _drop(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    conn = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    conn.autocommit = True
    with conn.cursor() as cursor:
        cursor.execute(
            f'DROP DATABASE IF EXISTS "{parts.path.lstrip("/")}" WITH (FORCE)'
        )
    conn.close()


def _erasure(count: int) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection

    from tickets.models import Customer, Message, Ticket
    from tickets.services.erasure import customer_erase, customer_erase_request

    customer = Customer.objects.order_by("pk").first()
    assert customer is not None
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE tickets_ticket SET customer_id = %s WHERE id IN "
            "(SELECT id FROM tickets_ticket ORDER BY id LIMIT %s)",
            [customer.pk, count],
        )
    tickets = Ticket.objects.filter(customer=customer).count()
    messages = Message.objects.filter(ticket__customer=customer).count()
    began = time.perf_counter()
    customer_erase_request(customer, by=User.objects.get(username="agent3"))
    check(customer_erase(customer.pk), "the erasure did not finish")
    seconds = time.perf_counter() - began
    check(
        not Ticket.objects.filter(customer=customer)
        .exclude(subject="[erased]")
        .exists(),
        "a ticket kept its subject",
    )
    return {"tickets": tickets, "messages": messages, "seconds": round(seconds, 2)}


def _time_queue(stop: Any, timings: Any) -> None:
    """In its own process (as a web worker is): the queue page, again and
    again, until told to stop."""
    from django.contrib.auth.models import User
    from django.test import Client

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="agent3"))
    client.get("/agent/")  # warm
    while not stop.is_set():
        began = time.perf_counter()
        response = client.get("/agent/")
        timings.append(time.perf_counter() - began)
        check(response.status_code == 200, f"the queue answered {response.status_code}")


def _retention(remove: int, requests: int) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connections
    from django.test import Client
    from django.utils import timezone

    from tickets.models import RetentionSchedule, Ticket
    from tickets.services.retention import retention_dry_run, retention_pass

    closed = Ticket.objects.filter(status="closed").order_by("updated_at")
    mark = closed.values_list("updated_at", flat=True)[remove - 1]
    days = (timezone.now() - mark).days
    schedule = RetentionSchedule.objects.create(
        name="Bench", what="closed_tickets", after_days=days, is_active=True
    )
    due = retention_dry_run(schedule)
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(User.objects.get(username="agent3"))
    client.get("/agent/")  # warm
    before = []
    for _ in range(requests):
        began = time.perf_counter()
        client.get("/agent/")
        before.append(time.perf_counter() - began)
    # The page is timed in another process, as a web worker would serve it
    # (a thread here would share this one's interpreter lock).
    connections.close_all()  # not shared with the child
    context = multiprocessing.get_context("fork")
    manager = context.Manager()
    stop, shared = manager.Event(), manager.list()
    timer = context.Process(target=_time_queue, args=(stop, shared))
    timer.start()
    began, removed, runs = time.perf_counter(), 0, 0
    try:
        while True:
            done = retention_pass()["Bench"]
            removed, runs = removed + done, runs + 1
            if done == 0:
                break
    finally:
        stop.set()
        timer.join()
    seconds = time.perf_counter() - began
    during = list(shared)
    manager.shutdown()
    quiet, busy = percentiles(before), percentiles(during)
    return {
        "due (dry run)": due,
        "removed": removed,
        "beat runs": runs,
        "seconds": round(seconds, 1),
        "tickets per second": round(removed / seconds),
        "queue page before, ms": quiet,
        "queue page during, ms": busy,
        "p95 during / before": round(busy["p95_ms"] / quiet["p95_ms"], 2),
        "queue page requests during": len(during),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--erase", type=int, default=1_000)
    parser.add_argument("--remove", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    from .seed import seeded_database

    copy = _copy(seeded_database(args.tickets))
    try:
        os.environ.update(bench_env(DATABASE_URL=copy))
        import django

        django.setup()
        figures = {
            f"erasing a customer with {args.erase:,} tickets": _erasure(args.erase),
            f"retention removing {args.remove:,} closed tickets": _retention(
                args.remove, args.requests
            ),
        }
    finally:
        from django.db import connections

        connections.close_all()
        _drop(copy)
    for name, figure in figures.items():
        print(f"{name}: {figure}")
    record("privacy", vars(args), figures)
    print("rerun: python -m tests.bench.privacy")


if __name__ == "__main__":
    main()
