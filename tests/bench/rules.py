"""What rules and webhooks cost a new ticket, on PostgreSQL, in-process:
opening a ticket through the service (the web form's work: ticket, first
message, deadlines, event, outbox rows) with no rules, then with 100
switched-on rules (95 whose conditions fail, 5 that add a tag) and 10
webhooks subscribed to new tickets; and the time to test all 100 rules for
one event. The submit bench times the same through gunicorn and the worker:
``python -m tests.bench.submit --rules 100 --webhooks 10``.

    make bench                       # or: python -m tests.bench.rules
    python -m tests.bench.rules --tickets 300
"""

import argparse
import os
import statistics
import time
from typing import Any

from .harness import check, fresh_django, record

DATABASE = "postgres://postgres@127.0.0.1:5432/helpdesk_rules"


def seed(rules: int, hooks: int, url: str) -> None:
    """``rules`` rules on new tickets (one in twenty acts) and ``hooks``
    webhooks posting to ``url``; also used by the submit bench."""
    from notifications.models import Webhook
    from tickets.models import Rule, RuleAction, RuleCondition

    for n in range(rules):
        rule = Rule.objects.create(
            name=f"Rule {n}", trigger="created", is_active=True, position=n
        )
        acts = n % 20 == 0
        RuleCondition.objects.create(
            rule=rule,
            field="customer_email" if acts else "subject",
            operator="contains",
            value="@example.com" if acts else f"no such words {n}",
        )
        RuleCondition.objects.create(
            rule=rule, field="priority", operator="is_not", value="urgent"
        )
        RuleAction.objects.create(rule=rule, action="add_tags", value=f"tag{n}")
    for n in range(hooks):
        Webhook.objects.create(name=f"Hook {n}", url=f"{url}/{n}", kinds=["created"])


def _open(n: int) -> float:
    from tickets.services.lifecycle import ticket_open

    began = time.perf_counter()
    ticket_open(
        name="Ada Lovelace",
        email=f"ada{n}@example.com",
        subject="Cannot sign in since this morning",
        message="I get 'invalid session' on every login. What should I do?",
    )
    return time.perf_counter() - began


def _cuts(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(sorted(timings), n=20, method="inclusive")
    return {
        "median_ms": round(statistics.median(timings) * 1000, 2),
        "p95_ms": round(cuts[18] * 1000, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--rules", type=int, default=100)
    parser.add_argument("--webhooks", type=int, default=10)
    args = parser.parse_args()
    os.environ["HELPDESK_WEBHOOKS_ALLOW_PRIVATE"] = "true"  # posts to loopback
    fresh_django("RULES_DATABASE_URL", DATABASE, test_environment=False)
    from notifications.models import WebhookDelivery
    from tickets.models import RuleFiring, TicketEvent
    from tickets.services.automation import rules_forget, rules_react

    for n in range(10):  # warm-up
        _open(10_000 + n)
    figures: dict[str, Any] = {
        "no rules": _cuts([_open(n) for n in range(args.tickets)])
    }
    seed(args.rules, args.webhooks, "http://127.0.0.1:9/bench")
    rules_forget()
    label = f"{args.rules} rules, {args.webhooks} webhooks"
    figures[label] = _cuts([_open(20_000 + n) for n in range(args.tickets)])
    check(
        WebhookDelivery.objects.count() == args.tickets * args.webhooks,
        "a webhook post missing",
    )
    check(RuleFiring.objects.count() > 0, "no rule fired")
    event = TicketEvent.objects.filter(kind="created").order_by("-pk")[0]
    timings = []
    for _ in range(args.tickets):
        RuleFiring.objects.filter(event=event).delete()
        began = time.perf_counter()
        rules_react([event])
        timings.append(time.perf_counter() - began)
    figures[f"testing {args.rules} rules for one event"] = _cuts(timings)
    for name, figure in figures.items():
        print(f"{name:>34}: {figure}")
    record(
        "rules",
        {"tickets": args.tickets, "rules": args.rules, "webhooks": args.webhooks},
        figures,
    )
    print("rerun: python -m tests.bench.rules")


if __name__ == "__main__":
    main()
