"""The follow-up (P9): once, a while after resolving, unless reopened or
rated; and ratings that change nothing when repeated and alert when bad."""

import re

import pytest
from django.core import mail

from tickets import links
from tickets.models import Rating, Status, TicketEvent
from tickets.services.assignment import ticket_assign
from tickets.services.lifecycle import (
    customer_message_post,
    reply_post,
    ticket_close_by_customer,
)
from tickets.services.satisfaction import followup_watch, rating_record

pytestmark = pytest.mark.django_db

DAY = 24 * 3600


@pytest.fixture
def resolved(open_ticket, agent, clock, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
        ticket_assign(ticket=ticket, assignee=agent, actor=agent)
        reply_post(
            ticket=ticket, author=agent, body="Fixed it.", new_status=Status.RESOLVED
        )
    mail.outbox.clear()
    return ticket


def _watch(capture):
    with capture(execute=True):
        return followup_watch() + followup_watch()


def test_the_follow_up_goes_once_after_the_delay(
    resolved, clock, django_capture_on_commit_callbacks
):
    clock.shift(3 * DAY - 60)
    assert _watch(django_capture_on_commit_callbacks) == 0
    clock.shift(120)
    assert _watch(django_capture_on_commit_callbacks) == 1
    (email,) = mail.outbox
    assert email.to == ["Ada Lovelace <ada@example.com>"]
    assert email.subject == (
        f"[{resolved.reference}] Is everything working now?: {resolved.subject}"
    )
    urls = links.rating_urls(resolved.pk)
    assert urls["good"] in email.body
    assert urls["bad"] in email.body
    assert urls["reopen"] in email.body
    assert urls["good"] in email.alternatives[0][0]
    clock.shift(DAY)
    assert _watch(django_capture_on_commit_callbacks) == 0
    assert len(mail.outbox) == 1


def test_no_follow_up_after_a_reopen_or_a_rating(
    resolved, open_ticket, clock, django_capture_on_commit_callbacks
):
    customer_message_post(ticket=resolved, body="Still broken!")
    other = open_ticket(email="bob@example.com", name="Bob")
    ticket_close_by_customer(ticket=other)
    clock.shift(4 * DAY)
    assert _watch(django_capture_on_commit_callbacks) == 0


def test_a_rated_ticket_is_not_followed_up(
    resolved, clock, django_capture_on_commit_callbacks
):
    rating_record(ticket=resolved, score=Rating.Score.GOOD)
    clock.shift(4 * DAY)
    assert _watch(django_capture_on_commit_callbacks) == 0


def test_zero_delay_follows_up_at_the_next_run(
    resolved, settings, django_capture_on_commit_callbacks
):
    settings.HELPDESK_FOLLOWUP_DELAY_MINUTES = 0
    assert _watch(django_capture_on_commit_callbacks) == 1


def test_a_bad_rating_alerts_the_assignee_once(
    resolved, agent, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rating_record(ticket=resolved, score=Rating.Score.BAD)
        rating_record(ticket=resolved, score=Rating.Score.BAD)  # reload
        rating_record(ticket=resolved, score=Rating.Score.BAD, comment="Took a week.")
    (alert,) = mail.outbox
    assert alert.to == [f"Sam Agent <{agent.email}>"]
    assert alert.subject.startswith(f"[{resolved.reference}] Bad rating")
    assert "rated the help on" in alert.body
    rating = Rating.objects.get(ticket=resolved)
    assert (rating.score, rating.comment) == ("bad", "Took a week.")
    assert resolved.events.filter(kind=TicketEvent.Kind.RATED).count() == 2


def test_changing_to_good_is_kept_without_alerting(
    resolved, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rating_record(ticket=resolved, score=Rating.Score.GOOD)
        rating_record(ticket=resolved, score=Rating.Score.GOOD)
    assert mail.outbox == []
    assert Rating.objects.get(ticket=resolved).score == "good"


def test_rating_links_are_signed_and_expire(resolved, clock, settings):
    token = links.rating_token(resolved.pk)
    assert links.rating_ticket_id(token) == resolved.pk
    forged = re.sub(r".$", lambda m: "A" if m.group() != "A" else "B", token)
    assert links.rating_ticket_id(forged) is None
    assert links.rating_ticket_id(str(resolved.pk)) is None
    clock.shift((settings.HELPDESK_RATING_LINK_DAYS + 1) * DAY)
    assert links.rating_ticket_id(token) is None
