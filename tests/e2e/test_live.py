"""Live without reloading: an open queue shows a new ticket, and an open
ticket shows the customer's new message, without the agent reloading."""

import pytest

from tests.e2e.conftest import PASSWORD
from tickets import services

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_queue_and_ticket_update_in_place(new_page, agent_user, settings):
    settings.HELPDESK_LIVE_POLL_SECONDS = 1
    first = services.ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    page = new_page()
    page.goto("/agent/login/")
    page.fill("input[name=username]", agent_user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/agent/")
    page.evaluate("window.stayedHere = true")  # gone if the page reloads
    services.ticket_open(
        name="Grace Hopper",
        email="grace@example.com",
        subject="Checkout fails since noon",
        message="x",
    )
    page.wait_for_selector("text=Checkout fails since noon", timeout=8000)
    assert page.evaluate("window.stayedHere") is True
    assert "2" in page.text_content("nav.views a[data-view=open] .count")

    page.goto(f"/agent/tickets/{first.pk}/")
    page.fill("textarea[name=body]", "Half-written answer")
    page.evaluate("window.stayedHere = true")
    services.customer_message_post(ticket=first, body="Any news on this?")
    page.wait_for_selector("text=Any news on this?", timeout=8000)
    assert page.evaluate("window.stayedHere") is True
    assert page.input_value("textarea[name=body]") == "Half-written answer"


def test_the_properties_panel_saves_each_change_without_a_reload(new_page, agent_user):
    ticket = services.ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    page = new_page()
    page.goto("/agent/login/")
    page.fill("input[name=username]", agent_user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/agent/")
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.evaluate("window.stayedHere = true")
    page.select_option("#prop-priority", "urgent")
    page.wait_for_selector("text=Priority: Urgent.")
    page.select_option("#prop-status", "waiting")
    page.wait_for_selector("text=Status: Waiting on customer. The customer is emailed.")
    page.wait_for_selector(".ticket-head >> text=Waiting on customer")
    assert page.evaluate("window.stayedHere") is True
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.status) == ("urgent", "waiting")
