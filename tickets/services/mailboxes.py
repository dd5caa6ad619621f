"""Reading the mailboxes: each polled by beat at its own interval, one poll
at a time per mailbox however many workers run (a lease on the row), each
message stored through ``inbound_store`` (kept as it came, de-duplicated by
Message-ID) and remembered by its UID in the same transaction, and only
then marked read, moved or deleted on the server. A worker killed between
the two finds the message remembered at the next poll: it is not stored
again, only the server is told again. A message that cannot be fetched is
skipped, with the reason on the mailbox, and the others are read."""

import logging
from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.db import InterfaceError, OperationalError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from imapclient.exceptions import LoginError

from helpdesk.core.celery import enqueue
from helpdesk.core.secrets import Unreadable

from .. import oauth
from ..mailbox_tokens import token_expire
from ..mailboxes import MailboxUnavailable, Source, opened
from ..models import Mailbox, MailboxMessage
from .intake import inbound_store
from .mailbox_auth import mailbox_secret

logger = logging.getLogger(__name__)
LEASE = timedelta(minutes=10)  # renewed with every message taken
POLL_TASK = "tickets.tasks.mailbox_poll_task"
# Messages stored in one commit and told to the server in one command; a
# chunk is cut short past CHUNK_BYTES, so large messages never pile up.
CHUNK_MESSAGES = 25
CHUNK_BYTES = 32 << 20


@dataclass
class Poll:
    """What one poll did."""

    fetched: int = 0
    waiting: int = 0
    problems: list[str] = field(default_factory=list)


def _claim(mailbox_id: int) -> bool:
    now = timezone.now()
    return bool(
        Mailbox.objects.filter(pk=mailbox_id, is_active=True)
        .filter(Q(polling_until=None) | Q(polling_until__lt=now))
        .update(polling_until=now + LEASE, last_polled_at=now)
    )


def mailbox_poll(*, mailbox_id: int) -> Poll | None:
    """Take what waits in one mailbox; None when another worker is at it
    (or the mailbox is off)."""
    if not _claim(mailbox_id):
        return None
    box = Mailbox.objects.get(pk=mailbox_id)
    poll, error = Poll(), ""
    try:
        with opened(box, mailbox_secret(box)) as source:
            _take_all(box, source, poll)
    except Unreadable:
        error = _("The password can no longer be read: enter it again.")
    except oauth.ConsentLost as lost:
        error = _(
            "%(provider)s no longer accepts the sign-in (%(why)s): connect the "
            "mailbox again."
        ) % {"provider": box.get_oauth_provider_display(), "why": lost}
    except oauth.ProviderUnavailable as unavailable:
        error = str(unavailable)
    except MailboxUnavailable as unavailable:
        if isinstance(unavailable.__cause__, LoginError):
            token_expire(box)  # a token revoked early: a new one next time
        error = str(unavailable)
    except Exception as unexpected:  # never lost: logged, and on the mailbox
        logger.exception("Mailbox %s: poll failed", box.pk)
        error = _("The poll failed: %(error)s") % {"error": repr(unexpected)}
    _record(box, poll, error)
    return poll


def mailbox_read(*, mailbox_id: int) -> int:
    """One poll, and while it leaves a backlog the next one at once: a full
    mailbox is read at the workers' pace, not a batch per interval."""
    poll = mailbox_poll(mailbox_id=mailbox_id)
    if poll is None:
        return 0
    if poll.fetched and poll.waiting and not poll.problems:
        enqueue(POLL_TASK, mailbox_id, fallback="the next beat asks again")
    return poll.fetched


def _take_all(box: Mailbox, source: Source, poll: Poll) -> None:
    if box.uidvalidity != source.uidvalidity:
        # A new folder generation: UIDs start again; what was stored before
        # is still recognised by its Message-ID (or its bytes).
        first = box.uidvalidity is None and box.import_existing
        # First read: what is there now is history; a new generation has none.
        box.history_below_uid = (source.uidnext or None) if first else None
        box.uidvalidity = source.uidvalidity
        Mailbox.objects.filter(pk=box.pk).update(
            uidvalidity=box.uidvalidity, history_below_uid=box.history_below_uid
        )
    pending = source.pending()
    told = set(
        MailboxMessage.objects.filter(
            mailbox=box, uidvalidity=source.uidvalidity, done_at__isnull=False
        ).values_list("uid", flat=True)
        if pending
        else ()
    )
    todo = [uid for uid in pending if uid not in told]
    if box.history_below_uid and not any(_is_history(box, uid) for uid in todo):
        box.history_below_uid = None  # all of it imported
        Mailbox.objects.filter(pk=box.pk).update(history_below_uid=None)
    batch = todo[: settings.HELPDESK_MAILBOX_BATCH]
    for start in range(0, len(batch), CHUNK_MESSAGES):
        _take_chunk(box, source, batch[start : start + CHUNK_MESSAGES], poll)
        Mailbox.objects.filter(pk=box.pk).update(polling_until=timezone.now() + LEASE)
    poll.waiting = len(todo) - poll.fetched


