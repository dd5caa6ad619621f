"""Formatted messages: what an agent writes in the composer's editor (bold,
italic, lists, links, quotes, headings, pasted pictures) comes in as HTML
and is never trusted. It is cleaned to an allow-list (nh3): no script,
style, event attribute, ``javascript:`` link or frame; a picture only when
it is one of the message's own files (``cid:`` and the file's name), so a
remote tracking image or a pasted ``data:`` SVG never reaches anyone. The
faithful text beside it (lists as bullets, links with their address, a
picture by its name) is what the care checks, mentions, search and the
text/plain part of the email read."""

import html
import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

import nh3
from django.utils.html import urlize
from inscriptis import get_text
from inscriptis.css_profiles import CSS_PROFILES
from inscriptis.html_properties import Display
from inscriptis.model.config import ParserConfig
from inscriptis.model.html_element import HtmlElement

TAGS = {
    "a", "b", "blockquote", "br", "code", "del", "div", "em", "figure", "h1",
    "h2", "h3", "i", "img", "li", "ol", "p", "pre", "s", "strong", "u", "ul",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "width", "height"}}
SCHEMES = {"http", "https", "mailto", "cid"}
# A file's name as the composer gives a pasted picture (and any sane name).
INLINE_NAME = re.compile(r"[\w][\w.+-]{0,200}")
LINK = re.compile(r'<a href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
NO_SOURCE = re.compile(r"<img(?![^>]*\bsrc=)[^>]*>")
INLINE = re.compile(r'src="cid:([^"]+)"')
PICTURE = re.compile(r'<img[^>]*src="cid:([^"]+)"[^>]*>')
TAG = re.compile(r"<[^>]+>")
PARTS = re.compile(r"(<[^>]+>)")
REL = "noopener noreferrer nofollow"
MAX_SIZE = 10_000


def _text_styles() -> dict[str, HtmlElement]:
    styles = dict(CSS_PROFILES["strict"])
    styles["blockquote"] = HtmlElement(
        display=Display.block, padding_inline=4, margin_before=1, margin_after=1
    )
    return styles


TEXT = ParserConfig(css=_text_styles(), display_images=True)


@dataclass(frozen=True)
class Formatted:
    html: str
    text: str
    inline: frozenset[str]  # the names of the files shown in the text


def formatted(source: str, *, files: Collection[str] = ()) -> Formatted:
    """The cleaned HTML, its text, and which of ``files`` (names of the
    message's own files) it shows as pictures; a picture of anything else
    is dropped."""

    def keep(tag: str, attribute: str, value: str) -> str | None:
        if tag == "img" and attribute == "src":
            name = value.removeprefix("cid:")
            shown = value.startswith("cid:") and name in files
            return value if shown and INLINE_NAME.fullmatch(name) else None
        if tag == "img" and attribute in {"width", "height"}:
            return value if value.isdigit() and int(value) <= MAX_SIZE else None
        if tag == "a" and attribute == "href" and value.lower().startswith("cid:"):
            return None
        return value

    def clean(dirty: str) -> str:
        return nh3.clean(
            dirty,
            tags=TAGS,
            attributes=ATTRIBUTES,
            url_schemes=SCHEMES,
            attribute_filter=keep,
            link_rel=REL,
            strip_comments=True,
        )

    # Cleaned again once addresses are links: nothing unchecked is left.
    cleaned = NO_SOURCE.sub("", clean(_linked(clean(source)))).strip()
    inline = frozenset(html.unescape(n) for n in INLINE.findall(cleaned))
    return Formatted(html=cleaned, text=plain_text(cleaned), inline=inline)


def _linked(cleaned: str) -> str:
    """Web and mail addresses typed as text become links, as in a plain
    message (Django's urlize, on text outside a link only)."""
    parts = PARTS.split(cleaned)
    inside = 0
    for n, part in enumerate(parts):
        if part.startswith("<"):
            name = part[1:].split(None, 1)[0].rstrip(">").lower()
            inside += 1 if name == "a" else -1 if name == "/a" else 0
        elif part and not inside:
            parts[n] = urlize(html.unescape(part), nofollow=True, autoescape=True)
    return "".join(parts)


def plain_text(cleaned: str) -> str:
    """The text of cleaned HTML as a person would write it in a plain email:
    a link with its address in brackets (once when it reads as its address)."""

    def spelled(found: re.Match[str]) -> str:
        address, words = html.unescape(found.group(1)), found.group(2)
        said = html.unescape(TAG.sub("", words)).strip()
        if said in {address, address.removeprefix("mailto:")}:
            return words
        return f"{words} ({html.escape(address)})"

    def named(found: re.Match[str]) -> str:
        return f"[{found.group(1)}]"

    text = get_text(PICTURE.sub(named, LINK.sub(spelled, cleaned)), TEXT)
    lines = [line.rstrip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def filled(source: str, values: Mapping[str, str], pattern: re.Pattern[str]) -> str:
    """A formatted text's placeholders filled, each value escaped; an
    unknown one is left as written."""
    return pattern.sub(
        lambda m: (
            html.escape(values[m.group(1)]) if m.group(1) in values else m.group(0)
        ),
        source,
    )


def with_sources(cleaned: str, sources: Mapping[str, str]) -> str:
    """The message's pictures pointed at where the reader fetches them (the
    access-checked download on a page, a link in an email); a picture with
    nowhere to come from is left out."""

    def pointed(found: re.Match[str]) -> str:
        source = sources.get(html.unescape(found.group(1)))
        return f'src="{html.escape(source)}"' if source else "data-gone"

    pointed_html = INLINE.sub(pointed, cleaned)
    return re.sub(r"<img[^>]*\bdata-gone[^>]*>", "", pointed_html)
