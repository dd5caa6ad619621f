"""The webhook outbox against a real HTTP receiver on loopback: a signed
JSON post per subscribed event, exactly once through repeated doorbells,
retried with backoff when the receiver fails or hangs, a hook switched off
after failing too long (the admins told), and no post to a private
address unless allowed."""

import hashlib
import hmac
import json
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Webhook, WebhookDelivery
from notifications.webhooks import (
    address_problem,
    deliver,
    deliver_many,
    webhooks_sweep,
)
from tickets.models import Ticket
from tickets.services.automation import rules_forget
from tickets.services.lifecycle import ticket_open

pytestmark = pytest.mark.django_db


class Receiver:
    """A real server on a spare loopback port that keeps what it was sent."""

    def __init__(self, answer: int = 200, delay: float = 0.0) -> None:
        self.answer, self.delay = answer, delay
        self.posts: list[tuple[dict[str, str], bytes]] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                receiver.posts.append((dict(self.headers), body))
                if receiver.delay:
                    threading.Event().wait(receiver.delay)
                self.send_response(receiver.answer)
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/hook"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver(settings):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    server = Receiver()
    yield server
    server.stop()


def _hook(url, kinds=("created",)):
    hook = Webhook.objects.create(name="CRM", url=url, kinds=list(kinds))
    rules_forget()
    return hook


def _open():
    return ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )


def test_a_subscribed_event_is_posted_signed_once(receiver):
    hook = _hook(receiver.url)
    ticket = _open()
    (row,) = WebhookDelivery.objects.all()
    assert deliver(row.pk) == "delivered"
    assert deliver(row.pk) == "not due"  # a second doorbell posts nothing
    (headers, body) = receiver.posts[0]
    assert len(receiver.posts) == 1
    signature = dict(p.split("=") for p in headers["X-Helpdesk-Signature"].split(","))
    expected = hmac.new(
        hook.secret.encode(), f"{signature['t']}.".encode() + body, hashlib.sha256
    ).hexdigest()
    assert hmac.compare_digest(signature["v1"], expected)
    assert headers["X-Helpdesk-Delivery"] == str(row.uuid)
    sent = json.loads(body)
    assert sent["event"] == "created"
    assert sent["ticket"]["reference"] == ticket.reference
    assert sent["ticket"]["customer"]["email"] == "ada@example.com"
    row.refresh_from_db()
    assert (row.state, row.status_code) == ("delivered", 200)


def test_an_event_of_another_kind_is_not_posted(receiver):
    _hook(receiver.url, kinds=["status_changed"])
    _open()
    assert not WebhookDelivery.objects.exists()


def test_a_failing_receiver_is_retried_later_with_the_same_key(receiver):
    _hook(receiver.url)
    _open()
    (row,) = WebhookDelivery.objects.all()
    receiver.answer = 503
    assert deliver(row.pk) == "retrying"
    row.refresh_from_db()
    assert row.state == "pending"
    assert row.status_code == 503
    assert row.next_attempt_at > timezone.now()  # backoff: not at once
    assert deliver(row.pk) == "not due"
    receiver.answer = 200
    WebhookDelivery.objects.filter(pk=row.pk).update(next_attempt_at=timezone.now())
    assert deliver(row.pk) == "delivered"
    keys = {h["X-Helpdesk-Delivery"] for h, _body in receiver.posts}
    assert keys == {str(row.uuid)}


def test_a_receiver_that_hangs_is_cut_at_the_timeout(settings):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    settings.HELPDESK_WEBHOOK_TIMEOUT = 0.5
    slow = Receiver(delay=3)
    try:
        _hook(slow.url)
        _open()
        (row,) = WebhookDelivery.objects.all()
        assert deliver(row.pk) == "retrying"
        row.refresh_from_db()
        assert "Timeout" in row.last_error
    finally:
        slow.stop()


def test_a_hook_failing_too_long_is_switched_off_and_the_admins_told(
    receiver, settings
):
    settings.ADMINS = [("Admin", "admin@example.com")]
    hook = _hook(receiver.url)
    _open()
    (row,) = WebhookDelivery.objects.all()
    receiver.answer = 500
    Webhook.objects.filter(pk=hook.pk).update(
        failing_since=timezone.now() - timedelta(hours=25)
    )
    mail.outbox.clear()
    deliver(row.pk)
    hook.refresh_from_db()
    assert hook.is_active is False
    assert "Failing since" in hook.switched_off_reason
    (told,) = mail.outbox
    assert "CRM" in told.subject


