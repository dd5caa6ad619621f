"""One incident update to 10,000 linked tickets: how long the agent waits,
and how long until every customer's email is queued and then sent.

Real parts: PostgreSQL, a Celery worker (threads, as docker-compose runs it)
on Redis, and a local SMTP sink (aiosmtpd) that counts what it accepts by
Message-ID; the agent posts the update through the workspace's page.

    make bench                       # or: python -m tests.bench.incident
    python -m tests.bench.incident --tickets 10000
"""

import argparse
import os
import time
from collections import Counter
from typing import Any

from aiosmtpd.controller import Controller

from tests.faults.processes import ScriptedSMTP

from .harness import (
    bench_env,
    check,
    free_port,
    manage,
    processes,
    record,
    recreate_database,
    wait_for,
    worker_command,
)

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/helpdesk_bench_incident"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=10_000)
    parser.add_argument("--celery-concurrency", type=int, default=8)
    args = parser.parse_args()

    sink = ScriptedSMTP()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = bench_env(
        DATABASE_URL=os.environ.get("BENCH_INCIDENT_DATABASE_URL", DATABASE_URL),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
    )
    print(f"Database {env['DATABASE_URL']}, broker {env['REDIS_URL']}", flush=True)
    recreate_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    incident_pk, agent = _seed(args.tickets)
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    client = Client()
    client.force_login(agent)
    commands = {
        "worker": worker_command(args.celery_concurrency, "--pool=threads"),
    }
    try:
        with processes(env, commands) as logs:
            wait_for(lambda: "ready." in logs["worker"].read_text(), "the worker")
            figures = _post_and_wait(client, incident_pk, args.tickets, sink)
    finally:
        controller.stop()
    parameters = {
        "linked_tickets": args.tickets,
        "celery_pool": "threads",
        "celery_concurrency": args.celery_concurrency,
        "database": "postgresql",
        "broker": "redis",
        "mail": "local SMTP sink (aiosmtpd)",
    }
    record("incident_update_fanout", parameters, figures)
    print(f"\nincident update to {args.tickets} linked tickets: {figures}")
    print("Rerun with: python -m tests.bench.incident (or make bench)")


def _seed(count: int) -> tuple[int, Any]:
    """Customers, open tickets linked to one incident, an agent: in bulk."""
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from tests.factories import UserFactory
    from tickets.models import Customer, Incident, Queue, Status, Ticket
    from tickets.permissions import AGENTS_GROUP

    started = time.perf_counter()
    agent = UserFactory(username="bench-agent", first_name="Bench")
    agent.groups.add(Group.objects.get_or_create(name=AGENTS_GROUP)[0])
    queue = Queue.objects.get_or_create(slug="general", defaults={"name": "General"})[0]
    incident = Incident.objects.create(
        title="Checkout unavailable",
        summary="Payments fail at checkout.",
        started_at=timezone.now(),
    )
    customers = Customer.objects.bulk_create(
        (
            Customer(email=f"c{i}@example.com", name=f"Customer {i}")
            for i in range(count)
        ),
        batch_size=2000,
    )
    now = timezone.now()
    Ticket.objects.bulk_create(
        (
            Ticket(
                subject=f"Checkout fails ({i})",
                customer=customer,
                queue=queue,
                status=Status.OPEN,
                incident=incident,
                due_at=now,
                last_customer_message_at=now,
            )
            for i, customer in enumerate(customers)
        ),
        batch_size=2000,
    )
    print(f"Seeded {count} linked tickets in {time.perf_counter() - started:.1f} s")
    return incident.pk, agent


def _post_and_wait(
    client: Any, incident_pk: int, count: int, sink: ScriptedSMTP
) -> dict[str, Any]:
    from notifications.models import Notification
    from tickets.models import IncidentUpdate

    page = client.get(f"/agent/incidents/{incident_pk}/")  # a warm process
    check(page.status_code == 200, f"the incident page: {page}")
    began = time.perf_counter()
    response = client.post(
        f"/agent/incidents/{incident_pk}/updates/",
        {"body": "We found the cause.", "status": "identified", "is_public": "on"},
    )
    answered = time.perf_counter() - began
    check(response.status_code == 302, f"the update was refused: {response}")
    update = IncidentUpdate.objects.get()

    def queued() -> bool:
        update.refresh_from_db()
        return update.fanned_out_at is not None

    wait_for(queued, "the fan-out", timeout=600)
    all_queued = time.perf_counter() - began
    sent = Notification.objects.filter(state=Notification.State.SENT)
    wait_for(lambda: sent.count() >= count, "every email", timeout=1200)
    all_sent = time.perf_counter() - began
    accepted = Counter(sink.accepted())
    check(update.fanned_out_to == count, f"reached {update.fanned_out_to}")
    check(len(accepted) == count, f"{len(accepted)} distinct emails for {count}")
    check(max(accepted.values()) == 1, "an email was sent twice")
    check(Notification.objects.count() == count, "one outbox row per customer")
    return {
        "request_ms": round(answered * 1000, 1),
        "all_queued_s": round(all_queued, 1),
        "all_sent_s": round(all_sent, 1),
        "emails_per_s": round(count / all_sent, 1),
        "each_sent_exactly_once": True,
    }


if __name__ == "__main__":
    main()
