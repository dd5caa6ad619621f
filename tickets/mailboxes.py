"""Talking to a mailbox: IMAP through IMAPClient, POP3 through the standard
library's poplib, both over TLS (from the start, or STARTTLS) with the
certificate checked. One shape for both, so that polling
(tickets.services.mailboxes) knows no protocol: the messages waiting, one
message's bytes, and telling the server it was taken."""

import poplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Protocol

from django.utils.translation import gettext as _
from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientError, LoginError

from .models import Mailbox

TIMEOUT_SECONDS = 60
SEEN = b"\\Seen"


class MailboxUnavailable(Exception):
    """The mailbox cannot be read now; the message says why, for its admin."""


class Source(Protocol):
    uidvalidity: int
    uidnext: int  # the UID the next message will get (POP3: 0)

    def pending(self) -> list[str]:
        """The messages to take, oldest first, by UID (or UIDL)."""

    def fetch(self, uid: str) -> bytes:
        """One message, as the server keeps it, without marking it read."""

    def done(self, uids: list[str]) -> None:
        """Tell the server these were taken (read, moved or deleted)."""


def tls_context(box: Mailbox) -> ssl.SSLContext:
    if box.trusted_certificate.strip():
        return ssl.create_default_context(cadata=box.trusted_certificate.strip())
    return ssl.create_default_context()


class _Imap:
    def __init__(self, client: IMAPClient, box: Mailbox) -> None:
        self.client, self.box = client, box
        try:
            selected = client.select_folder(box.folder)
        except IMAPClientError as error:
            raise MailboxUnavailable(
                _("The folder “%(folder)s” cannot be opened: %(error)s")
                % {"folder": box.folder, "error": error}
            ) from error
        self.uidvalidity = int(selected[b"UIDVALIDITY"])
        self.uidnext = int(selected.get(b"UIDNEXT", 0))
        self._moves = box.after_fetch == Mailbox.AfterFetch.MOVE
        if self._moves and not client.folder_exists(box.move_to):
            raise MailboxUnavailable(
                _("The folder “%(folder)s” to move messages to does not exist.")
                % {"folder": box.move_to}
            )

    def pending(self) -> list[str]:
        unread_only = self.box.after_fetch == Mailbox.AfterFetch.SEEN
        found = set(self.client.search(["UNSEEN"] if unread_only else ["ALL"]))
        below = self.box.history_below_uid
        if unread_only and below and self.box.uidvalidity == self.uidvalidity:
            # The history being imported, read or not.
            found |= set(self.client.search(["UID", f"1:{below - 1}"]))
        return [str(uid) for uid in sorted(found)]

    def fetch(self, uid: str) -> bytes:
        answer = self.client.fetch([int(uid)], ["BODY.PEEK[]"])
        if int(uid) not in answer:
            raise MailboxUnavailable(_("Message %(uid)s is gone.") % {"uid": uid})
        return bytes(answer[int(uid)][b"BODY[]"])

    def done(self, uids: list[str]) -> None:
        after, numbers = self.box.after_fetch, [int(uid) for uid in uids]
        if after == Mailbox.AfterFetch.SEEN:
            self.client.add_flags(numbers, [SEEN])
        elif after == Mailbox.AfterFetch.MOVE:
            self.client.move(numbers, self.box.move_to)
        elif after == Mailbox.AfterFetch.DELETE:
            self.client.delete_messages(numbers)
            if self.client.has_capability("UIDPLUS"):
                self.client.uid_expunge(numbers)
            else:
                self.client.expunge()


class _Pop3:
    uidvalidity = 0  # POP3 has none: a UIDL is for good
    uidnext = 0

    def __init__(self, conn: poplib.POP3, box: Mailbox) -> None:
        self.conn, self.box = conn, box
        _answer, lines, _octets = conn.uidl()
        self._numbers: dict[str, int] = {}
        for line in lines:
            number, uidl = line.decode("ascii", "replace").split(" ", 1)
            self._numbers[uidl.strip()] = int(number)

    def pending(self) -> list[str]:
        return sorted(self._numbers, key=self._numbers.__getitem__)

    def fetch(self, uid: str) -> bytes:
        _answer, lines, _octets = self.conn.retr(self._numbers[uid])
        return b"\r\n".join(lines) + b"\r\n"

    def done(self, uids: list[str]) -> None:
        if self.box.after_fetch == Mailbox.AfterFetch.DELETE:
            for uid in uids:
                self.conn.dele(self._numbers[uid])  # applied at QUIT


@contextmanager
def opened(box: Mailbox, password: str) -> Iterator[Source]:
    """The mailbox, signed in and ready; closed (POP3: deletions applied)
    on the way out. Whatever goes wrong on the way in is a
    ``MailboxUnavailable`` with a sentence for the admin."""
    try:
        if box.protocol == Mailbox.Protocol.IMAP:
            with _imap(box, password) as source:
                yield source
        else:
            with _pop3(box, password) as source:
                yield source
    except MailboxUnavailable:
        raise
    except ssl.SSLCertVerificationError as error:
        raise MailboxUnavailable(
            _("The server's certificate is not trusted (%(reason)s).")
            % {"reason": error.verify_message or error.reason}
        ) from error
    except (LoginError, poplib.error_proto) as error:
        raise MailboxUnavailable(
            _("The server refused the sign-in: %(error)s") % {"error": _text(error)}
        ) from error
    except (TimeoutError, OSError, ssl.SSLError) as error:
        raise MailboxUnavailable(
            _("The server %(host)s:%(port)s cannot be reached: %(error)s")
            % {"host": box.host, "port": box.port, "error": error}
        ) from error
    except IMAPClientError as error:
        raise MailboxUnavailable(
            _("The server answered with an error: %(error)s") % {"error": error}
        ) from error


def _text(error: Exception) -> str:
    found = error.args[0] if error.args else error
    if isinstance(found, bytes):
        return found.decode("utf-8", "replace")
    return str(found)


@contextmanager
def _imap(box: Mailbox, password: str) -> Iterator[Source]:
    context = tls_context(box)
    starttls = box.security == Mailbox.Security.STARTTLS
    client = IMAPClient(
        box.host,
        port=box.port,
        ssl=not starttls,
        ssl_context=context,
        timeout=TIMEOUT_SECONDS,
    )
    try:
        if starttls:
            client.starttls(context)
        if box.auth == Mailbox.Auth.OAUTH2:
            client.oauth2_login(box.username, password)  # an access token
        else:
            client.login(box.username, password)
        yield _Imap(client, box)
    finally:
        try:
            client.logout()
        except (IMAPClientError, OSError):
            client.shutdown()


@contextmanager
def _pop3(box: Mailbox, password: str) -> Iterator[Source]:
    context = tls_context(box)
    conn: poplib.POP3
    if box.security == Mailbox.Security.STARTTLS:
        conn = poplib.POP3(box.host, box.port, timeout=TIMEOUT_SECONDS)
        conn.stls(context)
    else:
        conn = poplib.POP3_SSL(
            box.host, box.port, context=context, timeout=TIMEOUT_SECONDS
        )
    try:
        conn.user(box.username)
        conn.pass_(password)
        yield _Pop3(conn, box)
        conn.quit()  # deletions are applied here, after every message is kept
    finally:
        conn.close()
