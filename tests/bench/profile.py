"""Where a submitted ticket's CPU goes: the form page, the POST and the
worker's delivery of the acknowledgement, each profiled in-process with
cProfile on PostgreSQL and Redis (the publish to the broker included).

Prints the time per ticket of each part and the functions that cost most,
so that the submit bench's throughput can be explained.

    python -m tests.bench.profile                 # 200 tickets
    python -m tests.bench.profile --tickets 500 --top 25 --sort tottime
"""

import argparse
import cProfile
import io
import pstats
import time
from collections.abc import Callable
from typing import Any

from .harness import BENCH_DIR, check, fresh_django

DATABASE = "postgres://postgres@127.0.0.1:5432/helpdesk_profile"


def _report(
    name: str, profile: cProfile.Profile, seconds: float, n: int, top: int, sort: str
) -> None:
    print(f"\n--- {name}: {seconds / n * 1000:.2f} ms per ticket, profiled ---")
    out = io.StringIO()
    stats = pstats.Stats(profile, stream=out)
    stats.sort_stats(sort).print_stats(top)
    lines = out.getvalue().splitlines()
    start = next((i for i, line in enumerate(lines) if "ncalls" in line), len(lines))
    print("\n".join(lines[start:]))


def _pass(
    page: Callable[[], None],
    submit: Callable[[int], None],
    deliver_pending: Callable[[], int],
    tickets: int,
    first: int,
    profiles: dict[str, cProfile.Profile] | None = None,
) -> dict[str, float]:
    """``tickets`` form pages and submits, then their deliveries: seconds
    spent in each part (profiled if ``profiles`` are given)."""
    seconds = {"form page": 0.0, "POST": 0.0, "delivery": 0.0}

    def timed(name: str, work: Callable[[], Any]) -> Any:
        profile = profiles[name] if profiles else None
        began = time.perf_counter()
        if profile:
            profile.enable()
        result = work()
        if profile:
            profile.disable()
        seconds[name] += time.perf_counter() - began
        return result

    for n in range(first, first + tickets):
        timed("form page", page)
        timed("POST", lambda n=n: submit(n))
    delivered = timed("delivery", deliver_pending)
    check(delivered == tickets, f"{delivered} acknowledgements for {tickets} tickets")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tickets", type=int, default=200)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--sort", default="cumulative", help="or tottime")
    args = parser.parse_args()
    # As gunicorn and the worker run: files for email, DEBUG off.
    fresh_django("PROFILE_DATABASE_URL", DATABASE, test_environment=False)
    from django.test import Client

    from notifications.delivery import notification_deliver
    from notifications.models import Notification

    client = Client(HTTP_HOST="127.0.0.1")
    form = {
        "website": "",
        "subject": "The export is empty",
        "message": "The CSV export has only the header row.\n" * 5,
    }

    def submit(n: int) -> None:
        response = client.post(
            "/tickets/new/",
            form | {"name": f"Customer {n}", "email": f"customer{n}@example.com"},
        )
        check(response.status_code == 302, f"submit answered {response.status_code}")

    def page() -> None:
        response = client.get("/tickets/new/")
        check(response.status_code == 200, f"form answered {response.status_code}")

    def deliver_pending() -> int:
        """As the worker does, each acknowledgement waiting in the outbox."""
        pending = Notification.objects.filter(state=Notification.State.PENDING)
        ids = list(pending.values_list("pk", flat=True))
        for pk in ids:
            notification_deliver(notification_id=pk)
        return len(ids)

    for n in range(10):  # warm: templates, policies, connections
        page()
        submit(10**6 + n)
    deliver_pending()

    parts = ("form page", "POST", "delivery")
    plain = _pass(page, submit, deliver_pending, args.tickets, 0)
    profiles = {name: cProfile.Profile() for name in parts}
    seconds = _pass(page, submit, deliver_pending, args.tickets, 10**7, profiles)
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    for name, profile in profiles.items():
        _report(name, profile, seconds[name], args.tickets, args.top, args.sort)
        profile.dump_stats(BENCH_DIR / f"profile-{name.replace(' ', '-')}.prof")
    print("\nper ticket, not profiled (wall time in-process, PostgreSQL's included):")
    for name in parts:
        print(f"  {name:10} {plain[name] / args.tickets * 1000:6.2f} ms")
    print(f"  {'in all':10} {sum(plain.values()) / args.tickets * 1000:6.2f} ms")
    print(f"Profiles in {BENCH_DIR}/profile-*.prof (pstats); rerun with:")
    print("    python -m tests.bench.profile")


if __name__ == "__main__":
    main()
