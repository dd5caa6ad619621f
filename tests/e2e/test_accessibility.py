"""Every customer page and the main agent pages, checked with axe-core in
Chromium at desktop and phone size: no violation of any impact. Their
screenshots are kept as test artifacts."""

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth.models import Permission

from tests.e2e.conftest import PASSWORD
from tickets import links
from tickets.models import InboundMail, Status
from tickets.services.incidents import incident_create, incident_update_post
from tickets.services.lifecycle import reply_post, ticket_open

pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}


def _problems(page) -> list[str]:
    found = Axe().run(page).response["violations"]
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at "
        + ", ".join(str(n["target"]) for n in v["nodes"][:3])
        for v in found
    ]


def test_pages_pass_axe(browser, live_server, agent_user, artifacts):
    from kb import services as kb_services
    from kb.models import Article

    ticket = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Invoice", message="x"
    )
    reply = reply_post(
        ticket=ticket,
        author=agent_user,
        body="Fixed.",
        body_html="<div><strong>Fixed.</strong></div><ul><li>New number</li></ul>"
        "<blockquote>the old one</blockquote>",
        new_status=Status.RESOLVED,
    )
    incident = incident_create(
        title="Checkout down", summary="Payments fail.", actor=agent_user
    )
    incident_update_post(
        incident=incident, body="Fixed soon.", status="identified", actor=agent_user
    )
    article = kb_services.article_save(
        article=None,
        title="Reset your password",
        body="1. Choose *Forgot your password?*",
        status=Article.Status.PUBLISHED,
    )
    rate = links.rating_urls(ticket.pk)["good"]
    unreadable = InboundMail.objects.create(
        key="unreadable",
        raw=b"From: a@example.com\r\nSubject: Hi\r\n\r\nHello",
        source="imap",
        state=InboundMail.State.UNREADABLE,
        error="GaveUp: 3 readings failed",
    )
    agent_user.user_permissions.add(Permission.objects.get(codename="view_reports"))
    # Organising (issue 27): a category and fields of every kind on the form
    # and the ticket page, tags, a link, a duplicate, a merge and a split.
    from tickets.models import CustomField, TicketCategory
    from tickets.services.lifecycle import customer_message_post
    from tickets.services.relating import tickets_link
    from tickets.services.tagging import ticket_tags_change

    category = TicketCategory.objects.create(name="Billing")
    for key, kind in (("plan", "choice"), ("modules", "multiple"), ("due", "date")):
        made = CustomField.objects.create(
            key=key, label=key.title(), kind=kind, choices="A\nB", who="customer"
        )
        made.categories.add(category)
    CustomField.objects.create(key="vip", label="VIP", kind="checkbox")
    CustomField.objects.create(key="order", label="Order", kind="text")
    twin = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Refund", message="x"
    )
    other = ticket_open(
        name="Ada Lovelace", email="ada@example.com", subject="Refund?", message="y"
    )
    ticket_tags_change(ticket=other, actor=agent_user, add=["refund", "vip"])
    tickets_link(ticket=other, other=ticket, relation="parent", actor=agent_user)
    second = customer_message_post(ticket=other, body="And another thing.")
    # Macros (issue 29): offered in the composer and listed.
    from tickets.models import Macro, MacroAction

    refund = Macro.objects.create(name="Refund", reply="Refunded.")
    MacroAction.objects.create(macro=refund, action="set_status", value="waiting")
    customer_pages = {
        "home": "/",
        "new-ticket": "/tickets/new/",
        "submitted": f"/t/{ticket.access_key}/submitted/",
        "ticket": ticket.get_absolute_url(),
        "kb": "/kb/",
        "kb-article": article.get_absolute_url(),
        "kb-search": "/kb/search/?q=password",
        "status": "/status/",
        "rate": rate[rate.index("/rate/") :],
        "not-found": "/t/mistyped/",
    }
    agent_pages = {
        "agent-queue": "/agent/",
        "agent-ticket": f"/agent/tickets/{ticket.pk}/",
        "agent-incidents": "/agent/incidents/",
        "agent-incident": f"/agent/incidents/{incident.pk}/",
        "agent-profile": "/agent/profile/",
        "agent-notifications": "/agent/notifications/",
        "agent-inbound": "/agent/inbound/",
        "agent-unreadable": f"/agent/inbound/{unreadable.pk}/",
        "agent-kb": "/agent/kb/",
        "agent-kb-new": "/agent/kb/new/",
        "agent-kb-edit": f"/agent/kb/{article.pk}/",
        "agent-from-reply": f"/agent/kb/from-reply/{reply.pk}/",
        "agent-canned": "/agent/canned/",
        "agent-canned-new": "/agent/canned/new/",
        "agent-macros": "/agent/macros/",
        "agent-macro-new": "/agent/macros/new/",
        "agent-new-ticket": "/agent/tickets/new/",
        "agent-reports": "/agent/reports/",
        "agent-ticket-organised": f"/agent/tickets/{other.pk}/",
        "agent-merge": f"/agent/merge/?tickets={other.pk}&into={twin.reference}",
        "agent-split": f"/agent/messages/{second.pk}/split/",
    }
    problems = {}
    for size, (width, height) in SIZES.items():
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": width, "height": height}
        )
        page = context.new_page()
        page.goto("/agent/login/")
        problems[f"agent-login {size}"] = _problems(page)
        page.fill("input[name=username]", agent_user.username)
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url("**/agent/")
        for name, path in (customer_pages | agent_pages).items():
            page.goto(path)
            page.wait_for_load_state("networkidle")
            page.screenshot(path=artifacts / f"page-{name}-{size}.png", full_page=True)
            problems[f"{name} {size}"] = _problems(page)
        context.close()
    # In German too (the browser asks for it): longer words, the switcher.
    german = browser.new_context(base_url=live_server.url, locale="de-DE")
    page = german.new_page()
    theirs = ticket_open(
        name="Gisela", email="gisela@example.de", subject="Drucker", message="x"
    )
    german_pages = {
        name: customer_pages[name] for name in ("home", "new-ticket", "kb", "status")
    } | {"ticket": theirs.get_absolute_url()}
    theirs.customer.language = "de"
    theirs.customer.save()
    for name, path in german_pages.items():
        page.goto(path)
        page.wait_for_load_state("networkidle")
        assert page.get_attribute("html", "lang") == "de"
        page.screenshot(path=artifacts / f"page-{name}-de.png", full_page=True)
        problems[f"{name} de"] = _problems(page)
    german.close()
    failing = {name: found for name, found in problems.items() if found}
    (artifacts / "axe-violations.json").write_text(json.dumps(failing, indent=1))
    assert failing == {}, failing
