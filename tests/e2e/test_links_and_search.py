"""Issue 26, items 4 and 7, in Chromium at desktop and phone size: a help
article goes into a reply as a titled link on its own line at the cursor,
and links in the conversation are live; the help centre forgives a typo,
counts its results, and a search that finds nothing leads on to topics and
popular articles."""

import pytest

from kb import services as kb_services
from kb.models import Article, Category
from tests.e2e.conftest import compose, composed, sign_in
from tickets.services.lifecycle import customer_message_post, ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]
SIZES = pytest.mark.parametrize(
    "size", [(1280, 900), (390, 844)], ids=["desktop", "phone"]
)


def _context(browser, live_server, size):
    width, height = size
    return browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )


def _article(title, **fields):
    return kb_services.article_save(
        article=None,
        title=title,
        body=fields.pop("body", "Choose *Forgot your password?* on the sign-in page."),
        status=Article.Status.PUBLISHED,
        **fields,
    )


@SIZES
def test_an_article_goes_in_on_its_own_line_and_links_are_live(
    browser, live_server, agent_user, artifacts, size, request
):
    article = _article("Reset your password")
    ticket = ticket_open(
        name="Ada Lovelace",
        email="ada@example.com",
        subject="Reset password",
        message="x",
    )
    customer_message_post(ticket=ticket, body="See https://example.com/error for it.")
    context = _context(browser, live_server, size)
    page = context.new_page()
    sign_in(page, agent_user)
    page.goto(f"/agent/tickets/{ticket.pk}/")
    link = page.locator("li.message a[href='https://example.com/error']")
    assert link.get_attribute("rel") == "noopener nofollow"
    compose(page, "Hello Ada,\nThis explains it.\nSam")
    page.evaluate(
        "const e = document.querySelector('#composer trix-editor').editor;"
        "const at = e.getDocument().toString().indexOf('\\nSam');"
        "e.setSelectedRange([at, at]);"
    )
    page.click(f"[data-insert]:has-text('{article.title}')")
    assert composed(page) == (
        f"Hello Ada,\nThis explains it.\nReset your password: {article.public_url}\nSam"
    )
    inserted = page.locator(f"#composer trix-editor a[href='{article.public_url}']")
    assert inserted.text_content() == article.public_url
    page.screenshot(path=artifacts / f"article-inserted-{request.node.callspec.id}.png")
    context.close()


@SIZES
def test_the_help_centre_forgives_a_typo_and_never_dead_ends(
    browser, live_server, artifacts, size, request
):
    topic = Category.objects.create(name="Account and sign-in", slug="account")
    _article("Reset your password", category=topic)
    _article("Download your invoices", body="Every invoice as a PDF.")
    context = _context(browser, live_server, size)
    page = context.new_page()
    page.goto("/kb/search/?q=pasword")
    assert "1 article matches" in page.text_content(".result-count")
    assert page.locator("ol.hits a").all_text_contents() == ["Reset your password"]
    page.goto("/kb/search/?q=zzyzx")
    assert "No article matches" in page.text_content(".result-count")
    assert page.locator("text=Account and sign-in").count() == 1
    page.screenshot(
        path=artifacts / f"kb-nothing-found-{request.node.callspec.id}.png",
        full_page=True,
    )
    page.click("text=Account and sign-in")
    page.wait_for_url("**/kb/c/account/")
    context.close()
