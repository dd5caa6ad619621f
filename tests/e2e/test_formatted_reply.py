"""Issue 28, formatted replies, in Chromium: an agent formats a list with
the editor's toolbar and pastes a screenshot; the customer's page and the
email (its HTML and its text) show both. The browser's draft keeps the
formatting through a reload."""

import base64
import re

import pytest
from django.core import mail

from tests.e2e.conftest import part_names, sign_in
from tickets.models import Message
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A 2x2 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAIAAAACCAIAAAD91JpzAAAAEElEQVR4nGP4z8AARAwQCgAf7gP9i18U"
    "1AAAAABJRU5ErkJggg=="
)
PASTE = """([png]) => {
  const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
  const pasted = new DataTransfer();
  pasted.items.add(new File([bytes], "image.png", {type: "image/png"}));
  document.querySelector("#composer trix-editor").dispatchEvent(
    new ClipboardEvent("paste", {clipboardData: pasted, bubbles: true}));
}"""


def _items(part) -> list[str]:
    """A list's items as read (the editor keeps a space as a no-break one)."""
    return [t.replace("\xa0", " ") for t in part.locator("li").all_text_contents()]


def _write_a_list(agent) -> None:
    agent.click("#composer trix-editor")
    agent.keyboard.type("Please try these steps:")
    agent.keyboard.press("Enter")
    agent.click("#composer trix-toolbar [data-trix-attribute=bullet]")
    agent.keyboard.type("Restart the app")
    agent.keyboard.press("Enter")
    agent.keyboard.type("Sign in ")
    agent.click("#composer trix-toolbar [data-trix-attribute=bold]")
    agent.keyboard.type("again")


def test_a_pasted_screenshot_and_a_list_reach_the_customer_formatted(
    new_page, agent_user, artifacts
):
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Sign-in", message="x"
    )
    mail.outbox.clear()
    agent = new_page()
    sign_in(agent, agent_user)
    agent.goto(f"/agent/tickets/{ticket.pk}/")
    _write_a_list(agent)
    agent.click("#composer trix-toolbar [data-trix-attribute=bold]")
    agent.keyboard.press("Enter")
    agent.keyboard.press("Enter")  # out of the list
    agent.evaluate(PASTE, [base64.b64encode(PNG).decode()])
    agent.wait_for_selector("#composer trix-editor figure img")
    agent.wait_for_function(  # and the picture joined the reply's files
        "() => document.querySelector('#composer [role=status]').textContent"
        ".includes('picture-')"
    )
    agent.screenshot(path=artifacts / "formatted-composer.png", full_page=True)
    agent.click("[data-send]")
    agent.wait_for_selector("text=Reply sent to the customer.")

    reply = Message.objects.get(kind=Message.Kind.REPLY)
    (picture,) = reply.attachments.all()
    assert picture.content_id == picture.filename
    assert "<li>Restart the app</li>" in reply.body_html
    assert "<strong>again</strong>" in reply.body_html
    (sent,) = mail.outbox
    html = sent.alternatives[0][0]
    assert re.search(r"<ul>\s*<li>Restart the app</li>", html)
    assert f'src="cid:{picture.content_id}"' in html
    assert part_names(sent) == [picture.filename]
    (inline,) = [p for p in sent.attachments if hasattr(p, "get")]
    assert inline["Content-ID"] == f"<{picture.content_id}>"
    text = sent.body
    assert "* Restart the app" in text
    assert "* Sign in again" in text
    assert f"[{picture.filename}]" in text

    customer = new_page()
    customer.goto(ticket.get_absolute_url())
    body = customer.locator(".message .formatted").last
    assert _items(body) == ["Restart the app", "Sign in again"]
    assert body.locator("strong").text_content() == "again"
    shown = body.locator("img")
    assert (
        customer.evaluate(
            "(img) => img.complete && img.naturalWidth", shown.element_handle()
        )
        == 2
    )
    customer.screenshot(path=artifacts / "formatted-customer.png", full_page=True)

    agent.goto(f"/agent/tickets/{ticket.pk}/")
    timeline = agent.locator(".timeline .formatted").last
    assert timeline.locator("li").count() == 2
    assert (
        agent.evaluate(
            "(img) => img.complete && img.naturalWidth",
            timeline.locator("img").element_handle(),
        )
        == 2
    )


def test_the_draft_keeps_the_formatting_through_a_reload(new_page, agent_user):
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Sign-in", message="x"
    )
    agent = new_page()
    sign_in(agent, agent_user)
    agent.goto(f"/agent/tickets/{ticket.pk}/")
    _write_a_list(agent)
    agent.reload()
    agent.wait_for_selector(".draft-restored")
    editor = agent.locator("#composer trix-editor")
    assert _items(editor) == ["Restart the app", "Sign in again"]
    assert editor.locator("strong").text_content() == "again"
    agent.click("[data-send]")
    agent.wait_for_selector("text=Reply sent to the customer.")
    assert "<li>Restart the app</li>" in Message.objects.get(kind="reply").body_html
    # Sent: the draft is done, and the composer is empty again.
    agent.reload()
    assert agent.locator("#composer trix-editor li").count() == 0
    assert agent.locator(".draft-restored").count() == 0
