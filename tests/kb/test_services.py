"""kb.services: articles written safely, votes counted, deflections kept."""

from datetime import timedelta

import pytest
from django.utils import timezone

from kb import services
from kb.models import Article, SuggestionOpen, Vote
from tests.factories import ArticleFactory
from tickets.models import Message
from tickets.services.lifecycle import reply_post

pytestmark = pytest.mark.django_db


def test_markdown_becomes_safe_html_and_plain_text():
    html, text = services.render_markdown(
        "# Reset\n\n[click](javascript:alert(1)) <img src=x onerror=alert(1)>"
    )
    assert "<h1>Reset</h1>" in html
    assert "javascript:" not in html
    assert "onerror" not in html
    assert text == "Reset click"


def test_two_articles_with_one_title_get_two_addresses():
    first = services.article_save(article=None, title="Reset your password", body="a")
    second = services.article_save(article=None, title="Reset your password", body="b")
    assert (first.slug, second.slug) == ("reset-your-password", "reset-your-password-2")
    again = services.article_save(article=first, title="Reset your password", body="c")
    assert again.slug == "reset-your-password"


def test_only_a_public_reply_becomes_a_draft_article(open_ticket, agent):
    ticket = open_ticket()
    reply = reply_post(
        ticket=ticket, author=agent, body="Go to Billing.\nThen Invoices."
    )
    article = services.article_from_reply(
        message=reply, author=agent, title=ticket.subject, body=reply.body
    )
    assert (article.status, article.title, article.summary) == (
        Article.Status.DRAFT,
        ticket.subject,
        "Go to Billing.",
    )
    with pytest.raises(ValueError, match="Only a public reply"):
        services.article_from_reply(
            message=ticket.messages.get(kind=Message.Kind.CUSTOMER),
            author=agent,
            title="x",
            body="y",
        )


def test_votes_are_counted_one_per_visitor():
    article = ArticleFactory()
    services.vote_record(article=article, visitor="v1", helpful=True)
    services.vote_record(article=article, visitor="v2", helpful=True)
    services.vote_record(article=article, visitor="v1", helpful=False, comment="Meh")
    article.refresh_from_db()
    assert (article.helpful_yes, article.helpful_no) == (1, 1)
    assert Vote.objects.get(visitor="v1").comment == "Meh"


def test_a_ticket_marks_only_recent_opens_as_not_deflected():
    article = ArticleFactory()
    services.suggestion_opened(article=article, visitor="v1")
    old = SuggestionOpen.objects.create(article=article, visitor="v1")
    SuggestionOpen.objects.filter(pk=old.pk).update(
        opened_at=timezone.now() - timedelta(days=2)
    )
    assert services.ticket_followed(visitor="v1") == 1
    assert not SuggestionOpen.objects.get(pk=old.pk).ticket_followed


def test_views_are_counted_without_a_race():
    article = ArticleFactory()
    services.article_viewed(article=article)
    services.article_viewed(article=article)
    article.refresh_from_db()
    assert article.views == 2
