"""The round trip in a real browser: a customer asks, an agent answers with a
canned response and waits, the customer replies on their ticket page, and
the ticket is back at the top of the agent's queue."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import sign_in
from tickets.models import CannedResponse, Status, Ticket
from tickets.services.assignment import ticket_assign
from tickets.services.lifecycle import reply_post, ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_agent_answers_and_the_customer_replies(new_page, agent_user, artifacts):
    # Another ticket of Sam's, answered already: it owes nothing right now.
    other = ticket_open(
        name="Alan Turing",
        email="alan@example.com",
        subject="Export is empty",
        message="Hi",
    )
    ticket_assign(ticket=other, assignee=agent_user, actor=agent_user)
    reply_post(ticket=other, author=agent_user, body="Looking into it.")
    CannedResponse.objects.create(
        title="Need more details",
        body="Hello {{ customer_first_name }}, "
        "could you send a screenshot of {{ reference }}?",
    )

    customer = new_page()
    customer.goto("/tickets/new/")
    customer.fill("input[name=name]", "Grace Hopper")
    customer.fill("input[name=email]", "grace@example.com")
    customer.fill("input[name=subject]", "Cannot log in since this morning")
    customer.fill("textarea[name=message]", "I get an error. What should I do?")
    customer.click("button[type=submit]")
    customer.wait_for_url("**/submitted/")
    ticket = Ticket.objects.get(customer__email="grace@example.com")
    assert ticket.reference in customer.text_content("main")
    customer.screenshot(path=artifacts / "1-customer-confirmation.png", full_page=True)

    agent = new_page()
    sign_in(agent, agent_user)
    first_row = agent.locator("tr[data-ticket-url]").first
    assert ticket.reference in first_row.text_content()
    agent.screenshot(path=artifacts / "2-agent-queue.png", full_page=True)
    first_row.locator("a.ticket-link").click()
    agent.wait_for_url(f"**/agent/tickets/{ticket.pk}/")
    agent.click("[data-claim]")
    agent.wait_for_selector("text=Assigned to Sam Agent.")
    agent.select_option("#canned-select", label="Need more details")
    body = agent.locator("textarea[name=body]")
    assert body.input_value() == (
        f"Hello Grace, could you send a screenshot of {ticket.reference}?"
    )
    assert body.get_attribute("spellcheck") == "true"
    agent.check("input.question")
    agent.select_option("select[name=new_status]", "waiting")
    agent.screenshot(path=artifacts / "3-agent-composer.png", full_page=True)
    agent.click("[data-send]")
    agent.wait_for_selector("text=Reply sent to the customer.")

    ticket.refresh_from_db()
    assert ticket.status == Status.WAITING
    assert ticket.assignee == agent_user
    reply = next(
        m for m in mail.outbox if m.subject.startswith(f"[{ticket.reference}] Re:")
    )
    assert reply.to == ["Grace Hopper <grace@example.com>"]
    assert "could you send a screenshot" in reply.body
    link = re.search(r"https?://\S+/t/[\w-]+/", reply.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    customer.goto("/" + path)
    assert "Waiting on customer" in customer.text_content(".ticket-header")
    customer.fill("textarea[name=message]", "Here it is: error 0x42.")
    customer.click("#reply button[type=submit]")
    customer.wait_for_selector("text=Thank you: your message is on the ticket.")
    assert "Open" in customer.text_content(".ticket-header")
    customer.screenshot(path=artifacts / "4-customer-replied.png", full_page=True)

    agent.goto("/agent/?view=mine")
    rows = agent.locator("tr[data-ticket-url]")
    assert rows.count() == 2
    assert ticket.reference in rows.first.text_content()
    assert "Open" in rows.first.text_content()
    agent.screenshot(path=artifacts / "5-back-on-top.png", full_page=True)
