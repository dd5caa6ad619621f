"""Formatted text as written in the composer's editor: cleaned to an
allow-list whatever is pasted in (a hostile page, Word), with a faithful
plain text beside it."""

import pytest

from tickets.formatting import formatted

HOSTILE = [
    '<script>alert("x")</script>',
    '<img src="x" onerror="alert(1)">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JaVaScRiPt:alert(1)">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    '<img src="https://tracker.example/pixel.gif?who=ada">',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<svg onload="alert(1)"><script>alert(1)</script></svg>',
    '<iframe src="https://evil.example/"></iframe>',
    "<style>body { display: none }</style>",
    '<form action="https://evil.example/"><input name="password"></form>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<p class="MsoNormal" style="mso-line-height-rule:exactly"><o:p>Word</o:p></p>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<a href="cid:picture.png">a file by its name</a>',
]
DANGEROUS = (
    "<script",
    "onerror",
    "onload",
    "javascript:",
    "data:",
    "tracker.example",
    "<iframe",
    "<style",
    "<svg",
    "<form",
    "<input",
    "style=",
    "class=",
    "<o:p",
    "cid:",
)


@pytest.mark.parametrize("source", HOSTILE)
def test_hostile_html_never_survives(source):
    cleaned = formatted(f"<div>Hello {source} there</div>").html
    lowered = cleaned.lower()
    assert not [bad for bad in DANGEROUS if bad in lowered], cleaned
    assert "Hello" in cleaned


def test_pasted_word_keeps_its_words_without_its_markup():
    cleaned = formatted(
        '<p class="MsoNormal"><b><span style="font-size:11pt">Invoice</span></b>'
        "<o:p></o:p></p><p class=MsoNormal>Paid on <i>Monday</i></p>"
    )
    assert cleaned.html == ("<p><b>Invoice</b></p><p>Paid on <i>Monday</i></p>")
    assert cleaned.text == "Invoice\n\nPaid on Monday"


def test_a_picture_is_kept_only_as_one_of_the_message_s_own_files():
    source = (
        '<div><figure><img src="cid:picture-1.png" width="640" height="480">'
        '</figure><img src="cid:someone-elses.png"><img src="cid:../../etc/passwd">'
        "</div>"
    )
    kept = formatted(source, files=["picture-1.png", "../../etc/passwd"])
    assert kept.inline == frozenset({"picture-1.png"})
    assert kept.html == (
        '<div><figure><img src="cid:picture-1.png" width="640" height="480">'
        "</figure></div>"
    )
    assert kept.text == "[picture-1.png]"


def test_the_text_reads_as_written():
    written = formatted(
        "<div>Hello <strong>Ada</strong>,<br>please:</div>"
        "<ul><li>restart the app</li><li>read <a href='https://help.example/x'>"
        "the guide</a></li></ul><ol><li>first</li><li>second</li></ol>"
        "<blockquote>you wrote this</blockquote><div>https://help.example/y and "
        "<a href='mailto:help@example.com'>help@example.com</a></div>"
    )
    assert written.text == (
        "Hello Ada,\nplease:\n  * restart the app\n  * read the guide "
        "(https://help.example/x)\n 1. first\n 2. second\n\n    you wrote this\n\n"
        "https://help.example/y and help@example.com"
    )
    # A web address typed as text is a live link, as in a plain message.
    assert (
        '<a href="https://help.example/y" rel="noopener noreferrer nofollow">'
        in written.html
    )


def test_typed_angle_brackets_stay_text():
    written = formatted("<div>a &lt;script&gt;alert(1)&lt;/script&gt; b</div>")
    assert "<script" not in written.html
    assert "&lt;script&gt;" in written.html
    assert written.text == "a <script>alert(1)</script> b"
