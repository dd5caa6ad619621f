"""A broken link or an outage still shows who we are and how to reach us."""

import pytest

from tests.bench.harness import free_port
from tests.subprocesses import run_python


@pytest.mark.django_db
def test_a_mistyped_ticket_link_gets_a_branded_page_with_our_contacts(client, settings):
    settings.DEBUG = False
    response = client.get("/t/not-a-real-key/")
    page = response.content.decode()
    assert response.status_code == 404
    assert "We could not find that page" in page
    assert settings.HELPDESK_SUPPORT_PHONE in page
    assert settings.HELPDESK_SUPPORT_EMAIL in page


def test_with_the_database_down_pages_say_so_with_our_contacts():
    """A real outage: the database is a closed port, DEBUG is off."""
    code = """
import django
django.setup()
from django.test import Client
client = Client(raise_request_exception=False)
for path in ("/tickets/new/", "/t/some-key/", "/nowhere/"):
    response = client.get(path, HTTP_HOST="help.example.com", secure=True)
    page = response.content.decode()
    print(path, response.status_code, "+44 20 7946 0000" in page)
"""
    env = {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "a-test-secret-" + "y" * 40,
        "DJANGO_ALLOWED_HOSTS": "help.example.com",
        "ANYMAIL_WEBHOOK_SECRET": "hook:pw",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{free_port()}/helpdesk",
    }
    result = run_python(code, env)
    assert result.returncode == 0, result.stderr[-2000:]
    lines = result.stdout.split("\n")
    assert "/tickets/new/ 200 True" in lines  # the form needs no database
    assert "/t/some-key/ 503 True" in lines
    assert "/nowhere/ 404 True" in lines


@pytest.mark.django_db
def test_a_fault_of_ours_gets_a_branded_500_with_our_contacts(
    client, settings, monkeypatch
):
    settings.DEBUG = False

    def broken(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("tickets.views.portal.ticket_for_customer", broken)
    client.raise_request_exception = False
    response = client.get("/t/any-key/")
    page = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in page
    assert "your browser keeps what you typed" in page
    assert settings.HELPDESK_SUPPORT_PHONE in page


@pytest.mark.django_db
def test_a_mistyped_ticket_link_gets_our_page_even_while_debugging(client, settings):
    settings.DEBUG = True  # as `make run` serves it
    for path in (
        "/t/not-a-real-key/",
        "/t/not-a-real-key/submitted/",
        "/rate/x/great/",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        page = response.content.decode()
        assert "We could not find that page" in page, path
        assert settings.HELPDESK_SUPPORT_EMAIL in page, path
