"""Issue 28, files from agents, in Chromium: an agent pastes a screenshot
into the reply and drops a file on the composer; the customer's email
carries both as parts, and their ticket page lists both."""

import base64

import pytest
from django.core import mail

from tests.e2e.conftest import compose, part_names, sign_in
from tickets.models import Attachment
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

# A 1x1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def test_a_pasted_screenshot_and_a_dropped_file_reach_the_customer(
    new_page, agent_user, artifacts
):
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Export", message="x"
    )
    mail.outbox.clear()
    agent = new_page()
    sign_in(agent, agent_user)
    agent.goto(f"/agent/tickets/{ticket.pk}/")
    compose(agent, "Here is what I see, and the log.")
    agent.evaluate(
        """([png]) => {
          const bytes = Uint8Array.from(atob(png), c => c.charCodeAt(0));
          const pasted = new DataTransfer();
          pasted.items.add(new File([bytes], "image.png", {type: "image/png"}));
          document.querySelector("#composer trix-editor").dispatchEvent(
            new ClipboardEvent("paste", {clipboardData: pasted, bubbles: true}));
          const dropped = new DataTransfer();
          dropped.items.add(
            new File(["line 1\\n"], "export.log", {type: "text/plain"}));
          document.getElementById("composer").dispatchEvent(new DragEvent(
            "drop", {dataTransfer: dropped, bubbles: true, cancelable: true}));
        }""",
        [base64.b64encode(PNG).decode()],
    )
    # The editor hands a pasted picture over when it has taken it in.
    agent.wait_for_function(
        "() => document.querySelector('#composer [role=status]').textContent"
        ".includes('picture-')"
    )
    status = agent.text_content("#composer [role=status]")
    assert "export.log" in status
    assert "picture-" in status
    agent.screenshot(path=artifacts / "agent-files-composer.png", full_page=True)
    agent.click("[data-send]")
    agent.wait_for_selector("text=Reply sent to the customer.")
    names = sorted(Attachment.objects.values_list("filename", flat=True))
    assert names[0] == "export.log"
    assert names[1].startswith("picture-")
    (sent,) = mail.outbox
    assert sorted(part_names(sent)) == names
    customer = new_page()
    customer.goto(ticket.get_absolute_url())
    listed = customer.text_content("main")
    assert "export.log" in listed
    assert names[1] in listed
