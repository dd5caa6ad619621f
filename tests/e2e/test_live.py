"""Live without reloading: an open queue shows a new ticket, and an open
ticket shows the customer's new message, without the agent reloading."""

import pytest

from tests.e2e.conftest import compose, composed, sign_in
from tickets.services.lifecycle import (
    customer_message_post,
    ticket_close_by_customer,
    ticket_open,
)

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_queue_and_ticket_update_in_place(new_page, agent_user, settings):
    settings.HELPDESK_LIVE_POLL_SECONDS = 1
    first = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    page = new_page()
    sign_in(page, agent_user)
    page.evaluate("window.stayedHere = true")  # gone if the page reloads
    ticket_open(
        name="Grace Hopper",
        email="grace@example.com",
        subject="Checkout fails since noon",
        message="x",
    )
    page.wait_for_selector("text=Checkout fails since noon", timeout=20_000)
    assert page.evaluate("window.stayedHere") is True
    assert "2" in page.text_content("nav.views a[data-view=open] .count")

    page.goto(f"/agent/tickets/{first.pk}/")
    compose(page, "Half-written answer")
    page.evaluate("window.stayedHere = true")
    customer_message_post(ticket=first, body="Any news on this?")
    page.wait_for_selector("text=Any news on this?", timeout=20_000)
    assert page.evaluate("window.stayedHere") is True
    assert composed(page) == "Half-written answer"


def test_the_properties_panel_saves_each_change_without_a_reload(new_page, agent_user):
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    page = new_page()
    sign_in(page, agent_user)
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.evaluate("window.stayedHere = true")
    page.select_option("#prop-priority", "urgent")
    page.wait_for_selector("text=Priority: Urgent.")
    page.select_option("#prop-status", "waiting")
    page.wait_for_selector("text=Status: Waiting on customer. The customer is emailed.")
    page.wait_for_selector(".ticket-head >> text=Waiting on customer")
    # The picker now offers where a waiting ticket may go, from the current.
    offered = page.eval_on_selector_all(
        "#prop-status option", "options => options.map(o => o.value)"
    )
    assert offered == ["waiting", "open", "resolved", "closed"]
    assert page.evaluate("window.stayedHere") is True
    ticket.refresh_from_db()
    assert (ticket.priority, ticket.status) == ("urgent", "waiting")


def test_a_closed_ticket_is_found_by_reference_and_by_email(new_page, agent_user):
    closed = ticket_open(
        name="Barbara Liskov",
        email="barbara@example.com",
        subject="Change our payment method",
        message="x",
    )
    ticket_close_by_customer(ticket=closed)
    page = new_page()
    sign_in(page, agent_user)
    assert "Change our payment method" not in page.text_content("table.queue")
    for words in (closed.reference, "barbara@example.com"):
        page.fill("input[name=q]", words)
        page.press("input[name=q]", "Enter")
        row = page.locator("tr[data-ticket-url]").first
        row.wait_for()
        assert "Change our payment method" in row.text_content()
        assert "Closed" in row.text_content()
    # From the customer's name, all their tickets.
    page.goto("/agent/?view=all")
    page.click("a.customer-link >> text=Barbara Liskov")
    page.wait_for_url("**q=barbara%40example.com**")
    assert "Change our payment method" in page.text_content("table.queue")
