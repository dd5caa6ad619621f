"""Email wording in the admin: an acknowledgement said the desk's own way,
in English and German; placeholders checked when saved; a preview on a
real ticket and a test send; a wording that fails falls back to the
built-in one and the admins are told."""

import pytest
from django.core import mail
from django.utils.html import escape

from notifications.models import EmailWording
from notifications.wording import wordings_changed

pytestmark = pytest.mark.django_db

OURS = (
    "Hi {{ customer_first_name }},\n\nthanks! {{ reference }} is with {{ owner_name }}."
    "\n\nFollow it here: {{ ticket_url }}\n\n{{ signature }}"
)


def _form(**values):
    data = {
        "kind": "acknowledgement",
        "language": "en",
        "is_active": "on",
        "subject": "[{{ reference }}] Got it: {{ subject }}",
        "text": OURS,
        "html": "",
    }
    return data | values


def test_the_acknowledgement_goes_in_the_admins_wording(
    admin_client, open_ticket, django_capture_on_commit_callbacks
):
    response = admin_client.post("/admin/notifications/emailwording/add/", _form())
    assert response.status_code == 302
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
    (ack,) = [m for m in mail.outbox if "ada@example.com" in m.to[0]]
    assert ack.subject == f"[{ticket.reference}] Got it: {ticket.subject}"
    assert ack.body.startswith("Hi Ada,\n\nthanks! ")
    assert ticket.public_url in ack.body
    html = ack.alternatives[0][0]
    assert f'<a href="{ticket.public_url}"' in html
    assert "Hi Ada," in html


def test_each_language_has_its_own_and_the_built_in_is_the_default(
    admin_client, open_ticket, django_capture_on_commit_callbacks
):
    admin_client.post(
        "/admin/notifications/emailwording/add/",
        _form(
            language="de",
            subject="Danke: {{ subject }}",
            text="Hallo {{ customer_first_name }}!",
        ),
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        open_ticket()  # English: the built-in wording
        open_ticket(name="Gisela Groß", email="gisela@example.de", language="de")
    by_address = {m.to[0]: m for m in mail.outbox}
    english = next(m for a, m in by_address.items() if "ada@" in a)
    german = next(m for a, m in by_address.items() if "gisela@" in a)
    assert "We received your request" in english.subject
    assert german.subject.startswith("Danke: ")
    assert german.body == "Hallo Gisela!"


@pytest.mark.parametrize(
    ("field", "typed", "said"),
    [
        ("text", "Hi {{ first_name }}", "Unknown placeholder {{ first_name }}."),
        ("subject", "Re {{ reference", "A brace is not closed"),
        ("html", "<p>{% if x %}</p>", "A brace is not closed"),
    ],
)
def test_a_mistake_is_refused_next_to_the_field_and_the_rest_kept(
    admin_client, field, typed, said
):
    response = admin_client.post(
        "/admin/notifications/emailwording/add/", _form(**{field: typed})
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert said in page
    assert escape(typed) in page  # kept as typed
    assert not EmailWording.objects.exists()


def test_the_preview_shows_it_on_a_real_ticket_and_a_test_goes_to_the_admin(
    admin_client, admin_user, open_ticket
):
    ticket = open_ticket()
    admin_client.post("/admin/notifications/emailwording/add/", _form())
    wording = EmailWording.objects.get()
    page = admin_client.get(
        f"/admin/notifications/emailwording/{wording.pk}/preview/",
        {"ticket": ticket.reference},
    ).content.decode()
    assert f"Got it: {ticket.subject}" in page
    assert "Hi Ada," in page
    mail.outbox.clear()
    admin_client.post(
        f"/admin/notifications/emailwording/{wording.pk}/preview/",
        {"ticket": ticket.pk},
    )
    (test,) = mail.outbox
    assert test.to == [admin_user.email]
    assert test.subject.startswith("[Test] ")


def test_a_wording_that_fails_falls_back_and_the_admins_are_told(
    open_ticket, settings, django_capture_on_commit_callbacks
):
    settings.ADMINS = [("Admin", "admin@example.com")]
    # Written around the form (a placeholder since removed, say).
    EmailWording.objects.create(
        kind="acknowledgement", language="en", text="Hi {{ gone_now }}"
    )
    wordings_changed()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ticket = open_ticket()
    ack = next(m for m in mail.outbox if "ada@example.com" in m.to[0])
    assert "We received your request" in ack.subject
    assert "Thank you for contacting" in ack.body
    told = [m for m in mail.outbox if m.to == ["admin@example.com"]]
    assert len(told) == 1
    assert ticket.reference in told[0].body
