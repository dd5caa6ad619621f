"""In a real browser: German from the first request, a switch of language
that keeps what is typed, and a ticket page whose switch is the customer's."""

import pytest

from tickets.models import Customer
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORDS = "Seit dem Update druckt der Drucker nur noch leere Seiten."


@pytest.fixture
def german_page(browser, live_server):
    context = browser.new_context(
        base_url=live_server.url,
        locale="de-DE",
        viewport={"width": 1280, "height": 900},
    )
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def test_switching_language_on_the_form_keeps_what_was_typed(german_page, artifacts):
    page = german_page
    page.goto("/tickets/new/")
    assert page.get_attribute("html", "lang") == "de"
    assert page.locator("h1").inner_text() == "Ticket eröffnen"
    page.fill("input[name=name]", "Gisela Müller")
    page.fill("textarea[name=message]", WORDS)
    page.click("footer button[name=language][value=en]")
    page.wait_for_selector("h1:has-text('Open a ticket')")
    page.wait_for_selector(".draft-restored")  # draft.js runs after the parse
    assert page.get_attribute("html", "lang") == "en"
    assert page.input_value("input[name=name]") == "Gisela Müller"
    assert page.input_value("textarea[name=message]") == WORDS
    page.screenshot(path=artifacts / "language-switched.png", full_page=True)
    page.click("footer button[name=language][value=de]")
    page.wait_for_selector("h1:has-text('Ticket eröffnen')")
    page.wait_for_selector(".draft-restored")
    assert page.input_value("textarea[name=message]") == WORDS


def test_the_switch_on_a_ticket_page_is_the_customer_s_for_every_email(german_page):
    ticket = ticket_open(
        name="Gisela Müller",
        email="gisela@example.de",
        subject="Drucker",
        message=WORDS,
        language="de",
    )
    page = german_page
    page.goto(ticket.get_absolute_url())
    assert page.get_attribute("html", "lang") == "de"
    page.fill("textarea[name=message]", "Noch eine Frage")
    page.click("footer button[name=language][value=en]")
    page.wait_for_selector("h2:has-text('Add a message')")
    page.wait_for_selector(".draft-restored")  # draft.js runs after the parse
    assert page.input_value("textarea[name=message]") == "Noch eine Frage"
    assert Customer.objects.get(email="gisela@example.de").language == "en"
