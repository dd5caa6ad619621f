"""Receive email from .eml files or a Maildir: the embedded default for
inbound mail, and a way to import a support mailbox."""

import mailbox
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tickets.services import inbound_receive


class Command(BaseCommand):
    help = "Put emails (.eml files, folders of them, or Maildirs) on their tickets."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", help=".eml files, folders or Maildirs")
        parser.add_argument(
            "--remove", action="store_true", help="Delete each message once received."
        )

    def handle(
        self, *args: Any, paths: list[str], remove: bool, **options: Any
    ) -> None:
        for name in paths:
            path = Path(name)
            if (path / "cur").is_dir() and (path / "new").is_dir():
                self._maildir(mailbox.Maildir(path, create=False), remove)
            elif path.is_dir():
                for file in sorted(path.glob("*.eml")):
                    self._file(file, remove)
            elif path.is_file():
                self._file(path, remove)
            else:
                raise CommandError(f"{path}: no such file, folder or Maildir")

    def _file(self, path: Path, remove: bool) -> None:
        self._report(path.name, inbound_receive(raw=path.read_bytes()))
        if remove:
            path.unlink()

    def _maildir(self, box: mailbox.Maildir, remove: bool) -> None:
        for key in list(box.keys()):
            self._report(key, inbound_receive(raw=box.get_bytes(key)))
            if remove:
                box.remove(key)

    def _report(self, name: str, outcome: Any) -> None:
        where = f" {outcome.ticket.reference}" if outcome.ticket else ""
        why = f" ({outcome.reason})" if outcome.reason else ""
        self.stdout.write(f"{name}: {outcome.action}{where}{why}")