def _take_chunk(box: Mailbox, source: Source, uids: list[str], poll: Poll) -> None:
    """Fetch a few messages, store them (each remembered by its UID) in one
    commit, then tell the server about all of them, then note that it was
    told. Those a poll before stored are only told again."""
    taken = MailboxMessage.objects.filter(
        mailbox=box, uidvalidity=source.uidvalidity, uid__in=uids
    )
    known = set(taken.values_list("uid", flat=True))
    ready = [uid for uid in uids if uid in known]
    fetched: list[tuple[str, bytes]] = []
    size = 0
    try:
        for uid in uids:
            if uid in known:
                continue
            try:
                raw = source.fetch(uid)
            except (MailboxUnavailable, OSError):
                raise  # the connection is gone: the next poll starts again
            except Exception as error:  # this message only: the others go on
                _problem(box, uid, error, poll)
                continue
            fetched.append((uid, raw))
            size += len(raw)
            if size >= CHUNK_BYTES:  # a few large ones are stored at once
                ready += _store(box, source.uidvalidity, fetched, poll)
                fetched, size = [], 0
    finally:  # what was fetched is kept, even when the connection dropped
        ready += _store(box, source.uidvalidity, fetched, poll)
    if ready:
        source.done(ready)
        taken.filter(uid__in=ready).update(done_at=timezone.now())
        poll.fetched += len(ready)


def _store(
    box: Mailbox, uidvalidity: int, fetched: list[tuple[str, bytes]], poll: Poll
) -> list[str]:
    """Each message stored and remembered in a savepoint of its own, all in
    one commit; the UIDs stored."""
    stored: list[str] = []
    if not fetched:
        return stored
    with transaction.atomic():
        for uid, raw in fetched:
            try:
                with transaction.atomic():
                    row, _new = inbound_store(
                        raw=raw,
                        source=f"mailbox {box.name}",
                        mailbox=box,
                        history=_is_history(box, uid),
                    )
                    MailboxMessage.objects.create(
                        mailbox=box, uidvalidity=uidvalidity, uid=uid, inbound=row
                    )
            except (OperationalError, InterfaceError):
                raise  # the database is away: nothing is told, all tried again
            except Exception as error:
                _problem(box, uid, error, poll)
                continue
            stored.append(uid)
    return stored


def _problem(box: Mailbox, uid: str, error: Exception, poll: Poll) -> None:
    logger.exception("Mailbox %s: message %s not taken", box.pk, uid)
    poll.problems.append(
        _("Message %(uid)s: %(error)s") % {"uid": uid, "error": repr(error)}
    )


def _is_history(box: Mailbox, uid: str) -> bool:
    """In the folder before it was first read, with "import existing mail"."""
    below = box.history_below_uid
    return below is not None and uid.isdigit() and int(uid) < below


def _record(box: Mailbox, poll: Poll, error: str) -> None:
    now = timezone.now()
    problem = error or "\n".join(poll.problems)
    fields: dict[str, object] = {
        "polling_until": None,
        "fetched_total": F("fetched_total") + poll.fetched,
    }
    if error:
        fields |= {"last_error": problem[:2000], "last_error_at": now}
    else:
        fields |= {"last_success_at": now, "waiting": poll.waiting}
        fields |= {
            "last_error": problem[:2000],
            "last_error_at": now if problem else None,
        }
    Mailbox.objects.filter(pk=box.pk).update(**fields)
    if error:
        logger.warning("Mailbox %s (%s): %s", box.pk, box.name, error)


def mailboxes_due() -> int:
    """Ask a worker to poll each active mailbox whose interval has passed
    (beat runs this every 15 seconds)."""
    now = timezone.now()
    due = [
        box.pk
        for box in Mailbox.objects.filter(is_active=True)
        .filter(Q(polling_until=None) | Q(polling_until__lt=now))
        .only("pk", "last_polled_at", "poll_seconds")
        if box.last_polled_at is None
        or box.last_polled_at + timedelta(seconds=box.poll_seconds) <= now
    ]
    return sum(
        enqueue(POLL_TASK, pk, fallback="the next beat asks again") for pk in due
    )
