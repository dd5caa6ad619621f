"""Reads of the knowledge base, for the portal, the agents and the emails."""

import operator
import re
from dataclasses import dataclass
from functools import reduce

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .models import DEFLECTION_WINDOW, Article, Category

START, STOP = "\x02", "\x03"  # marks around matches, replaced after escaping


def published() -> QuerySet[Article]:
    return Article.objects.filter(status=Article.Status.PUBLISHED)


def categories() -> QuerySet[Category]:
    return Category.objects.annotate(
        published=Count("articles", filter=Q(articles__status=Article.Status.PUBLISHED))
    ).filter(published__gt=0)


def popular(limit: int = 8) -> QuerySet[Article]:
    return published().order_by("-views", "title")[:limit]


def article_by_slug(slug: str) -> Article | None:
    return published().select_related("category").filter(slug=slug).first()


@dataclass(frozen=True)
class Hit:
    article: Article
    snippet: SafeString


def _highlight(text: str) -> SafeString:
    escaped = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped above, only <mark> added


WORD = re.compile(r"\w+")


def search(text: str, *, limit: int = 20, match_any: bool = False) -> list[Hit]:
    """Published articles for a query, best first. ``match_any`` (for
    suggestions from a ticket subject) wants any word, not every word."""
    text = text.strip()[:200]
    words = WORD.findall(text)[:12]
    if not words:
        return []
    if connection.vendor == "postgresql":
        query = (
            _any_word(words)
            if match_any
            else SearchQuery(text, config="english", search_type="websearch")
        )
        found = (
            published()
            .filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                snippet=SearchHeadline(
                    "body_text",
                    query,
                    config="english",
                    start_sel=START,
                    stop_sel=STOP,
                    max_words=30,
                    min_words=12,
                ),
            )
            .order_by("-rank", "title")
            .defer("body", "body_html", "body_text", "search_vector")[:limit]
        )
        hits = [Hit(a, _highlight(a.snippet)) for a in found]
        if hits or match_any:  # suggestions from a subject want words that match
            return hits
        return _search_typos(text, limit)
    return _search_like(words, limit, match_any)


# How alike (0-1) a title's closest words must be to the query's when the
# words themselves match nothing: "pasword" finds "Reset your password".
TYPO_SIMILARITY = 0.3


def _search_typos(text: str, limit: int) -> list[Hit]:
    """Full text found nothing: titles whose words look like the query's
    (PostgreSQL trigrams, on the title's trigram index)."""
    found = (
        published()
        .annotate(likeness=TrigramWordSimilarity(text, "title"))
        .filter(likeness__gte=TYPO_SIMILARITY)
        .order_by("-likeness", "title")
        .defer("body", "body_html", "body_text", "search_vector")[:limit]
    )
    return [Hit(a, _highlight(a.summary)) for a in found]


def _any_word(words: list[str]) -> SearchQuery:
    """Any of these words in one parsed query. They come from ``WORD`` (letters,
    digits, underscores), so they are safe as tsquery syntax."""
    return SearchQuery(" | ".join(words), config="english", search_type="raw")


def suggestions(subject: str, *, limit: int = 3) -> list[dict[str, str]]:
    """Articles for a ticket's subject, as the acknowledgement lists them:
    title, summary and address, best first (no snippets to build)."""
    words = WORD.findall(subject.strip()[:200])[:12]
    if not words:
        return []
    if connection.vendor == "postgresql":
        query = _any_word(words)
        found = [
            Article(title=row["title"], summary=row["summary"], slug=row["slug"])
            for row in published()
            .filter(search_vector=query)
            .annotate(rank=SearchRank(F("search_vector"), query))
            .order_by("-rank", "title")
            .values("title", "summary", "slug")[:limit]
        ]
    else:
        found = [hit.article for hit in _search_like(words, limit, match_any=True)]
    return [
        {"title": a.title, "summary": a.summary, "public_url": a.public_url}
        for a in found
    ]


def _search_like(words: list[str], limit: int, match_any: bool) -> list[Hit]:
    """SQLite: every (or any) word somewhere; title matches first."""
    words = [w for w in words if len(w) > 2] or words
    conditions = [
        Q(title__icontains=w) | Q(summary__icontains=w) | Q(body_text__icontains=w)
        for w in words
    ]
    found = published().filter(
        reduce(operator.or_ if match_any else operator.and_, conditions)
    )
    in_title = Q()
    for word in words:
        in_title |= Q(title__icontains=word)
    found = found.annotate(
        first=Case(When(in_title, then=Value(0)), default=Value(1))
    ).order_by("first", "-views", "title")[:limit]
    return [Hit(a, _snippet(a.body_text, words)) for a in found]


def _snippet(body: str, words: list[str]) -> SafeString:
    lower = body.lower()
    at = min((lower.find(w.lower()) for w in words if w.lower() in lower), default=0)
    start = max(at - 60, 0)
    window = body[start : start + 200]
    for word in words:
        index = window.lower().find(word.lower())
        if index >= 0:
            window = (
                window[:index]
                + START
                + window[index : index + len(word)]
                + STOP
                + window[index + len(word) :]
            )
    return _highlight(
        ("…" if start else "") + window + ("…" if len(body) > start + 200 else "")
    )


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
        )
        .order_by("-updated_at")
    )
