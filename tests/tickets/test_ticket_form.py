"""The customer's first minute: the form, the confirmation, the records."""

import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from notifications.models import Notification
from tests.factories import AgentFactory
from tickets.models import Customer, Message, Queue, Status, Ticket, TicketEvent

pytestmark = pytest.mark.django_db


def test_home_shows_the_organisation_how_to_reach_it_and_the_form(client, settings):
    settings.HELPDESK_ORG_NAME = "Globex Support"
    settings.HELPDESK_SUPPORT_PHONE = "+1 555 0100"
    page = client.get("/").content.decode()
    assert "Globex Support" in page
    assert "+1 555 0100" in page
    assert 'href="/tickets/new/"' in page


def test_submitting_creates_everything_and_shows_the_reference(
    submit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = submit()
    ticket = Ticket.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/t/{ticket.access_key}/submitted/"
    assert ticket.customer.email == "grace@example.com"
    assert ticket.status == Status.NEW
    assert ticket.messages.get().body.startswith("I get 'invalid session'")
    assert ticket.events.get().kind == TicketEvent.Kind.CREATED
    assert Notification.objects.get().kind == Notification.Kind.ACKNOWLEDGEMENT

    confirmation = response.client.get(response["Location"]).content.decode()
    assert ticket.reference in confirmation
    assert "What happens next" in confirmation
    assert "grace@example.com" in confirmation


def test_reference_is_human_friendly(open_ticket, settings):
    ticket = open_ticket()
    assert ticket.reference == f"HD-{ticket.pk + 1000}"


def test_the_same_email_finds_the_same_customer_whatever_its_case(submit):
    submit(email="Grace@Example.com")
    submit(email="grace@example.com ")
    assert Customer.objects.count() == 1
    assert Ticket.objects.count() == 2


def test_invalid_input_is_shown_next_to_the_field_and_nothing_typed_is_lost(submit):
    response = submit(email="not-an-email", message="My long story\nwith two lines")
    page = response.content.decode()
    assert response.status_code == 400
    assert "This does not look like an email address" in page
    # Summed up at the top too, linked to the field.
    assert '<a href="#id_email">Your email</a>: This does not look like' in page
    assert "My long story\nwith two lines" in page
    assert 'value="Cannot log in since this morning"' in page
    assert 'value="not-an-email"' in page
    assert Ticket.objects.count() == 0


def test_the_form_kept_once_drawn_never_stands_in_for_what_they_typed(client, submit):
    empty = client.get("/tickets/new/").content.decode()
    response = submit(email="not-an-email", message="My long story")
    page = response.content.decode()
    assert "This does not look like an email address" in page
    assert "My long story" in page
    assert "My long story" not in client.get("/tickets/new/").content.decode()
    # Each visitor's own CSRF token, outside what is kept.
    other = Client().get("/tickets/new/").content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    assert token.findall(empty) != token.findall(other)
    # And in each visitor's language.
    german = client.get("/tickets/new/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Ihre E-Mail-Adresse" in german
    assert "Your email" not in german


def test_a_new_ticket_costs_a_fixed_number_of_queries(
    submit, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    """Whoever writes and however many agents hear of it: the customer (and
    their row if new), the ticket, its message, event and facts, the
    suggested articles and the outbox rows, in one transaction. The queue
    and its agents come from the process's memo."""
    submit(email="first@example.com")  # the configuration, read once per process
    with django_capture_on_commit_callbacks(execute=True):  # admin's commit
        for agent in AgentFactory.create_batch(3):
            Queue.objects.get(slug="general").agents.add(agent)
    submit(email="second@example.com")
    with django_assert_max_num_queries(11):  # with the agents' bell, one insert
        assert submit(email="newcomer@example.com").status_code == 302
    with django_assert_max_num_queries(10):
        assert submit(email="newcomer@example.com").status_code == 302
    assert (
        Notification.objects.filter(
            ticket__customer__email="newcomer@example.com"
        ).count()
        == 8
    )  # two acknowledgements, three agents told twice


def test_a_missing_field_says_which(submit):
    response = submit(subject="")
    assert response.status_code == 400
    assert response.context["form"].errors["subject"] == [
        "Please sum up your request in a few words."
    ]


def test_the_honeypot_stops_robots_without_losing_a_person_s_text(submit):
    response = submit(website="http://spam.example")
    assert response.status_code == 400
    assert "trap for spam robots" in response.content.decode()
    assert "invalid session" in response.content.decode()
    assert Ticket.objects.count() == 0


def test_rate_limit_per_address_keeps_the_text_and_says_why(submit, settings):
    settings.HELPDESK_RATE_LIMIT_PER_EMAIL = 2
    assert submit().status_code == 302
    assert submit().status_code == 302
    response = submit(message="Third try, please keep me")
    assert response.status_code == 429
    page = response.content.decode()
    assert "many requests in a short time" in page
    assert "Third try, please keep me" in page
    assert Ticket.objects.count() == 2


def test_rate_limit_per_client_address(submit, settings):
    settings.HELPDESK_RATE_LIMIT_PER_IP = 1
    assert submit(email="one@example.com").status_code == 302
    assert submit(email="two@example.com").status_code == 429


def test_attachments_are_stored_with_their_names(submit):
    files = [
        SimpleUploadedFile("error.log", b"Traceback ...", content_type="text/plain"),
        SimpleUploadedFile("screen.png", b"\x89PNG....", content_type="image/png"),
    ]
    assert submit(attachments=files).status_code == 302
    stored = Message.objects.get().attachments.order_by("filename")
    assert [(a.filename, a.size) for a in stored] == [
        ("error.log", 13),
        ("screen.png", 8),
    ]


def test_a_forbidden_file_type_is_refused_with_a_clear_message(submit):
    upload = SimpleUploadedFile(
        "run.exe", b"MZ", content_type="application/octet-stream"
    )
    response = submit(attachments=[upload])
    page = response.content.decode()
    assert response.status_code == 400
    assert "run.exe: files of this type cannot be attached" in page
    assert "invalid session" in page


def test_a_file_over_the_size_limit_is_refused(submit, settings):
    settings.HELPDESK_MAX_ATTACHMENT_BYTES = 10
    upload = SimpleUploadedFile("big.txt", b"x" * 11, content_type="text/plain")
    response = submit(attachments=[upload])
    assert response.status_code == 400
    assert (
        "big.txt is 11\xa0bytes; the limit is 10\xa0bytes per file."
        in (response.context["form"].errors["attachments"])
    )


def test_too_many_files_are_refused(submit, settings):
    settings.HELPDESK_MAX_ATTACHMENTS = 1
    files = [SimpleUploadedFile(f"{n}.txt", b"x") for n in range(2)]
    response = submit(attachments=files)
    assert "Attach at most 1 file." in response.context["form"].errors["attachments"]


def test_no_email_is_sent_inside_the_request(submit):
    # The acknowledgement waits for the commit and the worker, never the request.
    submit()
    assert mail.outbox == []
    assert Notification.objects.get().state == Notification.State.PENDING
