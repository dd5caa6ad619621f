"""Reading a real mailbox (Dovecot, IMAP and POP3 over TLS): every message
stored once and only then marked, moved or deleted; its new tickets in the
mailbox's queue; every fault a clear status, nothing lost, nothing twice."""

import threading
from email.message import EmailMessage

import pytest
from django.db import connection

from tests.mailboxes.conftest import read_all
from tickets import mailboxes as protocol
from tickets.models import InboundMail, Mailbox, MailboxMessage, Message, Ticket
from tickets.services.lifecycle import ticket_open
from tickets.services.mailboxes import mailbox_poll

pytestmark = pytest.mark.django_db


def letter(
    n: int,
    *,
    sender: str = "",
    to: str = "support@example.com",
    subject: str = "",
    **headers: str,
) -> bytes:
    message = EmailMessage()
    message["From"] = sender or f"Customer {n} <customer{n}@example.com>"
    message["To"] = to
    message["Subject"] = subject or f"Question number {n}"
    message["Message-ID"] = f"<question-{n}@mail.example.com>"
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(f"Hello, this is question {n}. Can you help?\n")
    return bytes(message)


def unread(dovecot, user="support@example.com", folder="INBOX") -> list[int]:
    with dovecot.client(user) as client:
        client.select_folder(folder, readonly=True)
        return list(client.search(["UNSEEN"]))


def test_new_mail_becomes_tickets_in_the_mailboxs_queue_once(
    dovecot, mailbox, billing_queue
):
    box = mailbox(address="billing@example.com", queue=billing_queue)
    dovecot.deliver("billing@example.com", letter(1), letter(2), letter(3))
    poll = mailbox_poll(mailbox_id=box.pk)
    assert (poll.fetched, poll.waiting, poll.problems) == (3, 0, [])
    read_all()
    tickets = Ticket.objects.order_by("pk")
    assert [t.subject for t in tickets] == [f"Question number {n}" for n in (1, 2, 3)]
    assert {t.queue for t in tickets} == {billing_queue}
    assert unread(dovecot, "billing@example.com") == []  # marked read on the server
    again = mailbox_poll(mailbox_id=box.pk)
    assert again.fetched == 0
    assert Ticket.objects.count() == 3
    box.refresh_from_db()
    assert (box.last_error, box.waiting, box.fetched_total) == ("", 0, 3)
    assert box.last_success_at is not None


def test_a_reply_by_email_lands_on_its_ticket(dovecot, mailbox):
    box = mailbox()
    ticket = ticket_open(
        name="Ada", email="ada@example.com", subject="Printer", message="Broken."
    )
    reply = letter(
        7,
        sender="Ada <ada@example.com>",
        subject=f"Re: [{ticket.reference}] Printer",
    )
    dovecot.deliver("support@example.com", reply)
    mailbox_poll(mailbox_id=box.pk)
    read_all()
    assert Ticket.objects.count() == 1
    assert ticket.messages.filter(kind=Message.Kind.CUSTOMER).count() == 2


def test_starttls_on_the_plain_port(dovecot, mailbox):
    box = mailbox(security=Mailbox.Security.STARTTLS)
    dovecot.deliver("support@example.com", letter(1))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 1


def test_moved_to_a_folder_after_it_is_stored(dovecot, mailbox):
    with dovecot.client("support@example.com") as client:
        client.create_folder("Helpdesk")
    box = mailbox(after_fetch=Mailbox.AfterFetch.MOVE, move_to="Helpdesk")
    dovecot.deliver("support@example.com", letter(1), letter(2))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 2
    with dovecot.client("support@example.com") as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
        assert client.select_folder("Helpdesk")[b"EXISTS"] == 2


def test_deleted_after_it_is_stored(dovecot, mailbox):
    box = mailbox(after_fetch=Mailbox.AfterFetch.DELETE)
    dovecot.deliver("support@example.com", letter(1), letter(2))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 2
    with dovecot.client("support@example.com") as client:
        assert client.select_folder("INBOX")[b"EXISTS"] == 0
    assert InboundMail.objects.count() == 2


@pytest.mark.parametrize(
    "after", [Mailbox.AfterFetch.DELETE, Mailbox.AfterFetch.KEEP], ids=str
)
def test_pop3_takes_each_message_once(dovecot, mailbox, after):
    box = mailbox(protocol=Mailbox.Protocol.POP3, after_fetch=after)
    dovecot.deliver("support@example.com", letter(1), letter(2))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 2
    dovecot.deliver("support@example.com", letter(3))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 1
    read_all()
    assert Ticket.objects.count() == 3
    with dovecot.client("support@example.com") as client:
        left = client.select_folder("INBOX")[b"EXISTS"]
    assert left == (0 if after == Mailbox.AfterFetch.DELETE else 3)


def test_a_wrong_password_is_a_clear_status_and_other_mailboxes_go_on(
    dovecot, mailbox, billing_queue
):
    wrong = mailbox(password="not the password")
    right = mailbox(address="billing@example.com", queue=billing_queue)
    dovecot.deliver("support@example.com", letter(1))
    dovecot.deliver("billing@example.com", letter(2))
    assert mailbox_poll(mailbox_id=wrong.pk).fetched == 0
    assert mailbox_poll(mailbox_id=right.pk).fetched == 1
    wrong.refresh_from_db()
    assert wrong.last_error.startswith("The server refused the sign-in")
    assert wrong.last_success_at is None
    assert unread(dovecot) != []  # left where it was
    right.refresh_from_db()
    assert right.last_error == ""


