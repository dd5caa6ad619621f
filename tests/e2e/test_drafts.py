"""What the customer types survives a reload, a failed submit or an error
page, in their own browser, and is forgotten once we have it."""

import pytest

from tickets.models import Ticket

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

WORDS = "My invoice from March shows the old VAT number GB111."


def test_the_ticket_form_keeps_a_draft_until_the_confirmation(new_page, artifacts):
    page = new_page()
    page.goto("/tickets/new/")
    page.fill("input[name=name]", "Ada Lovelace")
    page.fill("input[name=email]", "ada@example.com")
    page.fill("input[name=subject]", "Wrong VAT number")
    page.locator("textarea[name=message]").press_sequentially(WORDS[:20])
    page.locator("textarea[name=message]").fill(WORDS)
    page.reload()  # the tab was closed, the laptop crashed, the page was reloaded
    assert page.input_value("textarea[name=message]") == WORDS
    assert page.input_value("input[name=subject]") == "Wrong VAT number"
    assert page.locator(".draft-restored").is_visible()
    page.screenshot(path=artifacts / "draft-restored.png", full_page=True)
    page.click("button[type=submit]")
    page.wait_for_selector("text=Thank you, we have your request")
    assert Ticket.objects.get().messages.get().body == WORDS
    page.goto("/tickets/new/")  # we have it now: a new request starts empty
    assert page.input_value("textarea[name=message]") == ""


def test_the_reply_box_keeps_a_draft_until_the_reply_is_on_the_ticket(
    new_page, open_ticket
):
    ticket = open_ticket()
    page = new_page()
    page.goto(f"/t/{ticket.access_key}/")
    page.fill("textarea[name=message]", "The number should be GB222.")
    page.goto(f"/t/{ticket.access_key}/")
    assert page.input_value("textarea[name=message]") == "The number should be GB222."
    page.click("form[data-draft] button[type=submit]")
    page.wait_for_selector("text=your message is on the ticket")
    assert page.input_value("textarea[name=message]") == ""
    page.reload()
    assert page.input_value("textarea[name=message]") == ""
