"""The agent's ticket page, for a ticket of 3 messages and one of 200, on
PostgreSQL: server time in-process (middleware, view, queries, template) as
gunicorn runs it (DEBUG off, no test instrumentation), after warm-up
requests; median and p95, and the page's query count; then the first view
after each of 20 changes (a note), which draws the history again.

The conversation is written through the services (replies, notes, status
changes, promises, a priority change), so the timeline holds every common
kind of event, as a real ticket's does.

    make bench                         # or: python -m tests.bench.ticket_page
    python -m tests.bench.ticket_page --requests 200
"""

import argparse
import statistics
import time
from datetime import timedelta
from typing import Any

from .harness import check, fresh_django, record

DATABASE = "postgres://postgres@127.0.0.1:5432/helpdesk_ticket_page"


def _conversation(messages: int, agent: Any, n: int) -> int:
    """A ticket whose conversation has ``messages`` messages; its id."""
    from django.utils import timezone

    from tickets.services.assignment import ticket_change_priority
    from tickets.services.commitments import promise_make
    from tickets.services.lifecycle import (
        customer_message_post,
        note_add,
        reply_post,
        ticket_open,
    )

    ticket = ticket_open(
        name=f"Customer {n}",
        email=f"customer{n}@example.com",
        subject=f"The invoice for order {n} shows the wrong address",
        message="Hello,\n\nthe invoice shows my old address. Can you fix it?\n",
    )
    written = 1
    turn = 0
    while written < messages:
        turn += 1
        if turn % 3 == 1:
            reply_post(
                ticket=ticket,
                author=agent,
                body=f"Thank you. We are looking into it (step {turn}).\n\nBest,\nSam",
            )
        elif turn % 3 == 2:
            customer_message_post(
                ticket=ticket, body=f"Thanks. Any news on step {turn}?\n"
            )
        else:
            note_add(
                ticket=ticket, author=agent, body=f"Asked billing about step {turn}."
            )
        written += 1
        if turn % 10 == 0:
            promise_make(
                ticket=ticket,
                actor=agent,
                description=f"Corrected invoice, step {turn}",
                due_at=timezone.now() + timedelta(days=2),
            )
        if turn % 25 == 0:
            ticket_change_priority(
                ticket=ticket, priority="high" if turn % 50 else "normal", actor=agent
            )
        ticket.refresh_from_db()
    return int(ticket.pk)


def _after_changes(client: Any, path: str, ticket_id: int, agent: Any, n: int) -> float:
    """Median time of the first view after a change (a note each time): what
    a page that keeps nothing between views costs on every view."""
    from tickets.models import Ticket
    from tickets.services.lifecycle import note_add

    timings = []
    for step in range(n):
        ticket = Ticket.objects.get(pk=ticket_id)
        note_add(ticket=ticket, author=agent, body=f"Checked again ({step}).")
        began = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - began)
    return round(statistics.median(timings) * 1000, 1)


def _time(client: Any, path: str, requests: int) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    for _ in range(5):
        check(client.get(path).status_code == 200, f"{path} failed")
    reset_queries()  # as each request does: counted from zero
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    count = len(queries.captured_queries)  # read now: the next request resets
    timings = []
    for _ in range(requests):
        began = time.perf_counter()
        client.get(path)
        timings.append(time.perf_counter() - began)
    cuts = statistics.quantiles(sorted(timings), n=20, method="inclusive")
    return {
        "median_ms": round(statistics.median(timings) * 1000, 1),
        "p95_ms": round(cuts[18] * 1000, 1),
        "queries": count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=100)
    args = parser.parse_args()
    fresh_django("TICKET_PAGE_DATABASE_URL", DATABASE, test_environment=False)
    from django.contrib.auth.models import User
    from django.test import Client

    agent = User.objects.create_user(
        "sam", "sam@example.com", "x", is_staff=True, first_name="Sam"
    )
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(agent)
    figures = {}
    for messages in (3, 200):
        ticket_id = _conversation(messages, agent, messages)
        path = f"/agent/tickets/{ticket_id}/"
        figure = _time(client, path, args.requests)
        figure["first view after a change, median_ms"] = _after_changes(
            client, path, ticket_id, agent, 20
        )
        figures[f"{messages} messages"] = figure
        print(f"ticket page, {messages:3} messages: {figure}")
    record(
        "ticket_page",
        {
            "requests": args.requests,
            "database": "postgresql",
            "timed": "in-process client, DEBUG off: middleware, view, queries, "
            "template",
        },
        figures,
    )
    print("rerun: python -m tests.bench.ticket_page")


if __name__ == "__main__":
    main()
