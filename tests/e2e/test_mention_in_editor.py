"""Issue 28, mentions in the composer's editor: typing @ and the start of a
name in an internal note offers the agents who match; Enter writes the
chosen one, and the note mentions them."""

import pytest
from django.contrib.auth.models import Group

from tests.e2e.conftest import composed, sign_in
from tests.factories import UserFactory
from tickets.models import Mention
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_an_agent_is_mentioned_from_the_editor(new_page, agent_user):
    kim = UserFactory(username="kim", first_name="Kim", last_name="Kollege")
    kim.groups.add(Group.objects.get_or_create(name="Agents")[0])
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Refund", message="x"
    )
    page = new_page()
    sign_in(page, agent_user)
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.keyboard.press("n")
    page.wait_for_function("() => document.activeElement.tagName === 'TRIX-EDITOR'")
    page.keyboard.type("Could you look, @ki")
    assert composed(page) == "Could you look, @ki"
    page.wait_for_selector(".mention-list li:has-text('@kim')", timeout=20_000)
    page.keyboard.press("Enter")
    page.keyboard.type("thanks")
    assert composed(page) == "Could you look, @kim thanks"
    assert page.locator("#composer trix-editor").text_content().count("\n") == 0
    page.click("[data-send]")
    page.wait_for_selector("text=Note added.")
    (mention,) = Mention.objects.all()
    assert mention.agent == kim
