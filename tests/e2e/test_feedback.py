"""A form sent back with mistakes says so at the top, links each field, and
puts the keyboard in the first field that needs attention."""

import pytest

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_the_first_invalid_field_gets_the_focus(new_page):
    page = new_page()
    page.goto("/tickets/new/")
    page.fill("input[name=name]", "Ada Lovelace")
    page.fill("input[name=email]", "not-an-email")
    page.fill("textarea[name=message]", "My words stay.")
    page.click("button[type=submit]")
    page.wait_for_selector("[data-error-summary]")
    summary = page.text_content("[data-error-summary]")
    assert "Your email: This does not look like an email address" in summary
    assert "Subject: Please sum up your request in a few words." in summary
    assert page.evaluate("document.activeElement.name") == "email"
    assert page.input_value("textarea[name=message]") == "My words stay."
