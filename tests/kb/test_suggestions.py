"""Suggestions on the ticket form, and deflections counted for agents."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from kb.models import SuggestionOpen

pytestmark = pytest.mark.django_db


def test_the_suggestion_endpoint_matches_any_word_of_the_subject(client, article):
    article("Reset your password", summary="Two minutes, from the sign-in page.")
    article("Invoices and receipts")
    article("Password rules", status="draft")
    found = client.get("/kb/suggest/", {"q": "I forgot my password"}).json()["articles"]
    assert [a["title"] for a in found] == ["Reset your password"]
    assert found[0]["summary"] == "Two minutes, from the sign-in page."
    assert found[0]["url"].endswith("?from=suggestion")
    assert client.get("/kb/suggest/", {"q": ""}).json() == {"articles": []}


def test_an_opened_suggestion_without_a_ticket_is_a_deflection(
    client, article, agent_client
):
    page = article("Reset your password")
    client.get(page.get_absolute_url() + "?from=suggestion")
    assert SuggestionOpen.objects.get().ticket_followed is False
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        stats = agent_client.get("/agent/kb/").context["articles"]
    assert (stats[0].suggested_opens, stats[0].deflections) == (1, 1)


def test_a_ticket_after_opening_a_suggestion_is_not_a_deflection(
    client, article, submit, agent_client
):
    page = article("Reset your password")
    client.get(page.get_absolute_url() + "?from=suggestion")
    submit()  # the same visitor, same session
    assert SuggestionOpen.objects.get().ticket_followed is True
    with time_machine.travel(timezone.now() + timedelta(days=2)):
        stats = agent_client.get("/agent/kb/").context["articles"]
    assert (stats[0].suggested_opens, stats[0].deflections) == (1, 0)


def test_the_chosen_ticket_category_puts_its_help_articles_first(
    client, article, billing
):
    from tickets.models import TicketCategory

    article("Password for invoices")
    article("Password for the shop", category=billing)
    plain = client.get("/kb/suggest/", {"q": "password"}).json()["articles"]
    assert plain[0]["title"] == "Password for invoices"
    narrowed = client.get(
        "/kb/suggest/", {"q": "password", "category": billing.pk}
    ).json()["articles"]
    assert narrowed[0]["title"] == "Password for the shop"
    # The form's category names its help category for the script.
    TicketCategory.objects.create(name="Invoices", kb_category=billing)
    page = client.get("/tickets/new/").content.decode()
    assert f'data-kb="{billing.pk}"' in page
