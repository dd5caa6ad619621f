"""A time-rule pass at a million tickets, on PostgreSQL: four rules as a
desk would write them (remind after 3 days waiting, close after 10, close
7 days after resolved, tag urgent tickets whose customer waited a day),
first over the backlog a new rule finds (at most 200 tickets per rule and
run), then once testing every ticket (as after a rule is changed), then
caught up, as every later run is: only the tickets changed in the last
minutes or past a mark since the last run. For each rule: the rows its
query read (EXPLAIN ANALYZE: each scan's rows, and those it dropped) and
whether any scan read the whole ticket table. Nothing is kept: all of it is rolled
back, so the seeded database stays as it was.

    make bench                        # or: python -m tests.bench.time_rules
    python -m tests.bench.time_rules --tickets 100000
"""

import argparse
import os
import re
import statistics
import time
from datetime import timedelta
from typing import Any

from .harness import bench_env, check, record
from .seed import NOW, seeded_database

RULES = (
    ("Remind after 3 days", [("hours_waiting", "at_least", "72")],
     [("reply", "Hello {{ customer_first_name }}, is this still a problem?")]),
    ("Close after 10 days", [("hours_waiting", "at_least", "240")],
     [("reply", "We close this for now."), ("set_status", "closed")]),
    ("Close a week after resolved", [("hours_resolved", "at_least", "168")],
     [("set_status", "closed")]),
    ("Urgent, customer waited a day",
     [("hours_customer", "at_least", "24"), ("priority", "is", "urgent"),
      ("status", "is", "open")],
     [("add_tags", "waited-a-day")]),
)  # fmt: skip


class Rollback(Exception):
    """Leaves the seeded database as it was."""


def _rules() -> list[Any]:
    from tickets.models import Rule, RuleAction, RuleCondition

    made = []
    for n, (name, conditions, actions) in enumerate(RULES):
        rule = Rule.objects.create(
            name=name, trigger="time", is_active=True, position=n
        )
        for field, operator, value in conditions:
            RuleCondition.objects.create(
                rule=rule, field=field, operator=operator, value=value
            )
        for action, value in actions:
            RuleAction.objects.create(rule=rule, action=action, value=value)
        made.append(rule)
    return made


def _read(rule: Any, now: Any) -> dict[str, Any]:
    """The rows the rule's query read, from its plan as run."""
    from django.db import connection

    from tickets.services.time_rules import BATCH, OVERLAP, _candidates

    query = _candidates(rule, now, now - OVERLAP).order_by("since", "pk")[:BATCH]
    sql, params = query.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT TEXT) {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    rows = 0  # each scan's rows, and those it read and dropped
    scanning = False
    for line in plan.splitlines():
        if "actual" in line:
            scanning = "Scan" in line
            found = re.search(r"rows=(\d+) loops=(\d+)\)", line)
            if scanning and found:
                rows += int(found.group(1)) * int(found.group(2))
        elif scanning and (dropped := re.search(r"Removed by \w+: (\d+)", line)):
            rows += int(dropped.group(1))
    whole = bool(re.search(r"Seq Scan on tickets_ticket\b", plan))
    return {"rows read": rows, "whole table read": whole}


def _caught_up(rule: Any, now: Any) -> int:
    """What the runs would have done with the rest of the backlog: closed
    what the closing rules close, marked the rest as acted on."""
    from django.db.models import F

    from tickets.models import Ticket, TimeRuleFiring
    from tickets.services.time_rules import _candidates

    due = _candidates(rule, now)
    if any(a.action == "set_status" for a in rule.actions.all()):
        return Ticket.objects.filter(pk__in=due.values("pk")).update(status="closed")
    rows = [
        TimeRuleFiring(rule=rule, ticket_id=pk, since=since)
        for pk, since in due.values_list("pk", F("since"))
    ]
    return len(TimeRuleFiring.objects.bulk_create(rows, batch_size=5000))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = seeded_database(args.tickets)
    os.environ.update(bench_env(DATABASE_URL=url))
    import django

    django.setup()
    import time_machine
    from django.db import transaction

    from tickets.services.time_rules import time_rules_pass

    figures: dict[str, Any] = {}
    now = NOW + timedelta(days=1)  # a day after the seed's history ends
    # Frozen: caught up means no ticket crossed a mark since the last run.
    with time_machine.travel(now, tick=False):
        try:
            with transaction.atomic():
                rules = _rules()
                began = time.perf_counter()
                acted = time_rules_pass()
                seconds = time.perf_counter() - began
                figures["first run over the backlog"] = {
                    "seconds": round(seconds, 2),
                    "tickets acted on": acted,
                    "ms per ticket acted on": round(
                        seconds * 1000 / max(1, sum(acted.values())), 1
                    ),
                }
                figures["rest of the backlog"] = {
                    r.name: _caught_up(r, now) for r in rules
                }
                began = time.perf_counter()
                check(not any(time_rules_pass().values()), "a caught-up run acted")
                figures["a run testing every ticket (a rule just changed)"] = {
                    "ms": round((time.perf_counter() - began) * 1000, 1)
                }
                timings = []
                for _ in range(args.runs):
                    began = time.perf_counter()
                    check(
                        not any(time_rules_pass().values()),
                        "a caught-up run acted",
                    )
                    timings.append(time.perf_counter() - began)
                figures["caught-up run (each minute)"] = {
                    "median_ms": round(statistics.median(timings) * 1000, 1),
                    "max_ms": round(max(timings) * 1000, 1),
                    **{r.name: _read(r, now) for r in rules},
                }
                raise Rollback
        except Rollback:
            pass
    for name, figure in figures.items():
        print(f"{name}: {figure}")
    record("time_rules", {"tickets": args.tickets, "rules": len(RULES)}, figures)
    print("rerun: python -m tests.bench.time_rules")


if __name__ == "__main__":
    main()
