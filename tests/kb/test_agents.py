"""Agents write articles, link them in replies, and turn replies into drafts."""

import pytest

from kb.models import Article
from tickets.services.lifecycle import reply_post

pytestmark = pytest.mark.django_db


def test_an_agent_writes_and_publishes_an_article(agent_client, billing, client):
    response = agent_client.post(
        "/agent/kb/new/",
        {
            "title": "Change your billing address",
            "category": billing.pk,
            "summary": "In Settings.",
            "body": "Open **Settings** > Billing.",
            "status": "published",
        },
    )
    assert response.status_code == 302
    saved = Article.objects.get()
    assert saved.slug == "change-your-billing-address"
    assert (
        "<strong>Settings</strong>"
        in client.get(saved.get_absolute_url()).content.decode()
    )


def test_a_bad_article_form_keeps_the_text(agent_client):
    response = agent_client.post(
        "/agent/kb/new/", {"title": "", "body": "My draft text", "status": "draft"}
    )
    assert response.status_code == 400
    assert "My draft text" in response.content.decode()


def test_a_reply_becomes_a_draft_article_without_the_customer(
    agent_client, agent, open_ticket
):
    """Issue 26, item 11: a confirm step that takes the customer out."""
    ticket = open_ticket(
        name="Ada Lovelace", subject="Ada's export to CSV is empty (HD-1001)"
    )
    reply = reply_post(
        ticket=ticket,
        author=agent,
        body="Hi Ada,\n\nGo to Reports, then Export. Ada, if it stays empty, "
        "write to ada@example.com's admin or call +44 20 7946 0958 about HD-1001.",
    )
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert f'href="/agent/kb/from-reply/{reply.pk}/"' in page
    confirm = agent_client.get(f"/agent/kb/from-reply/{reply.pk}/").content.decode()
    assert not Article.objects.exists()  # nothing made before the confirm
    assert "Ada" not in confirm.split("<form", 1)[1].split("</form>")[0]
    assert "ada@example.com" not in confirm
    assert "+44 20 7946 0958" not in confirm
    assert "the greeting" in confirm
    assert "email addresses" in confirm
    assert "[reference]" in confirm
    response = agent_client.post(
        f"/agent/kb/from-reply/{reply.pk}/",
        {"title": "How do I export to CSV?", "body": "Go to Reports, then Export."},
    )
    draft = Article.objects.get()
    assert response["Location"] == f"/agent/kb/{draft.pk}/"
    assert (draft.title, draft.status, draft.author) == (
        "How do I export to CSV?",
        "draft",
        agent,
    )
    assert draft.body == "Go to Reports, then Export."


def test_the_composer_offers_matching_articles_as_links(
    agent_client, article, open_ticket
):
    help_page = article("Fix a wrong VAT number on an invoice")
    ticket = open_ticket(subject="Invoice shows the wrong VAT number")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    expected = f"Fix a wrong VAT number on an invoice: {help_page.public_url}"
    assert f'data-insert="{expected}"' in page
    without_js = agent_client.get(f"/agent/tickets/{ticket.pk}/?article={help_page.pk}")
    assert f">\n{expected}</textarea>" in without_js.content.decode()


def test_the_offered_articles_follow_each_change_to_the_knowledge_base(
    agent_client, article, open_ticket
):
    """The articles for a subject are kept between views of the page; a new
    article, a withdrawn one and a new title show on the next view."""
    from kb import services as kb_services

    ticket = open_ticket(subject="Invoice shows the wrong VAT number")
    first = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Fix a wrong VAT number" not in first
    help_page = article("Fix a wrong VAT number on an invoice")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Fix a wrong VAT number on an invoice" in page
    kb_services.article_save(
        article=help_page,
        title="Correct the VAT number on an invoice",
        body=help_page.body,
        status=Article.Status.PUBLISHED,
    )
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Correct the VAT number on an invoice" in page
    assert "Fix a wrong VAT number" not in page
    Article.objects.filter(pk=help_page.pk).first().delete()  # in admin
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert "Correct the VAT number" not in page
