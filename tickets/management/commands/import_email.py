"""Receive email from .eml files or a Maildir: the embedded default for
inbound mail, and a way to import a support mailbox (``--history``: old
mail, in the order it was written, dated then, with nobody emailed)."""

import mailbox
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from tickets.inbound import date_of
from tickets.services.intake import inbound_process, inbound_store

# One message to read: its name, its bytes, and how to remove it.
Entry = tuple[str, Callable[[], bytes], Callable[[], None]]
UNDATED = datetime.max.replace(tzinfo=UTC)


class Command(BaseCommand):
    help = "Put emails (.eml files, folders of them, or Maildirs) on their tickets."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("paths", nargs="+", help=".eml files, folders or Maildirs")
        parser.add_argument(
            "--remove", action="store_true", help="Delete each message once received."
        )
        parser.add_argument(
            "--history",
            action="store_true",
            help=(
                "Old mail: read in the order it was written, each ticket and "
                "message keeping its own Date, nobody sent an acknowledgement, "
                "and no target set or missed."
            ),
        )

    def handle(
        self, *args: Any, paths: list[str], remove: bool, history: bool, **options: Any
    ) -> None:
        entries = [entry for name in paths for entry in self._entries(Path(name))]
        if history:  # a reply after the message it answers
            entries.sort(key=lambda entry: date_of(entry[1]()) or UNDATED)
        for name, read, delete in entries:
            self._receive(name, read(), history)
            if remove:
                delete()

    def _entries(self, path: Path) -> Iterator[Entry]:
        if (path / "cur").is_dir() and (path / "new").is_dir():
            box = mailbox.Maildir(path, create=False)
            for key in list(box.keys()):
                yield key, _reader(box, key), _remover(box, key)
        elif path.is_dir():
            for file in sorted(path.glob("*.eml")):
                yield file.name, file.read_bytes, file.unlink
        elif path.is_file():
            yield path.name, path.read_bytes, path.unlink
        else:
            raise CommandError(f"{path}: no such file, folder or Maildir")

    def _receive(self, name: str, raw: bytes, history: bool) -> None:
        """Stored first (so nothing is lost), then read at once: this
        command is itself the background job."""
        row, new = inbound_store(raw=raw, source="import_email", history=history)
        if not new:
            self.stdout.write(f"{name}: ignored (already received)")
            return
        row = inbound_process(inbound_id=row.pk)
        where = f" {row.ticket.reference}" if row.ticket else ""
        said = row.outcome or f"could not be read ({row.error})"
        self.stdout.write(f"{name}: {said}{where}")


def _reader(box: mailbox.Maildir, key: str) -> Callable[[], bytes]:
    return lambda: box.get_bytes(key)


def _remover(box: mailbox.Maildir, key: str) -> Callable[[], None]:
    return lambda: box.remove(key)
