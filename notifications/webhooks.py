"""The webhook outbox: posts about ticket events to admins' addresses (a
signed JSON body), and rules' posts to Slack and Microsoft Teams. As with
emails, the row is written in the event's transaction and is the truth;
the queue is a doorbell; a row is claimed before it is sent; a failure is
retried with backoff for ``HELPDESK_WEBHOOK_RETRY_HOURS``; a sweep picks up
what no doorbell rang. A hook failing for ``HELPDESK_WEBHOOK_SWITCH_OFF_
HOURS`` is switched off and the admins are told. Only http(s) addresses on
the internet are posted to (no private, loopback or link-local address,
unless ``HELPDESK_WEBHOOKS_ALLOW_PRIVATE``): no request forgery into our
own network."""

import hashlib
import hmac
import ipaddress
import json
import logging
import random
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from functools import partial
from http.cookiejar import DefaultCookiePolicy
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings
from django.core.mail import mail_admins
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from helpdesk.core.celery import enqueue
from tickets.models import TicketEvent
from tickets.models.history import facts_json, payload_of

from .models import Webhook, WebhookDelivery

logger = logging.getLogger(__name__)
SIGNATURE = "X-Helpdesk-Signature"
DELIVER_TASK = "notifications.tasks.deliver_webhook_task"
DELIVER_MANY_TASK = "notifications.tasks.deliver_webhooks_task"
DOORBELL_BATCH = 20
POSTING_THREADS = 8
CLAIM_FOR = timedelta(minutes=5)


class Refused(ValueError):
    """An address we do not post to."""


def address_problem(url: str, *, resolve: bool = True) -> str:
    """Why we would not post to ``url`` ("" when we would). ``resolve=False``
    checks only its form: where it leads is looked up by the worker before
    each post, never in the request that writes the post."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return "only http and https addresses"
    if settings.HELPDESK_WEBHOOKS_ALLOW_PRIVATE or not resolve:
        return ""
    try:
        found = socket.getaddrinfo(parts.hostname, parts.port or 443)
    except OSError:
        return f"{parts.hostname} is not known"
    for *_rest, address in found:
        ip = ipaddress.ip_address(address[0])
        if not ip.is_global or ip.is_multicast:
            return f"{parts.hostname} is a private or local address ({ip})"
    return ""


def event_json(event: TicketEvent) -> dict[str, Any]:
    """The documented body of a post (README, "Automation")."""
    ticket = event.ticket
    return {
        "event": event.kind,
        "event_id": event.pk,
        "occurred_at": event.created_at.isoformat(),
        "actor": (event.actor.get_full_name() or event.actor.get_username())
        if event.actor
        else None,
        "by_customer": event.by_customer,
        "facts": facts_json(payload_of(event)),
        "ticket": {
            "id": ticket.pk,
            "reference": ticket.reference,
            "subject": ticket.subject,
            "status": ticket.status,
            "priority": ticket.priority,
            "queue": ticket.queue.name,
            "assignee": ticket.assignee.get_username() if ticket.assignee else None,
            "customer": {"name": ticket.customer.name, "email": ticket.customer.email},
            "tags": sorted(t.name for t in ticket.tags.all()),
            "url": settings.SITE_URL + reverse("agent:ticket", args=[ticket.pk]),
        },
    }


def _chat(event: TicketEvent, style: str, rule: str) -> dict[str, Any]:
    """A message for a chat channel: subject, customer, priority, link."""
    body = event_json(event)["ticket"]
    line = (
        f"{body['reference']}: {body['subject']} ({body['customer']['name']}, "
        f"priority {body['priority']}, {body['queue']})"
    )
    said = f"Rule '{rule}'" if rule else event.get_kind_display()
    if style == WebhookDelivery.Style.SLACK:
        return {"text": f"{said}: <{body['url']}|{line}>"}
    return {
        "@type": "MessageCard",
        "@context": "https://schema.org/extensions",
        "summary": line,
        "title": str(said),
        "text": f"[{line}]({body['url']})",
    }


def post_enqueue(
    *,
    event: Any,
    hook_name: str = "",
    url: str = "",
    style: str = "json",
    rule: str = "",
) -> WebhookDelivery:
    """A post about ``event`` in the outbox: to a named hook (signed JSON)
    or to a chat address. Raises ValueError for a hook that is not there."""
    hook = None
    if hook_name:
        hook = Webhook.objects.filter(name=hook_name, is_active=True).first()
        if hook is None:
            raise ValueError(f"No switched-on webhook is called {hook_name}.")
        url = hook.url
    if problem := address_problem(url, resolve=False):
        raise ValueError(f"Not posted to {url}: {problem}.")
    body = event_json(event) if style == "json" else _chat(event, style, rule)
    if hook is not None:
        delivery, made = WebhookDelivery.objects.get_or_create(
            hook=hook, event=event, defaults={"url": url, "payload": body}
        )
        if not made:
            return delivery  # told of this event already
    else:
        delivery = WebhookDelivery.objects.create(
            url=url, style=style, event=event, payload=body
        )
    transaction.on_commit(lambda: _ring(delivery.pk))
    return delivery


def hooks_enqueue(events: list[TicketEvent], hooks: list[Webhook]) -> int:
    """Each hook's post for each event of a kind it takes: the body made
    once per event, the rows written in one insert. An address refused now
    is left out (the admin checked it when the hook was saved, and the
    worker checks where it leads before each post). ``hooks`` may be a
    process's memo: one deleted since is left out, not written to fail the
    event's transaction on its foreign key."""
    here = set(
        Webhook.objects.filter(
            pk__in=[h.pk for h in hooks], is_active=True
        ).values_list("pk", flat=True)
    )
    hooks = [h for h in hooks if h.pk in here]
    rows = []
    for event in events:
        takers = [h for h in hooks if event.kind in h.kinds]
        if not takers:
            continue
        body = event_json(event)
        for hook in takers:
            if address_problem(hook.url, resolve=False):
                logger.warning("webhook %s: address refused", hook.name)
                continue
            rows.append(
                WebhookDelivery(hook=hook, event=event, url=hook.url, payload=body)
            )
    made = WebhookDelivery.objects.bulk_create(rows)
    if made:
        transaction.on_commit(partial(_ring_many, [row.pk for row in made]))
    return len(made)