def test_an_untrusted_certificate_is_refused(dovecot, mailbox):
    box = mailbox(trusted_certificate="")  # the test server's is self-signed
    dovecot.deliver("support@example.com", letter(1))
    assert mailbox_poll(mailbox_id=box.pk).fetched == 0
    box.refresh_from_db()
    assert "certificate is not trusted" in box.last_error
    assert InboundMail.objects.count() == 0


def test_a_folder_that_is_gone_is_named(dovecot, mailbox):
    box = mailbox(folder="Support/Deleted")
    assert mailbox_poll(mailbox_id=box.pk).fetched == 0
    box.refresh_from_db()
    assert "“Support/Deleted” cannot be opened" in box.last_error


def test_broken_and_huge_messages_do_not_block_the_others(dovecot, mailbox, settings):
    box = mailbox()
    broken = b"From: \xff\xfe<<<\r\nContent-Type: multipart/mixed; boundary=\r\n\r\n--"
    huge = letter(2).replace(
        b"Can you help?", b"Can you help? " + b"x" * (50 << 20)
    )  # 50 MB
    dovecot.deliver("support@example.com", broken, huge, letter(3))
    poll = mailbox_poll(mailbox_id=box.pk)
    assert (poll.fetched, poll.problems) == (3, [])
    read_all()
    stored = InboundMail.objects.order_by("pk")
    assert stored.count() == 3
    assert Ticket.objects.filter(subject="Question number 3").exists()
    assert len(bytes(stored[1].raw)) > 50 << 20


def test_stored_but_not_marked_is_marked_next_time_not_stored_again(
    dovecot, mailbox, monkeypatch
):
    """The worker dies after the message is stored and before the server is
    told (here: the connection drops then). The next poll stores nothing
    again and tells the server."""
    box = mailbox()
    dovecot.deliver("support@example.com", letter(1))

    def cut(self, uids):
        raise OSError("connection reset by peer")

    monkeypatch.setattr(protocol._Imap, "done", cut)
    assert mailbox_poll(mailbox_id=box.pk).fetched == 0
    box.refresh_from_db()
    assert "cannot be reached" in box.last_error
    assert InboundMail.objects.count() == 1  # stored before anything else
    assert unread(dovecot) != []
    monkeypatch.undo()
    mailbox_poll(mailbox_id=box.pk)
    assert InboundMail.objects.count() == 1
    assert unread(dovecot) == []
    assert MailboxMessage.objects.get().done_at is not None


def test_a_new_uidvalidity_fetches_nothing_twice(dovecot, mailbox):
    """The folder is rebuilt (UIDs start again): messages already stored,
    with or without a Message-ID, are recognised and not stored again."""
    box = mailbox(after_fetch=Mailbox.AfterFetch.KEEP)
    without_id = letter(2).replace(b"Message-ID: <question-2@mail.example.com>\n", b"")
    assert b"Message-ID" not in without_id
    dovecot.deliver("support@example.com", letter(1), without_id)
    assert mailbox_poll(mailbox_id=box.pk).fetched == 2
    with dovecot.client("support@example.com") as client:
        client.create_folder("Rebuilt")
        client.select_folder("INBOX")
        client.copy(client.search(["ALL"]), "Rebuilt")
    box.folder = "Rebuilt"
    box.save()
    assert mailbox_poll(mailbox_id=box.pk).fetched == 2  # new UIDs
    box.refresh_from_db()
    assert InboundMail.objects.count() == 2
    assert MailboxMessage.objects.filter(uidvalidity=box.uidvalidity).count() == 2


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_poll_at_a_time_across_workers(dovecot, mailbox):
    box = mailbox()
    dovecot.deliver("support@example.com", *[letter(n) for n in range(20)])
    results = []

    def worker():
        try:
            results.append(mailbox_poll(mailbox_id=box.pk))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    polled = [r for r in results if r is not None]
    assert sum(r.fetched for r in polled) == 20
    assert InboundMail.objects.count() == 20
    assert MailboxMessage.objects.count() == 20


def test_a_message_the_server_will_not_give_is_skipped_and_tried_again(
    dovecot, mailbox, monkeypatch
):
    from imapclient.exceptions import IMAPClientError

    box = mailbox()
    dovecot.deliver("support@example.com", letter(1), letter(2))
    real = protocol._Imap.fetch

    def refuses_the_first(self, uid):
        if uid == "1":
            raise IMAPClientError("FETCH failed: NO [SERVERBUG] internal error")
        return real(self, uid)

    monkeypatch.setattr(protocol._Imap, "fetch", refuses_the_first)
    poll = mailbox_poll(mailbox_id=box.pk)
    assert (poll.fetched, poll.waiting) == (1, 1)
    assert "Message 1" in poll.problems[0]
    box.refresh_from_db()
    assert "SERVERBUG" in box.last_error
    monkeypatch.undo()
    assert mailbox_poll(mailbox_id=box.pk).fetched == 1
    box.refresh_from_db()
    assert (box.last_error, box.waiting, InboundMail.objects.count()) == ("", 0, 2)
