"""The first run shows the product working: help articles that come up
while typing, and a ticket in every view of the queue."""

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tickets import selectors

pytestmark = pytest.mark.django_db


def test_the_demo_fills_every_view_and_the_help_centre(client, settings):
    settings.DEBUG = True
    call_command("seed_demo", verbosity=0)
    call_command("seed_demo", verbosity=0)  # twice: nothing doubles
    agent = User.objects.get(username="agent")
    counts = selectors.view_counts(agent)
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
    assert counts["all"][0] == 6
    suggestions = client.get("/kb/suggest/", {"q": "forgot my password"})
    assert "Reset your password" in suggestions.content.decode()
    home = client.get("/kb/").content.decode()
    assert "Billing and invoices" in home
