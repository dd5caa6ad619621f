"""An agent's reply, on PostgreSQL: the composer's POST as gunicorn serves
it (in-process: middleware, form, services, outbox row; DEBUG off), and the
rendering of the reply's email by the worker (text, HTML, parts). Each reply
answers a new ticket, so every one does the same work. Timed for a plain
reply, and for a formatted one (a list, a link, bold, a pasted picture)
where the code has formatting, so that the two can be set side by side and
against the code before it.

    make bench                       # or: python -m tests.bench.reply
    python -m tests.bench.reply --replies 300
"""

import argparse
import statistics
import time
from typing import Any

from .harness import check, fresh_django, record

DATABASE = "postgres://postgres@127.0.0.1:5432/helpdesk_reply"
# A 2x2 PNG, as a pasted screenshot arrives (small: the bench times our
# work, not the disk).
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000002000000020802000000fdd49a73000000"
    "1049444154789c63f8cfc000440c100a001fee03fd8b5f14d40000000049454e44ae426082"
)
FORMATTED = (
    "<div>Hello <strong>Ada</strong>, thanks for the details. Please:</div>"
    "<ul><li>sign out everywhere</li><li>clear the app's cache</li>"
    "<li>sign in again: https://help.example.com/sign-in</li></ul>"
    "<blockquote>It says 'invalid session'</blockquote>"
    '<div>This is what you should see:<figure><img src="cid:picture-1.png">'
    "</figure></div><div>Sam</div>"
)
PLAIN = (
    "Hello Ada, thanks for the details. Please:\n- sign out everywhere\n"
    "- clear the app's cache\n- sign in again: https://help.example.com/sign-in\n\n"
    "> It says 'invalid session'\n\nSam"
)


def _cuts(timings: list[float]) -> dict[str, float]:
    cuts = statistics.quantiles(sorted(timings), n=20, method="inclusive")
    return {
        "median_ms": round(statistics.median(timings) * 1000, 2),
        "p95_ms": round(cuts[18] * 1000, 2),
    }


def _replies(client: Any, n: int, formatted: bool) -> tuple[list[float], list[int]]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tickets.models import Message
    from tickets.services.lifecycle import ticket_open

    timings, made = [], []
    for i in range(n):
        ticket = ticket_open(
            name="Ada Lovelace",
            email=f"ada{i}@example.com",
            subject="Invalid session",
            message="I get 'invalid session' on every login. What should I do?",
        )
        seen = ticket.messages.get().pk
        data: dict[str, Any] = {"kind": "reply", "body": PLAIN, "seen_message": seen}
        if formatted:
            data["body_html"] = FORMATTED
            data["attachments"] = [
                SimpleUploadedFile("picture-1.png", PNG, "image/png")
            ]
        began = time.perf_counter()
        answer = client.post(f"/agent/tickets/{ticket.pk}/reply/", data)
        timings.append(time.perf_counter() - began)
        check(answer.status_code == 302, f"reply refused: {answer.status_code}")
        made.append(Message.objects.filter(ticket=ticket, kind="reply").get().pk)
    return timings, made


def _emails(messages: list[int]) -> list[float]:
    from notifications.models import Notification
    from notifications.rendering import render_notification

    timings = []
    for row in Notification.objects.filter(
        event__message__in=messages, kind=Notification.Kind.REPLY
    ).select_related("ticket__customer", "event__message"):
        began = time.perf_counter()
        email = render_notification(row)
        email.message().as_bytes()
        timings.append(time.perf_counter() - began)
    check(len(timings) == len(messages), "a reply without its email")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--replies", type=int, default=200)
    args = parser.parse_args()
    fresh_django("REPLY_DATABASE_URL", DATABASE, test_environment=False)
    from django.contrib.auth.models import User
    from django.test import Client

    from tickets.agent_forms import ReplyForm

    agent = User.objects.create_user(
        "sam", "sam@example.com", "x", is_staff=True, first_name="Sam"
    )
    client = Client(HTTP_HOST="localhost", HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(agent)
    _replies(client, 10, formatted=False)  # warm-up
    kinds = ["plain"] + (["formatted"] if "body_html" in ReplyForm.base_fields else [])
    figures = {}
    for kind in kinds:
        posts, made = _replies(client, args.replies, formatted=kind == "formatted")
        figures[kind] = {"post": _cuts(posts), "email": _cuts(_emails(made))}
        print(f"reply, {kind:9}: {figures[kind]}")
    record(
        "reply",
        {
            "replies": args.replies,
            "database": "postgresql",
            "timed": "in-process client, DEBUG off: the composer's POST; the "
            "worker's rendering of the reply's email",
        },
        figures,
    )
    print("rerun: python -m tests.bench.reply")


if __name__ == "__main__":
    main()
