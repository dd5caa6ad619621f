"""The composer's care checks and the collision notices, in a real browser."""

import pytest
from django.contrib.auth.models import Group

from tests.e2e.conftest import compose
from tests.factories import UserFactory
from tickets.services.lifecycle import customer_message_post, ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _agent(username, first_name):
    user = UserFactory(username=username, first_name=first_name)
    user.groups.add(Group.objects.get_or_create(name="Agents")[0])
    return user


def _signed_in(new_page, user):
    page = new_page()
    page.goto("/agent/login/")
    page.fill("input[name=username]", user.username)
    page.fill("input[name=password]", "correct horse battery staple")
    page.click("button[type=submit]")
    page.wait_for_url("**/agent/")
    return page


@pytest.fixture
def ticket():
    return ticket_open(
        name="Ada",
        email="ada@example.com",
        subject="Invoice",
        message="Can you fix the VAT number? And resend it?",
    )


def test_warnings_before_sending_never_block(new_page, ticket, artifacts):
    page = _signed_in(new_page, _agent("sam", "Sam"))
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.keyboard.press("r")
    page.keyboard.type("I HAVE FIXED THE NUMBER FOR YOU NOW")
    warning = page.locator("#care-warning")
    assert "mostly in capital letters" in warning.text_content()
    page.click("[data-send]")
    assert "2 of the customer's questions are not ticked" in warning.text_content()
    assert ticket.messages.filter(kind="reply").count() == 0
    page.screenshot(path=artifacts / "care-warnings.png", full_page=True)
    page.click("[data-send]")  # "Send anyway"
    page.wait_for_selector("text=Reply sent to the customer.")
    assert ticket.messages.filter(kind="reply").count() == 1


def test_the_n_key_starts_an_internal_note(new_page, ticket):
    page = _signed_in(new_page, _agent("sam", "Sam"))
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.keyboard.press("n")
    assert page.locator("input[name=kind][value=note]").is_checked()
    page.wait_for_function("() => document.activeElement.tagName === 'TRIX-EDITOR'")


def test_agents_see_each_other_and_a_new_customer_message(new_page, ticket):
    sam = _signed_in(new_page, _agent("sam", "Sam"))
    kim = _signed_in(new_page, _agent("kim", "Kim"))
    sam.goto(f"/agent/tickets/{ticket.pk}/")
    kim.goto(f"/agent/tickets/{ticket.pk}/")
    compose(kim, "Working on it")
    kim.locator("#composer trix-editor").press("Space")
    sam.wait_for_selector("text=Kim is typing a reply", timeout=15_000)
    customer_message_post(ticket=ticket, body="Also my address changed")
    kim.wait_for_selector("#new-message:not([hidden])", timeout=15_000)


@pytest.mark.parametrize("width", [1280, 390], ids=["desktop", "phone"])
def test_resolving_without_any_answer_is_warned_about_once(
    new_page, ticket, artifacts, width
):
    """Issue 26, item 2: the main way to resolve, warned when the customer
    never had an answer (the emails' rating links: test_rating_links)."""
    page = _signed_in(new_page, _agent("sam", "Sam"))
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(f"/agent/tickets/{ticket.pk}/")
    page.keyboard.press("n")
    page.keyboard.type("Fixed in the billing system.")
    page.select_option("select[name=new_status]", "resolved")
    page.click("[data-send]")
    warning = page.locator("#care-warning")
    assert "has had no answer on this ticket yet" in warning.text_content()
    page.screenshot(path=artifacts / f"resolve-warning-{width}.png")
    ticket.refresh_from_db()
    assert ticket.status == "new"
    page.click("[data-send]")  # "Send anyway"
    page.wait_for_load_state()
    page.wait_for_selector(".flash", timeout=10_000)
    ticket.refresh_from_db()
    assert ticket.status == "resolved"
