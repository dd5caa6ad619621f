"""Issue 26, item 5, in Chromium: a calm ticket page. People in copy,
promises, incident and Claim change in place (no reload); the head and the
panel are refreshed together by the live poll, so they never disagree; the
history's lines are folded behind "Show details"; promise controls wait
behind a button."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import sign_in
from tickets.models import Status
from tickets.services.lifecycle import ticket_change_status, ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_panel_changes_in_place_and_agrees_with_the_head(
    browser, live_server, agent_user, settings, artifacts, size, request
):
    settings.HELPDESK_LIVE_POLL_SECONDS = 1
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    sign_in(page, agent_user)
    page.goto(f"/agent/tickets/{ticket.pk}/")
    if width < 600:
        page.click(".side-panel > summary")  # folded on a phone
    page.evaluate("window.stayedHere = true")

    page.click("[data-claim]")
    page.wait_for_selector(".ticket-head >> text=assigned to")
    assert page.locator("[data-claim]").count() == 0  # gone once it is theirs
    assert page.input_value("#prop-assignee") == str(agent_user.pk)

    page.fill("#panel-cc input[name=email]", "ben@example.com")
    page.click("#panel-cc button:has-text('Add CC')")
    page.wait_for_selector("#panel-cc >> text=ben@example.com")
    page.fill("#panel-cc input[name=email]", "not an address")
    page.click("#panel-cc button:has-text('Add CC')")
    page.wait_for_selector("#panel-cc .error")
    page.wait_for_timeout(2500)  # two live looks later, the mistake is still shown
    assert page.is_visible("#panel-cc .error")
    assert page.input_value("#panel-cc input[name=email]") == "not an address"

    assert page.is_hidden("#panel-promises input[name=description]")
    page.click("#panel-promises summary:has-text('Record a promise')")
    page.fill("#panel-promises input[name=description]", "A corrected invoice")
    page.fill("#panel-promises input[name=due_at]", "2030-01-10T12:00")
    page.click("#panel-promises button:has-text('Record promise')")
    page.wait_for_selector("#panel-promises >> text=A corrected invoice")
    assert page.evaluate("window.stayedHere") is True

    # Someone else moves it on: head and panel follow together.
    ticket_change_status(ticket=ticket, new_status=Status.WAITING, actor=agent_user)
    page.wait_for_selector(".ticket-head >> text=Waiting on customer", timeout=20_000)
    expect(page.locator("#prop-status")).to_have_value("waiting", timeout=20_000)
    page.screenshot(
        path=artifacts / f"ticket-calm-{request.node.callspec.id}.png", full_page=True
    )
    assert page.evaluate("window.stayedHere") is True
    context.close()


def test_the_history_lines_fold_behind_show_details(new_page, agent_user, artifacts):
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    ticket_change_status(ticket=ticket, new_status=Status.OPEN, actor=agent_user)
    page = new_page()
    sign_in(page, agent_user)
    page.goto(f"/agent/tickets/{ticket.pk}/")
    assert page.is_hidden("li.event")
    assert page.is_visible("li.message")
    toggle = page.locator("[data-details-toggle]")
    assert toggle.text_content().startswith("Show details (")
    toggle.click()
    assert page.is_visible("li.event >> nth=0")
    assert toggle.get_attribute("aria-expanded") == "true"
    page.screenshot(path=artifacts / "ticket-details-shown.png")
