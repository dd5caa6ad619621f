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


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_a_german_agent_reads_the_scripts_sentences_in_german(
    browser, live_server, agent_user, artifacts, size, request
):
    """Issue 26, item 6: presence and care checks come from the scripts;
    after switching to German they speak German at once (no cached English)."""
    from tests.e2e.conftest import compose, sign_in
    from tests.factories import AgentFactory
    from tickets.models import AgentProfile

    ticket = ticket_open(
        name="Gisela", email="gisela@example.de", subject="Drucker", message=WORDS
    )
    colleague = AgentFactory(first_name="Kim", last_name="Kollege")
    contexts = [
        browser.new_context(
            base_url=live_server.url, viewport={"width": size[0], "height": size[1]}
        )
        for _ in range(2)
    ]
    mine, theirs = (context.new_page() for context in contexts)
    sign_in(mine, agent_user)
    mine.goto("/agent/profile/")  # English first: its catalogue is cached now
    mine.select_option("select[name=language]", "de")
    mine.click("form[action='/agent/profile/'] button[type=submit]")
    mine.wait_for_selector("html[lang=de]")
    assert AgentProfile.objects.get(user=agent_user).language == "de"
    theirs.goto("/agent/login/")
    theirs.fill("input[name=username]", colleague.username)
    theirs.fill("input[name=password]", "correct horse battery staple")
    theirs.click("button[type=submit]")
    theirs.wait_for_url("**/agent/")
    theirs.goto(f"/agent/tickets/{ticket.pk}/")
    mine.goto(f"/agent/tickets/{ticket.pk}/")
    mine.wait_for_selector(
        "#presence:has-text('Kim Kollege sieht sich dieses Ticket an')"
    )
    compose(mine, "BITTE STARTEN SIE DEN DRUCKER NEU")
    mine.wait_for_selector("#care-warning:has-text('Großbuchstaben')")
    mine.screenshot(
        path=artifacts / f"scripts-in-german-{request.node.callspec.id}.png"
    )
    for context in contexts:
        context.close()
