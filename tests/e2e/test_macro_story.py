"""Issue 29: an agent applies the "Refund" macro in the composer: its reply
appears in the editor to be changed, what else it will do is said above
it, and one click sends the reply and does the rest."""

import pytest
from django.contrib.auth.models import Group

from tests.factories import UserFactory
from tickets.models import Macro, MacroAction
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_agent_reads_changes_and_sends_a_macro(new_page, artifacts):
    sam = UserFactory(username="sam", first_name="Sam")
    sam.groups.add(Group.objects.get_or_create(name="Agents")[0])
    refund = Macro.objects.create(
        name="Refund",
        reply="Hello {{ customer_first_name }}, your refund is on its way.",
    )
    MacroAction.objects.create(macro=refund, action="set_status", value="waiting")
    MacroAction.objects.create(
        macro=refund, action="add_tags", value="refund-requested"
    )
    ticket = ticket_open(
        name="Ada Lovelace",
        email="ada@example.com",
        subject="Charged twice",
        message="x",
    )
    page = new_page()
    page.goto("/agent/login/")
    page.fill("input[name=username]", "sam")
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("button[type=submit]")
    page.wait_for_url("**/agent/")
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.select_option("#macro-select", label="Refund")
    summary = page.locator("#macro-summary")
    summary.wait_for(state="visible")
    assert "will also: set the status to Waiting on customer" in summary.inner_text()
    editor = page.locator("#composer trix-editor")
    page.wait_for_function(
        "() => document.querySelector('#composer trix-editor')"
        ".textContent.includes('your refund is on its way')"
    )
    assert "Hello Ada," in editor.inner_text()
    editor.press("End")
    page.keyboard.type(" It takes three days.")
    page.screenshot(path=artifacts / "macro-in-composer.png", full_page=True)
    page.click("[data-send]")
    page.wait_for_selector("text=Macro “Refund”: added tags, set the status.")
    ticket.refresh_from_db()
    assert ticket.status == "waiting"
    assert [t.name for t in ticket.tags.all()] == ["refund-requested"]
    (reply,) = ticket.messages.filter(kind="reply")
    assert reply.body.startswith("Hello Ada, your refund is on its way.")
    assert reply.body.rstrip().endswith("It takes three days.")
