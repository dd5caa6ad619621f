"""Issue 26, item 8, in Chromium: a form sent back with a mistake marks the
field red, says "Error:" in the title, keeps the file chosen, and states
the limits under the file field. At desktop and phone size."""

import pytest

from tickets.models import Attachment

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_the_form_marks_the_mistake_and_keeps_the_file(
    browser, live_server, artifacts, tmp_path, size, request
):
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto("/tickets/new/")
    assert "Up to" in page.text_content(".field:has(input[type=file]) .help")
    shot = tmp_path / "screen.png"
    shot.write_bytes(b"\x89PNG\r\n\x1a\n picture")
    page.fill("input[name=name]", "Grace Hopper")
    page.fill("input[name=email]", "grace@example")  # no dot: refused
    page.fill("input[name=subject]", "Cannot log in")
    page.fill("textarea[name=message]", "Invalid session at every login.")
    page.set_input_files("input[type=file]", str(shot))
    page.click("button[type=submit]:has-text('Send')")
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Error: ")
    email = page.locator("input[name=email]")
    assert (
        email.evaluate("e => getComputedStyle(e).borderTopColor") == "rgb(180, 35, 24)"
    )
    assert email.evaluate("e => e === document.activeElement")
    assert "screen.png" in page.text_content(".held-files")
    name = request.node.callspec.id
    page.screenshot(path=artifacts / f"form-error-{name}.png", full_page=True)
    page.fill("input[name=email]", "grace@example.com")
    page.click("button[type=submit]:has-text('Send')")
    page.wait_for_url("**/submitted/")
    assert Attachment.objects.get().filename == "screen.png"
    context.close()
