"""Agent queue page server time with 100,000 tickets on PostgreSQL.

Seeds a fresh database (customers, tickets across statuses, queues, agents
and priorities, each with a first message), then times the queue page
in-process (middleware, view, queries and template) for the default view, a
filtered view and a full-text search. Prints p50/p95.

    make bench                      # or: python -m tests.bench.queue
    python -m tests.bench.queue --tickets 100000 --requests 60
"""

import argparse
import random
import time
from datetime import timedelta

from .harness import analyze, fresh_django, record, time_page

WORDS = [
    "invoice",
    "refund",
    "login",
    "password",
    "export",
    "import",
    "printer",
    "toner",
    "screen",
    "error",
    "crash",
    "slow",
    "upgrade",
    "plan",
    "billing",
    "account",
    "address",
    "delivery",
    "parcel",
    "damaged",
    "missing",
    "order",
    "payment",
    "card",
    "declined",
    "subscription",
    "cancel",
    "report",
    "dashboard",
    "chart",
    "email",
    "notification",
    "mobile",
    "app",
    "sync",
    "calendar",
    "backup",
    "restore",
    "api",
    "key",
]


def seed(tickets: int) -> None:
    from django.contrib.auth.models import Group, User
    from django.utils import timezone

    from tickets.models import Customer, Message, Queue, Status, Ticket

    rng = random.Random(42)
    now = timezone.now()
    agents_group = Group.objects.get(name="Agents")
    agents = []
    for n in range(20):
        user = User.objects.create_user(f"agent{n}", f"agent{n}@example.com", "x" * 12)
        user.groups.add(agents_group)
        agents.append(user)
    queues = [Queue.objects.get(slug="general")] + [
        Queue.objects.create(name=name, slug=name.lower())
        for name in ("Billing", "Technical", "Shipping", "Accounts")
    ]
    customers = Customer.objects.bulk_create(
        Customer(email=f"customer{n}@example.com", name=f"Customer {n}")
        for n in range(tickets // 5)
    )
    statuses = (
        [Status.NEW] * 10
        + [Status.OPEN] * 20
        + [Status.WAITING] * 10
        + ([Status.RESOLVED] * 30 + [Status.CLOSED] * 30)
    )
    batch = 5000
    for start in range(0, tickets, batch):
        rows = []
        texts = []
        for _ in range(min(batch, tickets - start)):
            status = rng.choice(statuses)
            customer = rng.choice(customers)
            subject = " ".join(rng.sample(WORDS, 3)).capitalize()
            body = " ".join(rng.choices(WORDS, k=40)) + "?"
            active = status in (Status.NEW, Status.OPEN)
            rows.append(
                Ticket(
                    subject=subject,
                    customer=customer,
                    queue=rng.choice(queues),
                    status=status,
                    priority=rng.choice(["low", "normal", "normal", "high", "urgent"]),
                    assignee=rng.choice([None, *agents])
                    if status != Status.NEW
                    else None,
                    due_at=now + timedelta(minutes=rng.randint(-2880, 4320))
                    if active
                    else None,
                    last_customer_message_at=now
                    - timedelta(minutes=rng.randint(1, 20000)),
                    search_document=f"{subject}\n{customer.name}\n{customer.email}\n{body}",
                )
            )
            texts.append(body)
        created = Ticket.objects.bulk_create(rows)
        Message.objects.bulk_create(
            Message(ticket=t, kind="customer", source="web", body=text)
            for t, text in zip(created, texts, strict=True)
        )
    analyze()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()

    fresh_django(
        "BENCH_QUEUE_DATABASE_URL",
        "postgres://postgres@127.0.0.1:5432/helpdesk_bench_queue",
    )
    from django.test import Client

    from tickets.models import Queue

    began = time.perf_counter()
    seed(args.tickets)
    print(
        f"Seeded {args.tickets} tickets in {time.perf_counter() - began:.0f} s",
        flush=True,
    )

    from django.contrib.auth.models import User

    client = Client()
    client.force_login(User.objects.get(username="agent3"))
    billing = Queue.objects.get(slug="billing").pk
    pages = {
        "default view (all open, by deadline)": "/agent/",
        "filtered (mine, high priority)": "/agent/?view=mine&priority=high",
        "filtered (queue Billing, status open)": f"/agent/?queue={billing}&status=open",
        "search (two words, full text)": "/agent/?q=refund+printer",
    }
    figures = {}
    for name, path in pages.items():
        figures[name] = time_page(client, path, args.requests)
        print(f"{name:40} {figures[name]}", flush=True)
    record(
        "agent_queue_page",
        {
            "tickets": args.tickets,
            "requests_per_page": args.requests,
            "database": "postgresql",
            "timed": "in-process test client: middleware, view, queries, template",
        },
        figures,
    )
    print("\nFigures written to var/bench/results.json; rerun with: make bench")


if __name__ == "__main__":
    main()
