"""Issue 26, item 1, in Chromium: the bell counts a bad rating while the
agent looks at the queue (no reload), lists it, and opening the ticket reads
it; the agent follows the ticket from its page. At desktop and phone size."""

import pytest

from tests.e2e.conftest import sign_in
from tickets.models import Rating
from tickets.services.assignment import ticket_assign
from tickets.services.lifecycle import ticket_open
from tickets.services.satisfaction import rating_record

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_bell_rings_lists_and_clears(
    browser, live_server, agent_user, settings, artifacts, size
):
    settings.HELPDESK_LIVE_POLL_SECONDS = 1
    agent_user.email = ""  # no address: the workspace still tells them
    agent_user.save()
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    ticket_assign(ticket=ticket, assignee=agent_user, actor=agent_user)
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    sign_in(page, agent_user)
    # The new ticket in their queue is waiting already.
    assert page.text_content("[data-bell-count]").startswith("1")
    page.evaluate("window.stayedHere = true")
    rating_record(ticket=ticket, score=Rating.Score.BAD, comment="Too slow")
    page.wait_for_selector("[data-bell-count]:has-text('2')", timeout=20_000)
    assert page.evaluate("window.stayedHere") is True
    name = "desktop" if width > 600 else "phone"
    page.screenshot(path=artifacts / f"bell-rings-{name}.png")
    page.click("[data-bell]")
    page.wait_for_url("**/agent/notifications/")
    row = page.locator(".alerts .alert.unread").first
    assert "Bad rating" in row.text_content()
    assert "New ticket in your queue" in page.text_content(".alerts")
    page.screenshot(path=artifacts / f"bell-list-{name}.png", full_page=True)
    row.locator("a").click()
    page.wait_for_url(f"**/agent/tickets/{ticket.pk}/")
    assert page.is_hidden("[data-bell-count]")
    # Following from the ticket page.
    page.click("button[name=follow][value='1']")
    page.wait_for_selector(f"text=You follow {ticket.reference}")
    page.click("button[name=follow][value='0']")
    page.wait_for_selector(f"text=You no longer follow {ticket.reference}")
    context.close()
