"""Searching the help articles: PostgreSQL's full text where it is the
database (ranked, stemmed per language, typos caught by trigrams), words
stemmed in Python elsewhere (kb.matching); with the base reads of what the
portal shows a reader."""

import operator
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import reduce

from django.conf import settings
from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    TrigramWordSimilarity,
)
from django.db import connection
from django.db.models import (
    Case,
    Exists,
    F,
    Func,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from helpdesk.core.cache import VersionedMemo
from helpdesk.core.locales import search_config

from . import matching
from .models import Article

START, STOP = "\x02", "\x03"  # marks around matches, replaced after escaping
# A new version with any change to an article or a category (kb.signals):
# what lists of articles kept for a while are keyed on.
_articles = VersionedMemo("kb:articles-version", lambda: None)
articles_changed = _articles.changed


def published() -> QuerySet[Article]:
    """Every published article, in any language (the agents' pick)."""
    return Article.objects.filter(status=Article.Status.PUBLISHED)


def _language(language: str | None) -> str:
    return language or get_language() or settings.LANGUAGE_CODE


def shown(language: str | None = None) -> QuerySet[Article]:
    """What the portal shows a visitor reading ``language`` (the active one
    by default): each article in their language, else in English."""
    language = _language(language)
    if language == settings.LANGUAGE_CODE:
        return published().filter(language=language)
    original = Coalesce(OuterRef("translation_of_id"), OuterRef("pk"))
    translated = published().filter(
        Q(pk=original) | Q(translation_of=original), language=language
    )
    return published().filter(
        Q(language=language) | Q(language=settings.LANGUAGE_CODE) & ~Exists(translated)
    )


@dataclass(frozen=True)
class Hit:
    article: Article
    snippet: SafeString


def _highlight(text: str) -> SafeString:
    escaped = escape(text).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - escaped above, only <mark> added


WORD = re.compile(r"\w+")


def search(
    text: str,
    *,
    limit: int = 20,
    match_any: bool = False,
    language: str | None = None,
) -> list[Hit]:
    """Articles shown in ``language`` for a query, best first. ``match_any``
    (for suggestions from a ticket subject) wants any word, not every word.
    Each article is searched by the stemming rules of its own language."""
    text = text.strip()[:200]
    words = WORD.findall(text)[:12]
    if not words:
        return []
    if not full_text():
        return _search_words(text, words, limit, match_any, language)
    queries = _queries(text, words, match_any, language)
    found = (
        _matching(queries, language)
        .annotate(
            rank=_per_language(queries, _rank),
            snippet=_per_language(queries, _headline),
            theirs=_theirs_first(language),
        )
        .order_by("theirs", "-rank", "title")
        .defer("body", "body_html", "body_text", "search_vector")[:limit]
    )
    hits = [Hit(a, _highlight(a.snippet)) for a in _close_to_best(found)]  # type: ignore[attr-defined]
    if hits or match_any:  # suggestions from a subject want words that match
        return hits
    return _search_typos(text, limit, language)


def _theirs_first(language: str | None) -> Case:
    """Articles in the reader's language before those not translated yet."""
    return Case(When(language=_language(language), then=Value(0)), default=Value(1))


def full_text() -> bool:
    """PostgreSQL's full text search; elsewhere, search by words in Python
    (kb.matching)."""
    return connection.vendor == "postgresql"


# A hit scoring under this share of the best is not offered: one shared
# common word does not make an article relevant.
RELEVANT_SHARE = 0.25


def _close_to_best(found: Iterable[Article]) -> list[Article]:
    articles = list(found)
    best = max((a.rank for a in articles), default=0.0)  # type: ignore[attr-defined]
    return [a for a in articles if a.rank >= best * RELEVANT_SHARE]  # type: ignore[attr-defined]


def _queries(
    text: str, words: list[str], match_any: bool, language: str | None
) -> dict[str, SearchQuery]:
    """The query as each language shown to the visitor stems it: theirs,
    and English for articles not translated yet."""
    queries = {}
    for code in {_language(language), settings.LANGUAGE_CODE}:
        config = search_config(code)
        # Any word, as one parsed query: the words come from ``WORD``
        # (letters, digits, underscores), so they are safe as tsquery syntax.
        queries[code] = (
            SearchQuery(" | ".join(words), config=config, search_type="raw")
            if match_any
            else SearchQuery(text, config=config, search_type="websearch")
        )
    return queries


def _matching(
    queries: dict[str, SearchQuery], language: str | None
) -> QuerySet[Article]:
    matches = reduce(
        operator.or_,
        (Q(language=code, search_vector=query) for code, query in queries.items()),
    )
    return shown(language).filter(matches)


def _per_language(
    queries: dict[str, SearchQuery], build: Callable[[str, SearchQuery], Func]
) -> Case:
    return Case(
        *(When(language=code, then=build(code, q)) for code, q in queries.items())
    )


def _rank(code: str, query: SearchQuery) -> Func:
    return SearchRank(F("search_vector"), query)


def _headline(code: str, query: SearchQuery) -> Func:
    return SearchHeadline(
        "body_text",
        query,
        config=search_config(code),
        start_sel=START,
        stop_sel=STOP,
        max_words=30,
        min_words=12,
    )


# How alike (0-1) a title's closest words must be to the query's when the
# words themselves match nothing: "pasword" finds "Reset your password".
TYPO_SIMILARITY = 0.3


def _search_typos(text: str, limit: int, language: str | None) -> list[Hit]:
    """Full text found nothing: titles whose words look like the query's
    (PostgreSQL trigrams, on the title's trigram index)."""
    found = (
        shown(language)
        .annotate(likeness=TrigramWordSimilarity(text, "title"))
        .filter(likeness__gte=TYPO_SIMILARITY)
        .order_by("-likeness", "title")
        .defer("body", "body_html", "body_text", "search_vector")[:limit]
    )
    return [Hit(a, _highlight(a.summary)) for a in found]


def suggestions(
    subject: str, *, limit: int = 3, language: str | None = None
) -> list[dict[str, str]]:
    """Articles for a ticket's subject, as the acknowledgement lists them:
    title, summary and address, best first (no snippets to build), in the
    customer's language where translated."""
    text = subject.strip()[:200]
    words = WORD.findall(text)[:12]
    if not words:
        return []
    if full_text():
        queries = _queries(text, words, True, language)
        rows = list(
            _matching(queries, language)
            .annotate(
                rank=_per_language(queries, _rank), theirs=_theirs_first(language)
            )
            .order_by("theirs", "-rank", "title")
            .values("title", "summary", "slug", "rank")[:limit]
        )
        best = max((row["rank"] for row in rows), default=0.0)
        found = [
            Article(title=row["title"], summary=row["summary"], slug=row["slug"])
            for row in rows
            if row["rank"] >= best * RELEVANT_SHARE
        ]
    else:
        found = [
            hit.article for hit in _search_words(text, words, limit, True, language)
        ]
    return [
        {"title": a.title, "summary": a.summary, "public_url": a.public_url}
        for a in found
    ]


def _search_words(
    text: str, words: list[str], limit: int, match_any: bool, language: str | None
) -> list[Hit]:
    """Without PostgreSQL: the articles shown in ``language``, ranked by
    their stemmed words (kb.matching), typos forgiven."""
    shown_ids = list(shown(language).values_list("pk", flat=True))
    scores = matching.ranked(_lexicon(), text, among=shown_ids, match_any=match_any)
    best = scores[0][1] if scores else 0.0
    relevant = [pk for pk, score in scores if score >= best * RELEVANT_SHARE]
    articles = Article.objects.select_related("category").in_bulk(relevant)
    relevant = [pk for pk in relevant if pk in articles]  # not deleted meanwhile
    theirs = _language(language)
    # In the reader's language first (sorted keeps the ranking within each).
    order = sorted(relevant, key=lambda pk: articles[pk].language != theirs)[:limit]
    return [
        Hit(
            article := articles[pk],
            _snippet(
                article.body_text,
                matching.words_found(article.body_text, text, article.language)
                or words,
            ),
        )
        for pk in order
    ]


_LEXICONS: dict[str, matching.Lexicon] = {}


def _lexicon() -> matching.Lexicon:
    """Every published article's words, kept per process until an article
    or category changes (read again each time while the cache is away)."""
    version = _articles.held_version()
    kept = _LEXICONS.get(str(version)) if version is not None else None
    if kept is None:
        rows = published().values_list(
            "pk", "language", "title", "summary", "body_text"
        )
        kept = matching.lexicon_build(rows)
        if version is not None:
            _LEXICONS.clear()
            _LEXICONS[str(version)] = kept
    return kept


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