def test_after_the_retry_window_a_post_is_given_up(receiver):
    _hook(receiver.url)
    _open()
    (row,) = WebhookDelivery.objects.all()
    WebhookDelivery.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(hours=49)
    )
    receiver.answer = 500
    assert deliver(row.pk) == "failed"


def test_the_sweep_rings_for_rows_due_and_frees_stuck_ones(receiver):
    _hook(receiver.url)
    _open()
    (row,) = WebhookDelivery.objects.all()
    WebhookDelivery.objects.filter(pk=row.pk).update(
        state="sending", claimed_at=timezone.now() - timedelta(minutes=10)
    )
    assert webhooks_sweep() == 1
    row.refresh_from_db()
    assert row.state in {"pending", "delivered"}


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1/hook",
        "http://localhost:8000/hook",
        "http://10.0.0.5/hook",
        "http://192.168.1.1/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/hook",
        "ftp://example.com/hook",
        "file:///etc/passwd",
    ],
)
def test_private_and_odd_addresses_are_refused(url, settings):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    assert address_problem(url)


def test_a_refused_address_is_never_posted_to(settings):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    hook = _hook("http://127.0.0.1:9/hook")
    _open()
    (row,) = WebhookDelivery.objects.all()
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = False
    assert deliver(row.pk) == "retrying"
    row.refresh_from_db()
    assert "private or local" in row.last_error
    assert hook.pk


def test_a_hook_deleted_by_another_process_is_not_posted_and_the_ticket_kept(
    receiver,
):
    """Another process deleted the hook; this one still holds it in its
    memo for up to a second. The new ticket is kept, without the post."""
    from django.db import connection

    hook = _hook(receiver.url)
    _open()  # the memo now holds the hook
    with connection.cursor() as cursor:  # as another process would: no signal
        cursor.execute("DELETE FROM notifications_webhookdelivery")
        cursor.execute("DELETE FROM notifications_webhook WHERE id = %s", [hook.pk])
    ticket = _open()
    connection.check_constraints()  # what the commit would check
    assert Ticket.objects.filter(pk=ticket.pk).exists()
    assert not WebhookDelivery.objects.exists()


def test_the_posts_of_one_event_ring_one_doorbell_and_each_arrives_once(
    settings, django_capture_on_commit_callbacks
):
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    receivers = [Receiver() for _ in range(3)]
    try:
        for n, receiver in enumerate(receivers):
            Webhook.objects.create(
                name=f"Hook {n}", url=receiver.url, kinds=["created"]
            )
        rules_forget()
        with django_capture_on_commit_callbacks(execute=True) as rung:
            _open()
        hooks_rung = [c for c in rung if "_ring" in repr(c)]
        assert len(hooks_rung) == 1
        assert [len(r.posts) for r in receivers] == [1, 1, 1]
        assert set(WebhookDelivery.objects.values_list("state", flat=True)) == {
            "delivered"
        }
    finally:
        for receiver in receivers:
            receiver.stop()


def test_a_slow_receiver_does_not_hold_up_the_others_rung_with_it(
    settings, django_capture_on_commit_callbacks
):
    """The slow one (written first) waits for the other's post before it
    answers: posted one after the other, the other's would come only after
    it gave up."""
    settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE = True
    quick, slow = Receiver(), Receiver()
    seen_meanwhile = []
    answer = slow.server.RequestHandlerClass.do_POST

    def waiting(handler):
        for _ in range(50):
            if quick.posts:
                break
            threading.Event().wait(0.1)
        seen_meanwhile.append(bool(quick.posts))
        answer(handler)

    slow.server.RequestHandlerClass.do_POST = waiting
    try:
        Webhook.objects.create(name="A slow one", url=slow.url, kinds=["created"])
        Webhook.objects.create(name="B quick one", url=quick.url, kinds=["created"])
        rules_forget()
        with django_capture_on_commit_callbacks(execute=True):
            _open()
        rows = WebhookDelivery.objects.order_by("pk")
        assert [r.hook.name for r in rows] == ["A slow one", "B quick one"]
        assert [r.state for r in rows] == ["delivered", "delivered"]
        assert seen_meanwhile == [True]
        assert deliver_many([r.pk for r in rows]) == ["not due", "not due"]
    finally:
        slow.stop()
        quick.stop()
