"""On a phone (390 px wide), the agents' queue and a ticket fit the screen:
nothing to scroll sideways."""

import pytest

from tests.e2e.conftest import sign_in
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _sideways(page) -> int:
    return int(
        page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        )
    )


def test_queue_and_ticket_fit_a_phone(browser, live_server, agent_user, artifacts):
    ticket = ticket_open(
        name="Grace Hopper",
        email="grace.hopper.with.a.long.address@example.com",
        subject="Exporting the quarterly report fails with an error",
        message="https://example.com/" + "a-very-long-path-segment/" * 8,
    )
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    sign_in(page, agent_user)
    page.screenshot(path=artifacts / "phone-queue.png", full_page=True)
    assert _sideways(page) <= 0
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.wait_for_selector(".customer-card", state="attached")  # the card came
    assert not page.is_visible("#prop-status")  # the side panel starts folded
    page.click("summary >> text=Customer, properties and service level")
    assert page.is_visible("#prop-status")
    page.screenshot(path=artifacts / "phone-ticket.png", full_page=True)
    assert _sideways(page) <= 0
    context.close()
