"""Links in messages are live on both ticket pages and in the HTML emails
(issue 26, item 4): web and email addresses linked, noopener nofollow; the
rest of the text escaped; nothing but http(s), www. and mail addresses."""

import pytest
from django.core import mail
from django.urls import reverse

from tickets.services.lifecycle import reply_post

pytestmark = pytest.mark.django_db

WORDS = (
    "The guide at https://example.com/reset?a=1&b=2 did not help. "
    "javascript:alert(1) <b>bold</b> help@example.org"
)
LINK = '<a href="https://example.com/reset?a=1&amp;b=2" rel="noopener nofollow">'


def check(html: str) -> None:
    assert LINK in html
    assert '<a href="mailto:help@example.org">' in html
    assert "&lt;b&gt;bold&lt;/b&gt;" in html
    assert 'href="javascript' not in html


def test_both_ticket_pages_and_the_emails_link_what_was_written(
    open_ticket, agent, client, agent_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket(message=WORDS)
    check(client.get(ticket.get_absolute_url()).content.decode())
    check(agent_client.get(reverse("agent:ticket", args=[ticket.pk])).content.decode())
    acknowledgement = mail.outbox[0].alternatives[0][0]
    check(acknowledgement)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(ticket=ticket, author=agent, body=WORDS)
    (reply,) = [m for m in mail.outbox if ticket.customer.email in m.to[0]]
    check(reply.alternatives[0][0])
