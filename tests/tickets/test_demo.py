"""The first run shows the product working: help articles that come up
while typing, and a ticket in every view of the queue."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tickets.selectors.queue import view_counts

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_view_and_the_help_centre(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # twice: nothing doubles
    agent = User.objects.get(username="agent")
    counts = view_counts(agent)
    for view in (
        "open",
        "mine",
        "unassigned",
        "breached",
        "waiting",
        "resolved",
        "closed",
    ):
        assert counts[view][0] >= 1, view
    assert counts["all"][0] == 7  # six in English, one from a German customer
    suggestions = client.get("/kb/suggest/", {"q": "forgot my password"})
    assert "Reset your password" in suggestions.content.decode()
    home = client.get("/kb/").content.decode()
    assert "Billing and invoices" in home
    # German beside English: the translated article, the contact texts.
    german = client.get("/kb/c/account/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert "Passwort zurücksetzen" in german
    assert "Reset your password" not in german
    assert "Turn on two-step sign-in" in german  # not translated: in English
    assert "Montag bis Freitag" in german
