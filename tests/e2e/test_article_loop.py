"""Issue 26, item 11, in Chromium: the editor shows the article as customers
will read it beside the text, as it is typed; a reply is turned into a
draft article only after a look at what the customer's details became."""

import pytest

from kb.models import Article
from tests.e2e.conftest import sign_in
from tickets.services.lifecycle import reply_post, ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_editor_previews_as_typed(
    browser, live_server, agent_user, artifacts, size, request
):
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    sign_in(page, agent_user)
    page.goto("/agent/kb/new/")
    page.fill("input[name=title]", "Export to CSV")
    page.fill("textarea[name=body]", "Choose **Export**, then:\n\n- CSV\n- PDF")
    page.wait_for_selector("[data-preview] strong:has-text('Export')")
    assert page.locator("[data-preview] li").count() == 2
    assert page.is_hidden("[data-preview-button]")  # scripts preview as typed
    if width > 600:  # side by side
        form = page.locator("form[data-preview-url]").bounding_box()
        shown = page.locator(".kb-preview").bounding_box()
        assert shown["x"] > form["x"] + form["width"] - 1
    page.screenshot(
        path=artifacts / f"kb-editor-{request.node.callspec.id}.png", full_page=True
    )
    context.close()


def test_a_reply_becomes_an_article_after_a_look(new_page, agent_user, artifacts):
    ticket = ticket_open(
        name="Ada Lovelace",
        email="ada@example.com",
        subject="Export is empty",
        message="x",
    )
    reply_post(
        ticket=ticket,
        author=agent_user,
        body="Hi Ada,\n\nWiden the date range, then export again.",
    )
    page = new_page()
    sign_in(page, agent_user)
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.click("text=Turn into a help article")
    page.wait_for_selector("text=Taken out, so no customer can be recognised")
    body = page.input_value("textarea[name=body]")
    assert body == "Widen the date range, then export again."
    page.screenshot(path=artifacts / "kb-from-reply.png", full_page=True)
    assert not Article.objects.exists()
    page.click("button:has-text('Create the draft article')")
    page.wait_for_selector("text=Draft article created")
    assert Article.objects.get().status == "draft"
