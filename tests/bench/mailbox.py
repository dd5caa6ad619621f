"""A full support mailbox read: 10,000 messages waiting in a real Dovecot
(IMAP over TLS), each stored and read into a ticket and acknowledged by
email, each exactly once; then the cost of polling the idle mailbox.

Real parts: Dovecot started on spare loopback ports (tests/mailserver.py,
as root, after `make mailserver`), PostgreSQL, a Celery worker on Redis
(threads, as docker-compose runs it) and a local SMTP sink (aiosmtpd) that
counts what it accepts by Message-ID. The first poll is asked for as beat
asks; the rest follow by themselves while a backlog remains.

    make bench                       # or: python -m tests.bench.mailbox
    python -m tests.bench.mailbox --messages 10000 --idle-polls 50
"""

import argparse
import os
import time
from collections import Counter
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller

from tests import mailserver
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

DATABASE_URL = "postgres://postgres@127.0.0.1:5432/helpdesk_bench_mailbox"
ADDRESS = "support@example.com"


def letter(n: int) -> bytes:
    message = EmailMessage()
    message["From"] = f"Customer {n} <customer{n}@example.com>"
    message["To"] = ADDRESS
    message["Subject"] = f"Question number {n}"
    message["Message-ID"] = f"<bench-{n}@mail.example.com>"
    message.set_content(f"Hello, this is question {n}. Can you help?\n")
    return bytes(message)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--idle-polls", type=int, default=50)
    parser.add_argument("--celery-concurrency", type=int, default=8)
    args = parser.parse_args()
    check(
        mailserver.installed() and mailserver.running_as_root(),
        "Dovecot is needed (make mailserver) and the bench must run as root",
    )
    sink = ScriptedSMTP()
    smtp_port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp_port)
    controller.start()
    env = bench_env(
        DATABASE_URL=os.environ.get("BENCH_MAILBOX_DATABASE_URL", DATABASE_URL),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        HELPDESK_ACK_LIMIT_PER_HOUR="1000000",
    )
    recreate_database(env["DATABASE_URL"])
    manage(env, "migrate", "--noinput", "-v0")
    os.environ.update(env)
    import django

    django.setup()
    try:
        with mailserver.running((ADDRESS,)) as dovecot:
            began = time.perf_counter()
            _deliver(dovecot, args.messages)
            print(
                f"Delivered {args.messages} messages to Dovecot in "
                f"{time.perf_counter() - began:.1f} s",
                flush=True,
            )
            box = _mailbox(dovecot)
            commands = {
                "worker": worker_command(args.celery_concurrency, "--pool=threads")
            }
            with processes(env, commands) as logs:
                wait_for(lambda: "ready." in logs["worker"].read_text(), "the worker")
                figures = _read_all(box.pk, args.messages, sink)
            figures |= _idle(box.pk, args.idle_polls)
    finally:
        controller.stop()
    parameters = {
        "messages": args.messages,
        "batch_per_poll": int(os.environ.get("HELPDESK_MAILBOX_BATCH", "100")),
        "protocol": "IMAP over TLS (Dovecot on loopback)",
        "celery_pool": "threads",
        "celery_concurrency": args.celery_concurrency,
        "database": "postgresql",
        "broker": "redis",
        "mail": "local SMTP sink (aiosmtpd)",
    }
    record("mailbox_read", parameters, figures)
    print(f"\nreading a mailbox of {args.messages} messages: {figures}")
    print("Rerun with: python -m tests.bench.mailbox (or make bench)")


def _deliver(dovecot: mailserver.Dovecot, count: int) -> None:
    with dovecot.client(ADDRESS) as client:
        for n in range(1, count + 1):
            client.append("INBOX", letter(n))


def _mailbox(dovecot: mailserver.Dovecot) -> Any:
    from tickets.models import Mailbox
    from tickets.services.mailbox_auth import mailbox_password_set

    box = Mailbox.objects.create(
        name="Support",
        address=ADDRESS,
        host="127.0.0.1",
        port=dovecot.imaps,
        username=ADDRESS,
        trusted_certificate=dovecot.certificate,
    )
    mailbox_password_set(mailbox=box, password=mailserver.PASSWORD)
    return box


def _read_all(mailbox_id: int, count: int, sink: ScriptedSMTP) -> dict[str, Any]:
    from helpdesk.core.celery import enqueue
    from notifications.models import Notification
    from tickets.models import InboundMail, Ticket
    from tickets.services.mailboxes import POLL_TASK

    began = time.perf_counter()
    check(enqueue(POLL_TASK, mailbox_id, fallback=""), "the first poll was not queued")
    stored = InboundMail.objects.all()
    wait_for(lambda: stored.count() >= count, "every message stored", timeout=3600)
    all_stored = time.perf_counter() - began
    read = InboundMail.objects.exclude(state=InboundMail.State.RECEIVED)
    wait_for(lambda: read.count() >= count, "every message read", timeout=3600)
    all_read = time.perf_counter() - began
    acks = Notification.objects.filter(
        kind=Notification.Kind.ACKNOWLEDGEMENT, state=Notification.State.SENT
    )
    wait_for(lambda: acks.count() >= count, "every acknowledgement", timeout=3600)
    all_acknowledged = time.perf_counter() - began
    accepted = Counter(sink.accepted())
    check(stored.count() == count, f"{stored.count()} stored for {count}")
    check(Ticket.objects.count() == count, f"{Ticket.objects.count()} tickets")
    check(len(accepted) == count, f"{len(accepted)} distinct emails for {count}")
    check(max(accepted.values()) == 1, "an acknowledgement was sent twice")
    return {
        "all_stored_s": round(all_stored, 1),
        "all_read_s": round(all_read, 1),
        "last_acknowledgement_s": round(all_acknowledged, 1),
        "messages_per_s": round(count / all_read, 1),
        "each_stored_and_acknowledged_exactly_once": True,
    }


def _idle(mailbox_id: int, polls: int) -> dict[str, Any]:
    """Polls of the mailbox with nothing new, in this process: the CPU a
    worker spends on each (ours: TLS, IMAP, the queries), and the wall time."""
    from tickets.services.mailboxes import mailbox_poll

    cpu, wall = [], []
    for _ in range(polls):
        started_cpu, started = time.process_time(), time.perf_counter()
        poll = mailbox_poll(mailbox_id=mailbox_id)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
        check(poll is not None and poll.fetched == 0, f"an idle poll took {poll}")
    cpu_ms = sorted(cpu)[len(cpu) // 2] * 1000
    return {
        "idle_poll_cpu_ms_p50": round(cpu_ms, 1),
        "idle_poll_wall_ms_p50": round(sorted(wall)[len(wall) // 2] * 1000, 1),
        # A hundred mailboxes polled every minute: the share of one core.
        "hundred_mailboxes_each_minute_cpu_share_pct": round(
            100 * cpu_ms / 60_000 * 100, 2
        ),
    }


if __name__ == "__main__":
    main()
