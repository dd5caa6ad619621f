"""Receive email from .eml files or a Maildir: the embedded default for
inbound mail, and a way to import a support mailbox."""

import mailbox
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tickets.services.intake import inbound_process, inbound_store


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
        self._receive(path.name, path.read_bytes())
        if remove:
            path.unlink()

    def _maildir(self, box: mailbox.Maildir, remove: bool) -> None:
        for key in list(box.keys()):
            self._receive(key, box.get_bytes(key))
            if remove:
                box.remove(key)

    def _receive(self, name: str, raw: bytes) -> None:
        """Stored first (so nothing is lost), then read at once: this
        command is itself the background job."""
        row, new = inbound_store(raw=raw, source="import_email")
        if not new:
            self.stdout.write(f"{name}: ignored (already received)")
            return
        row = inbound_process(inbound_id=row.pk)
        where = f" {row.ticket.reference}" if row.ticket else ""
        said = row.outcome or f"could not be read ({row.error})"
        self.stdout.write(f"{name}: {said}{where}")
