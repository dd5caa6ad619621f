"""``manage.py health``: exit 1 when beat has not run lately or an email
waits unseen; ``--only beat`` for compose's health check of beat."""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from notifications.health import health_read


class Command(BaseCommand):
    help = "Exit 1 when beat is stale or an email waits unseen."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--only", choices=["beat", "email"])

    def handle(self, *args: Any, **options: Any) -> None:
        found = health_read()
        age = found.beat_age
        beat = "never ran" if age is None else f"last ran {age:.0f} s ago"
        line = f"beat {beat}; oldest email waiting {found.email_wait:.0f} s"
        ok = {"beat": found.beat_ok, "email": found.email_ok}.get(
            options["only"], found.ok
        )
        if not ok:
            raise CommandError(f"unhealthy: {line}")
        self.stdout.write(f"healthy: {line}")
