"""Input borders are seen (WCAG 1.4.11: 3:1 against the page), every input
uses that border colour, and tag chips read at AA contrast."""

import re
from pathlib import Path

CSS = Path(__file__).resolve().parents[1] / "static" / "css"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [
        c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels
    ]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def test_input_borders_contrast_at_least_3_to_1_with_white():
    site = (CSS / "site.css").read_text()
    field = re.search(r"--field: (#[0-9a-f]{6})", site).group(1)
    ratio = (1.0 + 0.05) / (_luminance(field) + 0.05)
    assert ratio >= 3.0, f"{field} on white: {ratio:.2f}:1"


def test_every_input_rule_uses_the_field_border():
    for sheet in ("site.css", "agent.css"):
        for rule in re.findall(
            r"^[^{}]*(?:input|select|textarea)[^{}]*\{[^}]*\}",
            (CSS / sheet).read_text(),
            re.M,
        ):
            if "border:" in rule and "solid" in rule:
                assert "var(--field)" in rule, rule


def test_every_tag_colour_reads_at_aa_contrast():
    sheet = (CSS / "tags.css").read_text()
    rules = re.findall(
        r"\.tag(?:-\w+)? \{[^}]*background: (#[0-9a-f]{6}); color: (#[0-9a-f]{6})",
        sheet,
    )
    assert len(rules) == 8  # grey (the default) and the seven colours
    for background, text in rules:
        lighter, darker = sorted(
            (_luminance(background), _luminance(text)), reverse=True
        )
        ratio = (lighter + 0.05) / (darker + 0.05)
        assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}:1"
