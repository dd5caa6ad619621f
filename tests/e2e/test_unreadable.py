"""Issue 26, item 9, in Chromium: from the navigation to an email that
could not be read, its reason and preview, to a ticket made from it."""

import pytest

from tests.agent.test_unreadable_mail import RAW
from tests.e2e.conftest import sign_in
from tickets.models import InboundMail, Ticket

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_an_agent_turns_unreadable_mail_into_a_ticket(
    browser, live_server, agent_user, artifacts, size, request
):
    InboundMail.objects.create(
        key="k",
        raw=RAW,
        source="imap",
        state=InboundMail.State.UNREADABLE,
        sender="ada@example.com",
        subject="Invoice",
        error="UnicodeDecodeError: 'utf-8' codec can't decode byte 0xff",
    )
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    sign_in(page, agent_user)
    page.click("header nav >> text=Email in")
    page.wait_for_url("**/agent/inbound/")
    page.click("td a.button:has-text('Open')")
    page.wait_for_url("**/agent/inbound/*/")
    assert "text encoding is broken" in page.text_content(".warning")
    assert page.input_value("textarea[name=message]").startswith("Hello, my invoice")
    page.screenshot(
        path=artifacts / f"unreadable-{request.node.callspec.id}.png", full_page=True
    )
    page.click("button:has-text('Create ticket')")
    page.wait_for_selector("text=made from the email")
    ticket = Ticket.objects.get()
    assert page.url.endswith(f"/agent/tickets/{ticket.pk}/")
    page.goto("/agent/")
    assert page.locator("text=could not be read").count() == 0
    context.close()
