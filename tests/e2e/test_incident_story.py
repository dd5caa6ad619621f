"""The care loop in a real browser (P7, P9): three customers report the same
outage, the queue suggests an incident, the agent declares it and posts an
update that reaches all three, they see the banner, the agent resolves the
incident with its tickets, the follow-up arrives, and one customer rates
"bad" in one click from the email; the assignee is alerted."""

import re

import pytest
from django.core import mail

from tests.e2e.conftest import sign_in
from tickets.models import Incident, Rating, Status, Ticket
from tickets.services.satisfaction import followup_watch

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

REPORTS = [
    ("Grace Hopper", "grace@example.com", "Checkout page is down"),
    ("Alan Turing", "alan@example.com", "checkout is down?"),
    ("Ada Lovelace", "ada@example.com", "The checkout page is down!"),
]


def _emails(kind_subject):
    return sorted(m.to[0] for m in mail.outbox if kind_subject in m.subject)


def _path(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


def test_one_update_reaches_everyone_and_a_bad_rating_is_heard(
    new_page, agent_user, artifacts, settings
):
    settings.HELPDESK_FOLLOWUP_DELAY_MINUTES = 0
    customer = new_page()
    for name, email, subject in REPORTS:
        customer.goto("/tickets/new/")
        customer.fill("input[name=name]", name)
        customer.fill("input[name=email]", email)
        customer.fill("input[name=subject]", subject)
        customer.fill("textarea[name=message]", "I cannot pay for my order.")
        customer.click("button[type=submit]")
        customer.wait_for_url("**/submitted/")

    agent = new_page()
    sign_in(agent, agent_user)
    # Sam takes the three tickets in bulk.
    agent.check("[data-select-all]")
    agent.select_option("select[name=change]", label="Sam Agent")
    agent.click("#bulk .bulk-bar button[type=submit]")
    agent.wait_for_selector("text=Changed 3 tickets.")
    suggestion = agent.locator(".similar")
    assert "3 similar tickets in the last 60 minutes" in suggestion.text_content()
    agent.screenshot(path=artifacts / "incident-1-suggested.png", full_page=True)
    suggestion.locator("button").click()
    agent.wait_for_selector("text=Incident created with 3 tickets linked.")
    incident = Incident.objects.get()
    assert incident.tickets.count() == 3

    # Make it public with words for customers, then tell them.
    side = agent.locator("aside.side")
    side.locator("textarea[name=summary]").fill(
        "Payments fail at checkout for some customers."
    )
    side.locator("input[name=is_public]").check()
    side.locator("button[type=submit]").click()
    agent.wait_for_selector("text=Incident saved.")
    mail.outbox.clear()
    update = agent.locator("#incident-update")
    update.locator("textarea[name=body]").fill(
        "Our payment provider has an outage; we are switching to the backup."
    )
    update.locator("select[name=status]").select_option("identified")
    update.locator("button[type=submit]").click()
    agent.wait_for_selector("text=Reached 3 tickets: one email to each customer.")
    emails = _emails("Update on a known problem")
    assert emails == sorted(f"{n} <{e}>" for n, e, _s in REPORTS)

    customer.goto("/")
    banner = customer.locator(".incident-banner").text_content()
    assert "Known problem: Checkout page is down" in banner
    assert "switching to the backup" in banner
    customer.screenshot(path=artifacts / "incident-2-banner.png", full_page=True)

    mail.outbox.clear()
    update.locator("textarea[name=body]").fill("Payments work again. Sorry!")
    update.locator("select[name=status]").select_option("resolved")
    update.locator("input[name=resolve_tickets]").check()
    update.locator("button[type=submit]").click()
    agent.wait_for_selector("text=tickets resolved.")
    assert len(_emails("Update on a known problem")) == 3
    assert len(mail.outbox) == 3  # one email per customer, not two
    assert set(Ticket.objects.values_list("status", flat=True)) == {Status.RESOLVED}
    customer.goto("/")
    assert customer.locator(".incident-banner").count() == 0

    mail.outbox.clear()
    assert followup_watch() == 3  # what beat runs every minute
    followup = next(m for m in mail.outbox if "grace@example.com" in m.to[0])
    assert "Is everything working now?" in followup.subject
    bad = re.search(r"https?://\S+/rate/\S+/bad/", followup.body).group(0)

    mail.outbox.clear()
    customer.goto(_path(bad))
    # A link sandbox opens the page and runs its scripts: nothing is saved
    # until a person presses the button.
    customer.wait_for_load_state("networkidle")
    customer.wait_for_timeout(1000)
    assert not Rating.objects.exists()
    assert customer.is_checked("input[name=score][value=bad]")
    customer.fill("textarea[name=comment]", "It took all afternoon.")
    customer.click("button[type=submit]")
    customer.wait_for_selector("text=Saved: you rated our help bad")
    customer.screenshot(path=artifacts / "incident-3-rated.png", full_page=True)
    ticket = Ticket.objects.get(customer__email="grace@example.com")
    assert (ticket.rating.score, ticket.rating.comment) == (
        Rating.Score.BAD,
        "It took all afternoon.",
    )
    (alert,) = mail.outbox
    assert alert.to == [f"Sam Agent <{agent_user.email}>"]
    assert alert.subject.startswith(f"[{ticket.reference}] Bad rating")

    agent.goto(f"/agent/tickets/{ticket.pk}/")
    assert "It took all afternoon." in agent.text_content(".satisfaction")
