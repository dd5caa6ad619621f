"""Help-centre search by words, for databases without PostgreSQL's full text
(the embedded SQLite default): each article's words stemmed by the Snowball
rules of its language (snowballstemmer, the rules PostgreSQL's configurations
use), near misses ("pasword") matched by rapidfuzz, and words that most
articles share counting for little, so a login problem is not offered
"Export to CSV". The articles' words are read once per process, until an
article changes (``kb.selectors``)."""

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
import stopwords
from rapidfuzz import fuzz, process

from helpdesk.core.locales import search_config

WORD = re.compile(r"\w+")
TITLE_WEIGHT = 3.0
# How alike (0-100) a word must be to one the articles use to stand in for
# it, when the words as typed find nothing: "pasword" finds "password".
TYPO_SCORE = 80
TYPO_MIN_LENGTH = 4


class _Unchanged:
    """The "simple" rules: words as they are (lowercased)."""

    def stemWords(self, words: list[str]) -> list[str]:
        return words


@lru_cache(maxsize=32)
def _stemmer(language: str) -> "snowballstemmer.Stemmer | _Unchanged":
    config = search_config(language)
    if config in snowballstemmer.algorithms():
        return snowballstemmer.stemmer(config)
    return _Unchanged()


@lru_cache(maxsize=32)
def _stop_words(language: str) -> frozenset[str]:
    """Words too common to search by ("to", "in", "und"), as PostgreSQL's
    configurations leave them out."""
    return frozenset(stopwords.safe_get_stopwords(search_config(language)))


def stems(text: str, language: str) -> list[str]:
    """The words of ``text`` as the rules of ``language`` stem them, without
    its stop words."""
    common = _stop_words(language)
    words = [w for word in WORD.findall(text) if (w := word.lower()) not in common]
    return list(_stemmer(language).stemWords(words))


@dataclass(frozen=True)
class Entry:
    pk: int
    language: str
    title: frozenset[str]
    words: frozenset[str]  # title, summary and body


@dataclass
class Lexicon:
    """Every published article's words, and in how many articles each is."""

    entries: dict[int, Entry] = field(default_factory=dict)
    frequency: Counter[str] = field(default_factory=Counter)

    def weight(self, stem: str) -> float:
        """Rare words count most; a word in more than half of four or more
        articles counts for nothing."""
        count, found = len(self.entries), self.frequency[stem]
        if count >= 4 and found * 2 > count:
            return 0.0
        return math.log((count + 1) / (found + 0.5))

    def corrected(self, word: str, language: str) -> str | None:
        """The articles' own word nearest a mistyped one, if one is near."""
        (stem,) = stems(word, language) or [""]
        if len(stem) < TYPO_MIN_LENGTH or stem in self.frequency:
            return None
        best = process.extractOne(
            stem, list(self.frequency), scorer=fuzz.ratio, score_cutoff=TYPO_SCORE
        )
        return str(best[0]) if best else None


def lexicon_build(rows: Iterable[tuple[int, str, str, str, str]]) -> Lexicon:
    """From (pk, language, title, summary, body text) of each article."""
    lexicon = Lexicon()
    for pk, language, title, summary, body in rows:
        title_stems = frozenset(stems(title, language))
        words = title_stems | frozenset(stems(f"{summary} {body}", language))
        lexicon.entries[pk] = Entry(pk, language, title_stems, words)
        lexicon.frequency.update(words)
    return lexicon


def ranked(
    lexicon: Lexicon,
    text: str,
    *,
    among: Iterable[int],
    match_any: bool = False,
    typos: bool = True,
) -> list[tuple[int, float]]:
    """The articles (of ``among``) the words of ``text`` find, best first,
    with their scores. Each article's words and the query are stemmed by
    the rules of the article's language. Every word must be found (any, for
    suggestions from a subject, where only distinctive words count). When
    nothing is found, mistyped words are replaced by the nearest the
    articles use, once."""
    words = WORD.findall(text)
    found: list[tuple[int, float]] = []
    for pk in among:
        entry = lexicon.entries.get(pk)
        if entry is None:
            continue
        wanted = set(stems(text, entry.language))
        hits = wanted & entry.words
        if not wanted or (not match_any and hits != wanted):
            continue
        score = sum(
            lexicon.weight(stem) * (TITLE_WEIGHT if stem in entry.title else 1.0)
            for stem in hits
        )
        if score > 0:
            found.append((pk, score))
    if found or not typos:
        return sorted(found, key=lambda pair: -pair[1])
    languages = {entry.language for entry in lexicon.entries.values()}
    fixed = [
        next(
            (
                near
                for lang in sorted(languages)
                if (near := lexicon.corrected(w, lang))
            ),
            w,
        )
        for w in words
    ]
    if fixed == words:
        return []
    return ranked(
        lexicon, " ".join(fixed), among=among, match_any=match_any, typos=False
    )


SNIPPET_SCAN = 5000  # characters of an article read for the words to mark


def words_found(body: str, text: str, language: str) -> list[str]:
    """The words of ``body`` (as written there) that the query's words
    find: "Passwort" for "Passwörter", to mark in the snippet."""
    wanted = set(stems(text, language))
    written = set(WORD.findall(body[:SNIPPET_SCAN]))
    return sorted(word for word in written if set(stems(word, language)) & wanted)
