"""While a customer types the subject, matching help articles appear under it."""

import pytest

from kb import services
from kb.models import SuggestionOpen

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_suggestions_appear_as_the_customer_types(new_page, artifacts):
    services.article_save(
        article=None,
        title="Reset your password",
        summary="Two minutes.",
        body="Use the link on the sign-in page.",
        status="published",
    )
    page = new_page()
    page.goto("/tickets/new/")
    suggestions = page.locator("#suggestions")
    assert suggestions.is_hidden()
    page.locator("input[name=subject]").press_sequentially(
        "I forgot my passw", delay=40
    )
    page.locator("input[name=subject]").press_sequentially("ord", delay=40)
    page.wait_for_selector("#suggestions a")
    assert "Reset your password" in suggestions.text_content()
    assert "Two minutes." in suggestions.text_content()
    page.screenshot(path=artifacts / "kb-suggestions.png", full_page=True)
    with page.context.expect_page() as opened:
        page.click("#suggestions a")
    article = opened.value
    article.wait_for_load_state()
    assert "Use the link on the sign-in page." in article.text_content("main")
    assert SuggestionOpen.objects.count() == 1
    page.locator("input[name=subject]").fill("zz")
    page.wait_for_selector("#suggestions", state="hidden")
