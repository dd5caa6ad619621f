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


def test_a_reply_becomes_a_draft_article_in_one_click(agent_client, agent, open_ticket):
    ticket = open_ticket(subject="How do I export to CSV?")
    reply = reply_post(ticket=ticket, author=agent, body="Go to Reports, then Export.")
    page = agent_client.get(f"/agent/tickets/{ticket.pk}/").content.decode()
    assert f'action="/agent/kb/from-reply/{reply.pk}/"' in page
    response = agent_client.post(f"/agent/kb/from-reply/{reply.pk}/")
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
