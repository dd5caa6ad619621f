"""Words in templates that no translation tag covers: text between HTML
tags, and the attributes people read (title, placeholder, aria-label, alt,
data-pending, data-done). What ``makemessages`` cannot see, this finds."""

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from django.template.base import Lexer, TokenType

WORDS = re.compile(r"[A-Za-z]{2,}")
ENTITY = re.compile(r"&#?\w+;")
# An attribute's value may be cut by a {{ variable }}: up to it, or from it.
READ_ATTRIBUTES = re.compile(
    r"\b(title|placeholder|aria-label|alt|label|data-pending|data-done|data-confirm)"
    r'="([^"]*)(?:"|$)'
)
# Blocks whose text is not prose: verbatim markers and inline SVG geometry.
SKIP_TAGS = ("comment", "verbatim")


@dataclass(frozen=True)
class Untranslated:
    template: str
    line: int
    text: str


PATHS = re.compile(r"\S*/\S+")  # "/status/", "{{ site_url }}/agent/profile/"


def _prose(text: str) -> bool:
    return bool(WORDS.search(PATHS.sub("", ENTITY.sub("", text))))


def untranslated(path: Path, root: Path) -> Iterator[Untranslated]:
    source = path.read_text()
    name = str(path.relative_to(root))
    in_tag = False
    skipping = 0
    translating = 0
    for token in Lexer(source).tokenize():
        if token.token_type == TokenType.BLOCK:
            word = token.contents.split()[0] if token.contents else ""
            if word in SKIP_TAGS:
                skipping += 1
            elif word in {f"end{tag}" for tag in SKIP_TAGS}:
                skipping -= 1
            elif word in {"blocktranslate", "blocktrans"}:
                translating += 1
            elif word in {"endblocktranslate", "endblocktrans"}:
                translating -= 1
            continue
        if token.token_type != TokenType.TEXT or skipping or translating:
            continue
        text = token.contents
        at = 0
        while at < len(text):
            if in_tag:
                end = text.find(">", at)
                chunk = text[at:] if end < 0 else text[at:end]
                for attribute in READ_ATTRIBUTES.finditer(chunk):
                    if _prose(attribute.group(2)):
                        yield Untranslated(name, token.lineno, attribute.group(0))
                if end < 0:
                    break
                in_tag, at = False, end + 1
            else:
                start = text.find("<", at)
                chunk = text[at:] if start < 0 else text[at:start]
                if _prose(chunk):
                    yield Untranslated(name, token.lineno, chunk.strip())
                if start < 0:
                    break
                in_tag, at = True, start + 1
