"""The customer's ticket page: reached only by its secret link."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from tickets.models import Status
from tickets.services.lifecycle import note_add, reply_post, ticket_change_status

pytestmark = pytest.mark.django_db


def test_the_page_is_reached_by_the_secret_link_only(client, open_ticket):
    ticket = open_ticket()
    assert len(ticket.access_key) >= 32
    assert client.get(ticket.get_absolute_url()).status_code == 200
    assert client.get(f"/t/{ticket.pk}/").status_code == 404
    assert client.get(f"/t/{ticket.reference}/").status_code == 404
    # One character off (never the same one: a key may end in "x").
    other = "y" if ticket.access_key.endswith("x") else "x"
    assert client.get(f"/t/{ticket.access_key[:-1]}{other}/").status_code == 404


def test_a_customer_sees_only_their_own_ticket(client, open_ticket):
    mine = open_ticket(email="me@example.com", subject="My printer")
    theirs = open_ticket(email="them@example.com", subject="Their secret")
    page = client.get(mine.get_absolute_url()).content.decode()
    assert "My printer" in page
    assert "Their secret" not in page
    assert theirs.access_key not in page


def test_page_shows_status_in_plain_words_and_the_public_conversation(
    client, open_ticket, agent
):
    ticket = open_ticket()
    reply_post(ticket=ticket, author=agent, body="Which VAT number is right?")
    note_add(ticket=ticket, author=agent, body="Customer is on the old plan")
    ticket_change_status(ticket=ticket, new_status=Status.WAITING, actor=agent)
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "Waiting on customer" in page
    assert "We need something from you" in page
    assert "Which VAT number is right?" in page
    assert "Sam Agent" in page
    assert "Customer is on the old plan" not in page
    # The timeline lists every status change, in order.
    assert page.index("Ticket opened") < page.index("New &rarr; <strong>Open")
    assert page.index("Open &rarr; <strong>Waiting on customer") > 0


def test_ticket_bodies_are_escaped(client, open_ticket):
    ticket = open_ticket(
        subject="<img src=x onerror=alert(1)>", message="<script>alert('x')</script>"
    )
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in page
    assert "<img src=x" not in page


def test_customer_adds_a_message_and_a_waiting_ticket_reopens(
    client, open_ticket, agent
):
    ticket = open_ticket()
    reply_post(
        ticket=ticket, author=agent, body="Which number?", new_status=Status.WAITING
    )
    response = client.post(
        f"/t/{ticket.access_key}/reply/",
        {
            "message": "It is GB123456789",
            "attachments": [SimpleUploadedFile("v.txt", b"v")],
        },
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.OPEN
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "It is GB123456789" in page
    assert "Thank you: your message is on the ticket." in page
    assert "v.txt" in page


def test_an_empty_message_is_refused_with_a_clear_message(client, open_ticket):
    ticket = open_ticket()
    response = client.post(f"/t/{ticket.access_key}/reply/", {"message": "  "})
    assert response.status_code == 400
    assert "Please write your message first." in response.content.decode()


def test_customer_closes_with_one_click_and_no_reason(
    client, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/t/{ticket.access_key}/close/", {"reason": ""})
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.status == Status.CLOSED
    assert len(mail.outbox) == 1
    assert "You changed the status" in mail.outbox[0].body
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "Your ticket is closed" in page
    assert "Close this ticket" not in page


def test_the_reason_for_closing_is_kept_and_shown(client, open_ticket):
    ticket = open_ticket()
    client.post(f"/t/{ticket.access_key}/close/", {"reason": "Found it in the FAQ"})
    event = ticket.events.get(new_status=Status.CLOSED)
    assert event.reason == "Found it in the FAQ"
    assert event.by_customer
    assert (
        "Found it in the FAQ" in client.get(ticket.get_absolute_url()).content.decode()
    )


def test_closing_a_closed_ticket_says_so(client, open_ticket):
    ticket = open_ticket()
    client.post(f"/t/{ticket.access_key}/close/", {})
    response = client.post(f"/t/{ticket.access_key}/close/", {})
    assert response.status_code == 409
    assert "cannot become closed" in response.content.decode()


def test_attachments_download_only_through_their_ticket(client, open_ticket):
    ticket = open_ticket(attachments=[SimpleUploadedFile("a.txt", b"secret bytes")])
    other = open_ticket(email="other@example.com")
    attachment = ticket.messages.get().attachments.get()
    ok = client.get(f"/t/{ticket.access_key}/attachments/{attachment.pk}/")
    assert ok.status_code == 200
    assert b"".join(ok.streaming_content) == b"secret bytes"
    assert 'attachment; filename="a.txt"' in ok["Content-Disposition"]
    assert (
        client.get(f"/t/{other.access_key}/attachments/{attachment.pk}/").status_code
        == 404
    )


def _tracker(page):
    start = page.index('<ol class="tracker"')
    return page[start : page.index("</ol>", start)]


def test_a_new_ticket_shows_where_it_stands_and_when_news_comes(
    client, open_ticket, clock
):
    ticket = open_ticket()  # Friday 27 March 2026, 16:00 in London
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert '<li class="current" aria-current="step">Received</li>' in _tracker(page)
    # The first reply is owed on Monday; the silence watchdog's update would
    # come first, 48 wall-clock hours on (the clocks go forward on Sunday).
    assert ticket.first_response_due_at.isoformat() > "2026-03-29T16:00"
    assert (
        "You will hear from us by <strong>Sunday 29 March 2026, 17:00 BST</strong>"
        in page
    )


def test_while_we_wait_the_page_says_what_we_need(client, open_ticket, agent, clock):
    ticket = open_ticket()
    reply_post(
        ticket=ticket,
        author=agent,
        body="Thanks. Which invoice number is it? And since when?",
        new_status=Status.WAITING,
    )
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert 'aria-current="step">Waiting for you</li>' in _tracker(page)
    assert "What we need from you" in page
    assert "<li>Which invoice number is it?</li>" in page
    assert "You will hear from us" not in page


def test_a_late_answer_is_owned_up_to(client, open_ticket, clock):
    ticket = open_ticket()
    clock.move_to(ticket.first_response_due_at.replace(day=31))
    page = client.get(ticket.get_absolute_url()).content.decode()
    assert "and are late: we are sorry" in page
    assert "You will hear from us" not in page


def test_a_reply_email_says_when_the_customer_hears_from_us_next(
    open_ticket, agent, clock, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        reply_post(ticket=ticket, author=agent, body="Looking into it now.")
    (email,) = mail.outbox
    # Answered: no response is owed, so the silence watchdog's update is next.
    assert "You will hear from us by Sunday 29 March 2026, 17:00 BST" in email.body
    html = email.alternatives[0][0]
    assert "You will hear from us by <strong>Sunday 29 March 2026, 17:00 BST" in html
