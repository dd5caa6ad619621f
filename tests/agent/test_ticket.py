"""One ticket in the workspace: the conversation, the composer, ownership."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Notification
from tests.factories import UserFactory
from tickets.models import CannedResponse, Queue, Status, Ticket
from tickets.services.assignment import ticket_add_cc
from tickets.services.lifecycle import (
    customer_message_post,
    note_add,
    reply_post,
    ticket_change_status,
    ticket_close_by_customer,
)
from tickets.services.satisfaction import rating_record

pytestmark = pytest.mark.django_db


def _reply(client, ticket, **data):
    form = {
        "kind": "reply",
        "body": "Thanks, fixed.",
        "new_status": "",
        "seen_message": ticket.messages.filter(kind="customer").last().pk,
    }
    return client.post(f"/agent/tickets/{ticket.pk}/reply/", form | data)


def test_the_page_shows_the_whole_conversation_with_notes_set_apart(
    agent_client, agent, open_ticket
):
    ticket = open_ticket(attachments=[SimpleUploadedFile("trace.log", b"boom")])
    reply_post(ticket=ticket, author=agent, body="Which invoice?")
    note_add(ticket=ticket, author=agent, body="Customer since 2019")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "My March invoice has our old VAT number." in page
    assert "Which invoice?" in page
    assert 'class="entry message message-note"' in page
    assert "Customer since 2019" in page
    assert "trace.log" in page
    assert "Status New &rarr; <strong>Open</strong> by Sam Agent" in page


def test_a_public_reply_emails_the_customer_and_a_note_does_not(
    agent_client, open_ticket, django_capture_on_commit_callbacks, client
):
    ticket = open_ticket()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = _reply(agent_client, ticket, body="Here is the corrected invoice.")
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _reply(agent_client, ticket, kind="note", body="Sent from billing system")
    assert len(mail.outbox) == 1
    customer_page = client.get(ticket.get_absolute_url()).content.decode()
    assert "Here is the corrected invoice." in customer_page
    assert "Sent from billing system" not in customer_page


def test_reply_and_wait_for_the_customer(agent_client, open_ticket):
    ticket = open_ticket()
    _reply(agent_client, ticket, body="Which number?", new_status="waiting")
    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
    assert ticket.due_at is None


def test_an_empty_reply_keeps_the_page_and_says_why(agent_client, open_ticket):
    ticket = open_ticket()
    response = _reply(agent_client, ticket, body="")
    assert response.status_code == 400
    assert "Write the reply or note first." in response.content.decode()


def test_a_canned_response_fills_in_its_placeholders(agent_client, open_ticket):
    ticket = open_ticket()
    canned = CannedResponse.objects.create(
        title="Thanks",
        body="Hello {{ customer_first_name }}, about {{ reference }}: {{ nope }}",
    )
    page = agent_client.get(
        f"/agent/tickets/{ticket.pk}/?canned={canned.pk}"
    ).content.decode()
    expected = f"Hello Ada, about {ticket.reference}: {{{{ nope }}}}"
    assert f">\n{expected}</textarea>" in page  # inserted without JavaScript
    assert f'data-body="{expected}"' in page  # and ready for the script


def test_another_agent_s_canned_response_is_not_offered(agent_client, open_ticket):
    ticket = open_ticket()
    theirs = CannedResponse.objects.create(
        title="Private", body="x", owner=UserFactory()
    )
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Private" not in page
    page = agent_client.get(
        f"/agent/tickets/{ticket.pk}/?canned={theirs.pk}"
    ).content.decode()
    assert ">\n</textarea>" in page


def test_the_customer_s_open_questions_are_a_checklist(
    agent_client, agent, open_ticket
):
    ticket = open_ticket(
        message="Hello. Can you fix the VAT number? And the address too?"
    )
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "The customer asked (2)" in page
    assert "Can you fix the VAT number?" in page
    assert "And the address too?" in page
    reply_post(ticket=ticket, author=agent, body="Done, both.")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "The customer asked" not in page


def test_a_new_customer_message_while_writing_is_announced_before_sending(
    agent_client, open_ticket
):
    ticket = open_ticket()
    seen = ticket.messages.get().pk
    customer_message_post(ticket=ticket, body="Actually, it is the April one")
    response = _reply(agent_client, ticket, body="My careful answer", seen_message=seen)
    page = response.content.decode()
    assert response.status_code == 409
    assert "The customer wrote a new message while you were typing" in page
    assert "My careful answer</textarea>" in page  # kept
    assert ticket.messages.filter(kind="reply").count() == 0
    again = {k: v[0] for k, v in response.context["reply_form"].data.lists()}
    assert (
        agent_client.post(f"/agent/tickets/{ticket.pk}/reply/", again).status_code
        == 302
    )
    assert ticket.messages.filter(kind="reply").get().body == "My careful answer"


def test_claim_then_transfer_keeps_the_previous_owner_following(
    agent_client, agent, open_ticket
):
    ticket = open_ticket()
    agent_client.post(f"/agent/tickets/{ticket.pk}/assign/", {"claim": "1"})
    assert Ticket.objects.get().assignee == agent
    colleague = UserFactory(is_staff=True, first_name="Kim")
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/assign/", {"assignee": colleague.pk}
    )
    assert response.status_code == 302
    ticket.refresh_from_db()
    assert ticket.assignee == colleague
    assert list(ticket.followers.all()) == [agent]
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Assigned: Sam Agent &rarr; <strong>Kim</strong>" in page


def test_only_allowed_status_changes_are_offered_and_a_forged_one_is_refused(
    agent_client, agent, open_ticket
):
    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    offered = page.split('id="prop-status"', 1)[1].split("</select>", 1)[0]
    assert '<option value="open">' in offered
    assert 'value="resolved"' not in offered
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/status/", {"new_status": "resolved"}
    )
    assert response.status_code == 409
    assert (
        "A ticket that is closed cannot become resolved." in response.content.decode()
    )
    panel = agent_client.post(
        f"/agent/tickets/{ticket.pk}/properties/",
        {"status": "resolved"},
        HTTP_X_REQUESTED_WITH="fetch",
    )
    assert panel.status_code == 409
    assert panel.json()["refused"] == [
        "A ticket that is closed cannot become resolved."
    ]
    assert Ticket.objects.get().status == Status.CLOSED


def test_the_properties_panel_saves_what_changed_together(
    agent_client, agent, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    billing = Queue.objects.create(name="Billing", slug="billing")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = agent_client.post(
            f"/agent/tickets/{ticket.pk}/properties/",
            {
                "status": "open",
                "assignee": str(agent.pk),
                "priority": "normal",  # unchanged: nothing written
                "queue": str(billing.pk),
            },
            follow=True,
        )
    page = response.content.decode()
    assert "Status: Open. The customer is emailed. Assigned to Sam Agent. " in page
    assert "Moved to Billing." in page
    ticket.refresh_from_db()
    assert (ticket.status, ticket.assignee, ticket.queue) == ("open", agent, billing)
    assert not ticket.events.filter(kind="priority_changed").exists()
    assert len(mail.outbox) == 1  # the status change, to the customer


def test_priority_and_queue_changes_are_recorded(agent_client, open_ticket):
    ticket = open_ticket()
    billing = Queue.objects.create(name="Billing", slug="billing")
    agent_client.post(f"/agent/tickets/{ticket.pk}/priority/", {"priority": "urgent"})
    agent_client.post(f"/agent/tickets/{ticket.pk}/queue/", {"queue": billing.pk})
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.queue) == ("urgent", billing)
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Priority changed: Normal &rarr; <strong>Urgent</strong>" in page
    assert "Queue changed: General &rarr; <strong>Billing</strong>" in page


def test_a_cc_gets_every_step_in_an_email_of_their_own(
    agent_client, agent, open_ticket, django_capture_on_commit_callbacks
):
    ticket = open_ticket()
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/cc/",
        {"email": "boss@example.com", "name": "Bo Ss"},
    )
    assert response.status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket_change_status(ticket=ticket, new_status=Status.RESOLVED, actor=agent)
    assert sorted(m.to[0] for m in mail.outbox) == [
        "Ada Lovelace <ada@example.com>",
        "Bo Ss <boss@example.com>",
    ]
    to_boss = next(m for m in mail.outbox if "boss" in m.to[0])
    assert "ada@example.com" not in to_boss.message().as_string()
    assert to_boss.body.startswith("Hello Bo,")
    assert "The request" in to_boss.body


def test_a_cc_with_a_bad_address_keeps_what_was_typed(agent_client, open_ticket):
    ticket = open_ticket()
    response = agent_client.post(
        f"/agent/tickets/{ticket.pk}/cc/", {"email": "bo@", "name": "Bo"}
    )
    assert response.status_code == 400
    assert 'value="bo@"' in response.content.decode()


def test_presence_shows_who_else_is_on_the_ticket(client, agent, open_ticket):
    ticket = open_ticket()
    colleague = UserFactory(is_staff=True, first_name="Kim")
    client.force_login(colleague)
    client.post(f"/agent/tickets/{ticket.pk}/presence/", {"typing": "1"})
    client.force_login(agent)
    state = client.post(f"/agent/tickets/{ticket.pk}/presence/", {"typing": "0"}).json()
    assert state["others"] == [{"name": "Kim", "typing": True}]
    assert state["latest_customer_message"] == ticket.messages.get().pk


def test_a_note_with_a_refused_status_is_not_saved_and_its_text_is_kept(
    agent_client, agent, open_ticket
):
    ticket = open_ticket()
    ticket_change_status(ticket=ticket, new_status=Status.CLOSED, actor=agent)
    response = _reply(
        agent_client, ticket, kind="note", body="My careful note", new_status="waiting"
    )
    assert response.status_code == 400  # not an offered choice for a closed ticket
    assert "My careful note</textarea>" in response.content.decode()
    assert ticket.messages.filter(kind="note").count() == 0


def test_a_delayed_email_is_shown_on_the_ticket(agent_client, open_ticket):
    ticket = open_ticket()
    Notification.objects.update(
        state=Notification.State.PENDING,
        attempts=3,
        last_error="SMTP 421 Service not available",
        created_at=timezone.now() - timedelta(minutes=20),
    )
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Our email to ada@example.com is delayed" in page
    assert "SMTP 421 Service not available" in page


def test_the_ticket_page_costs_the_same_queries_for_3_or_50_messages(
    agent_client, agent, open_ticket, django_assert_max_num_queries
):
    ticket = open_ticket()
    reply_post(ticket=ticket, author=agent, body="Which number?")
    agent_client.get(f"/agent/tickets/{ticket.pk}/")  # warm: session, caches
    customer_message_post(ticket=ticket, body="GB123. Is that enough?")
    # The first view after a change draws the history again.
    with CaptureQueriesContext(connection) as three:
        page = agent_client.get(f"/agent/tickets/{ticket.pk}/")
    # Only the question asked after the last reply is on the checklist.
    assert "The customer asked (1)" in page.content.decode()
    for n in range(47):
        customer_message_post(ticket=ticket, body=f"Message {n}")
    with django_assert_max_num_queries(len(three.captured_queries)):
        page = agent_client.get(f"/agent/tickets/{ticket.pk}/")
    assert "Message 46" in page.content.decode()
    # The user and whether they are an agent included (the session and the
    # pickers come from the cache while it is up).
    # With the bell, read on opening; the tags, the linked tickets and the
    # customer's possible duplicates (one query each, however many).
    assert len(three.captured_queries) <= 14
    # Seen again before the next change: the history as it was drawn.
    with django_assert_max_num_queries(10):
        again = agent_client.get(f"/agent/tickets/{ticket.pk}/")
    assert again.content.decode().count("Message 46") == 1


def test_the_pickers_show_a_new_queue_and_agent_at_once_and_forget_a_leaver(
    agent_client, agent, open_ticket
):
    ticket = open_ticket()
    colleague = UserFactory(is_staff=True, first_name="Kim")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert ">Kim</option>" in page  # now cached
    Queue.objects.create(name="Refunds", slug="refunds")
    colleague.is_active = False
    colleague.save()
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert ">Refunds</option>" in page
    assert ">Kim</option>" not in page


def test_the_side_panel_lists_people_in_copy_and_followers(
    agent_client, agent, open_ticket
):
    ticket = open_ticket()
    ticket_add_cc(ticket=ticket, email="boss@example.com", name="Bo Ss", actor=agent)
    ticket.followers.add(UserFactory(username="kim", first_name="", last_name=""))
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Bo Ss &lt;boss@example.com&gt;" in page
    assert "<li>kim</li>" in page


def test_the_customer_card_shows_their_other_tickets_and_last_rating(
    agent_client, open_ticket, django_assert_max_num_queries
):
    from tickets.models import Rating

    older = open_ticket(subject="Old invoice question")
    ticket_close_by_customer(ticket=older)
    rating_record(ticket=older, score=Rating.Score.GOOD)
    other = open_ticket(subject="Second problem")
    ticket = open_ticket(subject="Third problem")
    open_ticket(email="someone-else@example.com", subject="Not theirs")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert f'data-customer-card="/agent/tickets/{ticket.pk}/customer/"' in page
    assert "/agent/?q=ada%40example.com" in page  # without scripts: a search
    # The user, the ticket, the customer's other tickets with their ratings.
    with django_assert_max_num_queries(3):
        card = agent_client.get(f"/agent/tickets/{ticket.pk}/customer/")
    text = card.content.decode()
    open_part, _sep, recent_part = text.partition("Recent tickets")
    assert other.reference in open_part
    assert older.reference in recent_part
    assert "Not theirs" not in text
    assert ticket.reference not in text
    assert '<strong class="rating rating-good">Good</strong>' in text
