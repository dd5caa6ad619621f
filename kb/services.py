"""Every write to the knowledge base."""

import html
import re
import secrets
from collections.abc import Iterable

import markdown
import nh3
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from tickets.models import Message

from . import selectors
from .models import (
    DEFLECTION_WINDOW,
    Article,
    Category,
    SuggestionOpen,
    Vote,
    search_vector,
)


def render_markdown(source: str) -> tuple[str, str]:
    """Markdown to sanitised HTML (no script, no event handlers, no
    javascript: links), and to plain text for search and snippets."""
    raw = markdown.markdown(source, extensions=["extra", "sane_lists"])
    safe = nh3.clean(raw)
    text = html.unescape(nh3.clean(safe, tags=set()))
    return safe, re.sub(r"\s+", " ", text).strip()


def _unique_slug(text: str, exclude: int | None) -> str:
    base = slugify(text)[:180] or "article"
    slug, n = base, 1
    taken = Article.objects.filter(slug=slug)
    while (taken.exclude(pk=exclude) if exclude else taken).exists():
        n += 1
        slug = f"{base}-{n}"
        taken = Article.objects.filter(slug=slug)
    return slug


@transaction.atomic
def article_save(
    *,
    article: Article | None,
    title: str,
    body: str,
    summary: str = "",
    slug: str = "",
    category: Category | None = None,
    status: str = Article.Status.DRAFT,
    related: Iterable[Article] = (),
    author: User | None = None,
    language: str = "",
    translation_of: Article | None = None,
) -> Article:
    article = article or Article(author=author)
    article.language = language or article.language
    article.translation_of = translation_of
    article.title = title.strip()
    article.slug = _unique_slug(slug or title, article.pk)
    article.summary, article.body = summary.strip(), body
    article.category, article.status = category, status
    article.body_html, article.body_text = render_markdown(body)
    article.save()
    article.related.set([r for r in related if r.pk != article.pk])
    search_index_update(Article.objects.filter(pk=article.pk))
    return article


def search_index_update(articles: QuerySet[Article]) -> None:
    """Refresh the stored search vectors (PostgreSQL; a no-op elsewhere)."""
    if connection.vendor == "postgresql":
        for language in articles.values_list("language", flat=True).distinct():
            articles.filter(language=language).update(
                search_vector=search_vector(language)
            )
        selectors.articles_changed()  # what they are found by changed


def article_from_reply(
    *, message: Message, author: User, title: str, body: str
) -> Article:
    """A good public reply becomes a draft article to polish, in the words
    the agent confirmed (kb.scrubbing took the customer out of them)."""
    if message.kind != Message.Kind.REPLY:
        raise ValueError(_("Only a public reply can become an article."))
    return article_save(
        article=None,
        title=title,
        body=body,
        summary=body.strip().split("\n")[0][:300],
        author=author,
    )


def visitor_key(request: HttpRequest) -> str:
    """An anonymous visitor's key, kept in their session."""
    key = request.session.get("kb_visitor")
    if not key:
        key = request.session["kb_visitor"] = secrets.token_urlsafe(16)
    return str(key)


def article_viewed(*, article: Article) -> None:
    Article.objects.filter(pk=article.pk).update(views=F("views") + 1)


@transaction.atomic
def vote_record(
    *, article: Article, visitor: str, helpful: bool, comment: str = ""
) -> Vote:
    """One vote per visitor per article: a second one replaces the first."""
    vote, _created = Vote.objects.update_or_create(
        article=article,
        visitor=visitor,
        defaults={"helpful": helpful, "comment": comment},
    )
    votes = Vote.objects.filter(article=article)
    Article.objects.filter(pk=article.pk).update(
        helpful_yes=votes.filter(helpful=True).count(),
        helpful_no=votes.filter(helpful=False).count(),
    )
    return vote


def suggestion_opened(*, article: Article, visitor: str) -> None:
    SuggestionOpen.objects.create(article=article, visitor=visitor)


def ticket_followed(*, visitor: str) -> int:
    """The visitor opened a ticket after all: their recent opens did not deflect."""
    since = timezone.now() - DEFLECTION_WINDOW
    return SuggestionOpen.objects.filter(
        visitor=visitor, ticket_followed=False, opened_at__gte=since
    ).update(ticket_followed=True)