def _ring(pk: int) -> None:
    """The doorbell: never the event's problem when the broker is away."""
    enqueue(DELIVER_TASK, pk, fallback="the webhooks sweep will post it")


def _ring_many(pks: list[int]) -> None:
    """One doorbell for the posts written together (a batch at a time)."""
    if len(pks) == 1:
        return _ring(pks[0])
    for start in range(0, len(pks), DOORBELL_BATCH):
        batch = pks[start : start + DOORBELL_BATCH]
        enqueue(DELIVER_MANY_TASK, batch, fallback="the webhooks sweep will post them")


_pool: ThreadPoolExecutor | None = None
_here = threading.local()


def deliver(pk: int) -> str:
    """Claim the row and post it once; what became of it."""
    return deliver_many([pk])[0]


def deliver_many(pks: list[int]) -> list[str]:
    """Claim each row and post it once; what became of each. Posts rung
    together go side by side, so that one slow receiver holds up none of
    the others; the rows are read and written here, on this thread's
    connection (the posting threads only post)."""
    global _pool
    now = timezone.now()
    claimed = [
        pk
        for pk in pks
        if WebhookDelivery.objects.filter(
            pk=pk, state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now
        ).update(state=WebhookDelivery.State.SENDING, claimed_at=now)
    ]
    rows = WebhookDelivery.objects.select_related("hook").in_bulk(claimed)
    todo = [rows[pk] for pk in claimed]
    if len(todo) > 1:
        if _pool is None:  # made in the worker process, after its fork
            _pool = ThreadPoolExecutor(POSTING_THREADS, thread_name_prefix="webhooks")
        answers = list(_pool.map(_post, todo))
    else:
        answers = [_post(row) for row in todo]
    done = {
        row.pk: _outcome(row, code, error)
        for row, (code, error) in zip(todo, answers, strict=True)
    }
    return [done.get(pk, "not due") for pk in pks]


