"""Issue 26, item 10, in Chromium: an admin goes from the workspace to the
settings and back, reads and writes service-level targets in business time,
and asks which policy applies to a ticket. At desktop and phone size; axe
checks the pages the product shaped."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from tests.e2e.conftest import PASSWORD
from tests.factories import UserFactory
from tickets.models import SLAPolicy, SLATarget
from tickets.services.lifecycle import ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "phone"])
def test_an_admin_sets_targets_in_business_time(
    browser, live_server, artifacts, size, request
):
    admin = UserFactory(
        username="alex", is_staff=True, is_superuser=True, first_name="Alex"
    )
    # A policy of the test's own, first in order (the migration's may be gone
    # after an earlier transactional test on SQLite).
    standard = SLAPolicy.objects.create(name="Office", order=1)
    for priority in ("low", "normal", "high", "urgent"):
        SLATarget.objects.create(
            policy=standard,
            priority=priority,
            first_response_minutes=480,
            next_response_minutes=240,
            resolution_minutes=2400,
        )
    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    name = request.node.callspec.id
    width, height = size
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": width, "height": height}
    )
    page = context.new_page()
    page.goto("/agent/login/")
    page.fill("input[name=username]", admin.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url("**/agent/")
    page.click("header nav >> text=Settings")
    page.wait_for_url("**/admin/")
    assert page.locator("text=Sign-in attempts").count() >= 1
    page.goto(f"/admin/tickets/slapolicy/{standard.pk}/change/")
    first = page.locator("input[name$=first_response_minutes]").first
    assert "business day" in first.input_value() or " h" in first.input_value()
    page.screenshot(path=artifacts / f"admin-policy-{name}.png", full_page=True)
    violations = [
        f"{v['id']} ({v['impact']}) at {[n['target'] for n in v['nodes'][:3]]}"
        for v in Axe().run(page).response["violations"]
        if v["id"] not in DJANGO_ADMIN_OWN
    ]
    (artifacts / f"admin-axe-{name}.txt").write_text("\n".join(violations))
    assert violations == []
    first.fill("2 h")
    page.click("input[name=_save]")
    page.wait_for_url("**/admin/tickets/slapolicy/")
    page.fill("input[name=applies_to]", ticket.reference)
    page.click("input[value=Show]")
    page.wait_for_selector("text=“Office” applies")
    page.screenshot(path=artifacts / f"admin-applies-{name}.png", full_page=True)
    page.click("text=Back to the workspace")
    page.wait_for_url("**/agent/")
    context.close()


# What axe finds in Django's own admin widgets, not in what we shaped: the
# "filter horizontal" pickers' help icon carries a title on a span.
DJANGO_ADMIN_OWN = {"aria-prohibited-attr"}
