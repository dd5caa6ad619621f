"""Issue 27's story in Chromium: a customer opens two tickets about one
problem; the agent sees the duplicate hint on the second, previews the
merge and confirms it; the customer gets one email, and a reply to either
old thread lands on the surviving ticket. Then the agent tags it, sets a
field and links it to another, all on the ticket page. Desktop and phone."""

import re

import pytest
from django.core import mail

from notifications.models import Notification
from tests.e2e.conftest import sign_in
from tests.tickets.services.test_intake import email
from tickets.models import CustomField, Status, Ticket
from tickets.services.intake import inbound_receive

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _open(page, subject, message):
    page.goto("/tickets/new/")
    page.fill("input[name=name]", "Grace Hopper")
    page.fill("input[name=email]", "grace@example.com")
    page.fill("input[name=subject]", subject)
    page.fill("textarea[name=message]", message)
    page.click("button[type=submit]")
    page.wait_for_url("**/submitted/")
    return Ticket.objects.get(subject=subject)


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_two_requests_become_one(browser, live_server, agent_user, artifacts, size):
    CustomField.objects.create(
        key="plan", label="Plan", kind="choice", choices="Free\nPro"
    )
    width, height = size
    name = "desktop" if width > 600 else "phone"
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    context.set_default_timeout(10_000)
    customer = context.new_page()
    first = _open(customer, "Invoice shows the wrong VAT number", "It is the old one.")
    second = _open(customer, "Wrong VAT number on my invoice", "Please fix it soon.")
    acknowledgements = {
        t.pk: Notification.objects.get(ticket=t, kind="acknowledgement")
        for t in (first, second)
    }
    mail.outbox.clear()

    agent_context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    agent_context.set_default_timeout(10_000)
    agent = agent_context.new_page()
    sign_in(agent, agent_user)
    agent.goto(f"/agent/tickets/{second.pk}/")
    hint = agent.locator(".duplicate-hint")
    assert first.reference in hint.text_content()
    agent.screenshot(path=artifacts / f"merge-hint-{name}.png", full_page=True)
    hint.locator("a.button").click()
    agent.wait_for_url("**/agent/merge/**")
    assert "Into " in agent.text_content("main")
    agent.screenshot(path=artifacts / f"merge-preview-{name}.png", full_page=True)
    agent.click("button[name=confirm]")
    agent.wait_for_url(f"**/agent/tickets/{first.pk}/")
    assert f"Merged 1 ticket into {first.reference}" in agent.text_content("main")

    second.refresh_from_db()
    assert (second.status, second.merged_into_id) == (Status.CLOSED, first.pk)
    (told,) = mail.outbox
    assert told.to == ["Grace Hopper <grace@example.com>"]
    assert f"Your requests {second.reference} were about the same thing" in told.body
    # A reply to either old thread lands on the survivor.
    for ticket in (first, second):
        ack = acknowledgements[ticket.pk]
        outcome = inbound_receive(
            raw=email(
                sender="Grace Hopper <grace@example.com>",
                subject=f"Re: [{ticket.reference}] We received your request",
                body=f"More about {ticket.reference}.",
                headers={"In-Reply-To": ack.message_id},
            )
        )
        assert outcome.ticket == first
    # The customer's old link shows the survivor.
    link = re.search(r"/t/[\w-]+/", second.get_absolute_url()).group(0)
    customer.goto(link)
    customer.wait_for_url(f"**{first.get_absolute_url()}")
    assert "Please fix it soon." in customer.text_content("main")

    # Tag, field and link on the surviving ticket's page.
    agent.reload()
    if not agent.is_visible("#tag-add"):  # folded on a phone
        agent.click("details.side-panel > summary")
    agent.fill("#tag-add", "vat, billing")
    agent.locator("#panel-tags button[type=submit]").last.click()
    agent.wait_for_selector("#panel-tags .tag:has-text('billing')")
    if not agent.is_visible("#panel-fields summary"):
        agent.click("details.side-panel > summary")
    agent.click("#panel-fields summary")  # the form is fetched as it opens
    agent.select_option("select[name=field_plan]", "Pro")
    agent.click("#panel-fields button[type=submit]")
    agent.wait_for_selector("text=1 field saved.")
    assert "Pro" in agent.text_content("#panel-fields dl")
    assert sorted(first.tags.values_list("name", flat=True)) == ["billing", "vat"]
    agent.screenshot(path=artifacts / f"merge-organised-{name}.png", full_page=True)
    context.close()
    agent_context.close()
