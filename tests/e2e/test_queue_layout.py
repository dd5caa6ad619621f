"""Issue 26, items 3 and 12, in Chromium: the queue reads well from 1280 px
up (headers and short values on one line, long ones clipped with the whole
on hover, a VIP mark, no queue column with one queue); on a phone the first
ticket is in the first screen, the filters in a drawer; the bulk bar shows
only once something is selected, with a count, and the change can be undone;
a skip link leads past the menu."""

import pytest

from tests.e2e.conftest import sign_in
from tests.factories import QueueFactory
from tickets.models import Customer, Ticket
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

LONG_SUBJECT = (
    "Our quarterly invoice for the Frankfurt subsidiary still shows the "
    "previous VAT number and the wrong billing address after the update"
)


def _tickets() -> list[Ticket]:
    made = [
        ticket_open(
            name="Maximiliane Wolkenstein-Rodenegg",
            email="maximiliane.wolkenstein-rodenegg@finance.example-holdings.de",
            subject=LONG_SUBJECT,
            message="x",
        ),
        ticket_open(name="Bo", email="bo@example.com", subject="Login", message="x"),
    ]
    Customer.objects.filter(email="bo@example.com").update(is_vip=True)
    return made


def _one_line(page, selector: str) -> list[str]:
    """The texts under ``selector`` that wrapped onto a second line."""
    found: list[str] = page.eval_on_selector_all(
        selector,
        """cells => cells.filter(c => {
            const walk = document.createTreeWalker(c, NodeFilter.SHOW_TEXT);
            const tops = new Set();
            for (let n = walk.nextNode(); n; n = walk.nextNode()) {
                const shown = n.parentElement.checkVisibility();
                if (!n.textContent.trim() || !shown) continue;
                const range = document.createRange();
                range.selectNodeContents(n);
                Array.from(range.getClientRects()).filter(r => r.width > 0)
                    .forEach(r => tops.add(Math.round(r.top)));
            }
            return tops.size > 1;
        }).map(c => c.textContent.trim())""",
    )
    return found


@pytest.mark.parametrize("width", [1280, 1366])
def test_the_queue_reads_well_on_a_laptop(
    browser, live_server, agent_user, artifacts, width
):
    _tickets()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": 800}
    )
    page = context.new_page()
    sign_in(page, agent_user)
    page.screenshot(path=artifacts / f"queue-{width}.png")
    fits = "document.querySelector('table.queue').getBoundingClientRect().right"
    assert page.evaluate(fits) <= page.evaluate("document.documentElement.clientWidth")
    assert _one_line(page, "table.queue th") == []
    assert _one_line(page, "table.queue td.fit") == []
    # The long subject is clipped, and whole on hover.
    clipped = page.locator("td.subject .clip").first
    assert clipped.evaluate("e => e.scrollWidth > e.clientWidth")
    assert LONG_SUBJECT in clipped.get_attribute("title")
    assert page.locator("tr.is-vip .vip").count() == 1
    # One queue: no queue column; a second queue brings it.
    assert page.locator("table.queue th", has_text="Queue").count() == 0
    QueueFactory(name="Billing")
    page.reload()
    assert page.locator("table.queue th", has_text="Queue").count() == 1
    context.close()


def test_a_phone_sees_the_first_ticket_at_once_and_filters_in_a_drawer(
    browser, live_server, agent_user, artifacts
):
    _tickets()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    sign_in(page, agent_user)
    page.screenshot(path=artifacts / "queue-phone.png")
    first = page.locator("tr[data-ticket-url]").first.bounding_box()
    assert first["x"] + first["width"] <= 390
    subject = page.locator("td.subject .clip").first.bounding_box()
    assert subject["x"] + subject["width"] <= 390
    assert first["y"] + 60 < 844  # its subject is on the first screen
    assert page.is_hidden("input[name=q]")
    assert page.is_hidden("[data-bulk-bar]")
    page.click(".filter-drawer > summary")
    assert page.is_visible("input[name=q]")
    context.close()


def test_bulk_bar_counts_and_undoes(browser, live_server, agent_user, artifacts):
    made = _tickets()
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}
    )
    page = context.new_page()
    sign_in(page, agent_user)
    assert page.is_hidden("[data-bulk-bar]")
    page.check(f"input[name=tickets][value='{made[0].pk}']")
    page.check(f"input[name=tickets][value='{made[1].pk}']")
    assert page.text_content("[data-selected-count]") == "2 selected:"
    page.screenshot(path=artifacts / "queue-bulk-selected.png")
    page.select_option("select[name=change]", "priority:high")
    page.click("text=Apply to selected")
    page.wait_for_selector("text=Changed 2 tickets.")
    assert set(Ticket.objects.values_list("priority", flat=True)) == {"high"}
    page.click("text=Undo the last change (2 tickets)")
    page.wait_for_selector("text=Undone for 2 tickets.")
    assert set(Ticket.objects.values_list("priority", flat=True)) == {"normal"}
    assert page.locator(".undo-bar").count() == 0
    context.close()


def test_the_skip_link_leads_past_the_menu(browser, live_server, agent_user):
    context = browser.new_context(base_url=live_server.url)
    page = context.new_page()
    sign_in(page, agent_user)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    assert page.is_visible(".skip-link")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "content"
    context.close()
