"""Reads of the knowledge base, for the portal, the agents and the emails
(searching them: kb.search)."""

import hashlib

from django.core.cache import caches
from django.db.models import (
    Count,
    Q,
    QuerySet,
)
from django.utils import timezone

from .models import DEFLECTION_WINDOW, Article, Category, Vote
from .search import (
    Hit,
    _articles,
    _language,
    articles_changed,
    full_text,
    published,
    search,
    shown,
    suggestions,
)

# Searching lives in kb.search; these are read through here too.
__all__ = [
    "Hit",
    "agent_stats",
    "article_by_slug",
    "articles_changed",
    "articles_for_subject",
    "categories",
    "feedback",
    "full_text",
    "in_language",
    "popular",
    "published",
    "related_to",
    "search",
    "shown",
    "suggestions",
]

SUBJECT_ARTICLES_SECONDS = 600


def in_language(article: Article, language: str | None = None) -> Article:
    """The same article in the visitor's language, when it has been
    translated into it (else the one asked for)."""
    language = _language(language)
    if article.language == language:
        return article
    original = article.translation_of_id or article.pk
    found = (
        published()
        .select_related("category")
        .filter(Q(pk=original) | Q(translation_of=original), language=language)
        .first()
    )
    return found or article


def categories() -> QuerySet[Category]:
    visible = Q(articles__in=shown())
    return (
        Category.objects.annotate(published=Count("articles", filter=visible))
        .filter(published__gt=0)
        .prefetch_related("translations")
    )


def popular(limit: int = 8) -> QuerySet[Article]:
    return shown().order_by("-views", "title")[:limit]


def related_to(article: Article) -> QuerySet[Article]:
    """Its related articles as customers may read them: never the article
    itself, nor the same article in another language."""
    original = article.translation_of_id or article.pk
    return (
        article.related.filter(status=Article.Status.PUBLISHED)
        .exclude(pk__in=[article.pk, original])
        .exclude(translation_of=original)
    )


def feedback(article: Article, limit: int = 20) -> QuerySet[Vote]:
    """What readers said was missing, newest first."""
    return (
        Vote.objects.filter(article=article, helpful=False)
        .exclude(comment="")
        .order_by("-created_at")[:limit]
    )


def article_by_slug(slug: str) -> Article | None:
    return published().select_related("category").filter(slug=slug).first()


def agent_stats() -> QuerySet[Article]:
    """Articles with what agents want to know: views, votes, deflections."""
    settled = timezone.now() - DEFLECTION_WINDOW
    return (
        Article.objects.select_related("category", "author")
        .annotate(
            suggested_opens=Count("opens", distinct=True),
            deflections=Count(
                "opens",
                filter=Q(opens__ticket_followed=False, opens__opened_at__lte=settled),
                distinct=True,
            ),
            missing=Count(
                "votes",
                filter=Q(votes__helpful=False) & ~Q(votes__comment=""),
                distinct=True,
            ),
        )
        .order_by("-updated_at")
    )


def articles_for_subject(
    subject: str, *, language: str, limit: int = 5
) -> list[Article]:
    """The help articles an agent may link for a ticket's subject, best
    first; kept per process until an article or category changes (the
    agent's ticket page asks on every view, and the subject seldom changes)."""
    version = _articles.held_version()
    if version is None:  # unknown (the cache away): searched, not kept
        return _subject_search(subject, language, limit)
    digest = hashlib.blake2b(subject.encode(), digest_size=16).hexdigest()
    key = f"kb-subject:{version}:{language}:{limit}:{digest}"
    kept = caches["fragments"]
    found: list[Article] | None = kept.get(key)
    if found is None:
        found = _subject_search(subject, language, limit)
        kept.set(key, found, SUBJECT_ARTICLES_SECONDS)
    return found


def _subject_search(subject: str, language: str, limit: int) -> list[Article]:
    hits = search(subject, limit=limit, match_any=True, language=language)
    return [hit.article for hit in hits]