def _session() -> requests.Session:
    """Each thread's connections, kept open between posts to one receiver."""
    session = getattr(_here, "session", None)
    if session is None:
        session = _here.session = requests.Session()
        # No cookies: one receiver's would go to another on the same host.
        session.cookies.set_policy(DefaultCookiePolicy(allowed_domains=[]))
    return session


def signed(secret: str, body: bytes, at: int) -> str:
    """``t=<unix time>,v1=<HMAC-SHA256 hex of "<t>." + body>``."""
    mac = hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256)
    return f"t={at},v1={mac.hexdigest()}"


def _post(delivery: WebhookDelivery) -> tuple[int | None, str]:
    """The post itself (no database): its status code, or why none."""
    body = json.dumps(delivery.payload, separators=(",", ":")).encode()
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "helpdesk-webhooks/1",
        "X-Helpdesk-Delivery": str(delivery.uuid),  # the idempotency key
    }
    if delivery.hook is not None:
        headers[SIGNATURE] = signed(delivery.hook.secret, body, int(time.time()))
    try:
        if problem := address_problem(delivery.url):
            raise Refused(problem)
        answer = _session().post(
            delivery.url,
            data=body,
            headers=headers,
            timeout=settings.HELPDESK_WEBHOOK_TIMEOUT,
            allow_redirects=False,
        )
    except (requests.RequestException, Refused) as failure:
        return None, f"{failure.__class__.__name__}: {failure}"[:500]
    return answer.status_code, "" if answer.ok else answer.text[:500]


def _outcome(delivery: WebhookDelivery, code: int | None, error: str) -> str:
    now = timezone.now()
    hook = delivery.hook
    if code is not None and 200 <= code < 300:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            state=WebhookDelivery.State.DELIVERED,
            status_code=code,
            delivered_at=now,
            attempts=delivery.attempts + 1,
            last_error="",
        )
        if hook is not None and hook.failing_since:
            Webhook.objects.filter(pk=hook.pk).update(failing_since=None)
        return "delivered"
    attempts = delivery.attempts + 1
    give_up = now - delivery.created_at > timedelta(
        hours=settings.HELPDESK_WEBHOOK_RETRY_HOURS
    )
    wait = min(3600, 30 * 2 ** min(attempts, 10)) * random.uniform(0.8, 1.2)  # noqa: S311
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        state=WebhookDelivery.State.FAILED
        if give_up
        else WebhookDelivery.State.PENDING,
        status_code=code,
        attempts=attempts,
        last_error=error,
        next_attempt_at=now + timedelta(seconds=wait),
    )
    if hook is not None:
        _hook_failing(hook, now, error)
    return "failed" if give_up else "retrying"


def _hook_failing(hook: Webhook, now: Any, error: str) -> None:
    Webhook.objects.filter(pk=hook.pk, failing_since=None).update(failing_since=now)
    since = hook.failing_since or now
    limit = timedelta(hours=settings.HELPDESK_WEBHOOK_SWITCH_OFF_HOURS)
    if now - since < limit:
        return
    reason = f"Failing since {since:%Y-%m-%d %H:%M} UTC; last: {error}"
    if Webhook.objects.filter(pk=hook.pk, is_active=True).update(
        is_active=False, switched_off_reason=reason
    ):
        mail_admins(
            f"Webhook {hook.name} switched off",
            f"The webhook {hook.name} ({hook.url}) failed for more than "
            f"{settings.HELPDESK_WEBHOOK_SWITCH_OFF_HOURS} hours and is now "
            f"switched off. {reason}\nSwitch it on again in the admin once "
            "the receiver works.",
        )


def webhooks_sweep() -> int:
    """Ring for every row due that no doorbell delivered; free rows whose
    sender died mid-post."""
    now = timezone.now()
    WebhookDelivery.objects.filter(
        state=WebhookDelivery.State.SENDING, claimed_at__lt=now - CLAIM_FOR
    ).update(state=WebhookDelivery.State.PENDING)
    due = list(
        WebhookDelivery.objects.filter(
            state=WebhookDelivery.State.PENDING, next_attempt_at__lte=now
        ).values_list("pk", flat=True)[:500]
    )
    if due:
        _ring_many(due)
    return len(due)
