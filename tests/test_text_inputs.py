"""HTML extraction, byte decoding, binary detection and the language check."""

from __future__ import annotations

import codecs

import pytest

from slant.text.clean import decode_bytes, extract_html, language_warning, looks_binary
from slant.text.extract import strip_tags

PAGE = """<!doctype html><html lang="en"><head><title>Senate passes bill | Daily Planet</title>
<meta property="og:site_name" content="Daily Planet"><meta name="author" content="Jane Doe">
<meta property="article:published_time" content="2023-01-05T10:00:00Z"></head>
<body><nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article><h1>Senate passes bill</h1>
<p>The Senate passed the infrastructure bill on Tuesday after weeks of negotiation between the two parties.</p>
<p>"This is a historic day," said Senator Jane Smith, who led the talks for the majority over the summer.</p>
<p>Critics argued that the bill spends too much on roads and too little on public transport in big cities.</p>
</article><footer>Copyright 2023 Daily Planet</footer><script>var tracking = 1;</script></body></html>"""


def test_extract_html_main_text_and_metadata() -> None:
    text, meta = extract_html(PAGE, url="https://www.dailyplanet.example/senate")
    paragraphs = text.split("\n\n")
    assert "The Senate passed the infrastructure bill on Tuesday" in paragraphs[-3]
    assert paragraphs[-1].startswith("Critics argued")
    assert "tracking" not in text and "Copyright" not in text
    assert meta["title"] == "Senate passes bill"
    assert meta["date"] == "2023-01-05"
    assert meta["outlet"] == "Daily Planet"
    assert meta["url"] == "https://www.dailyplanet.example/senate"
    assert meta["warnings"] == []


def test_extract_html_keeps_the_headline_and_standfirst_and_drops_embedded_posts() -> None:
    # a page without <article>, where trafilatura starts at the standfirst and keeps an embedded post's text
    body = PAGE.split("<h1>Senate passes bill</h1>")[1].split("</article>")[0]
    head = (
        "<h1>Senate passes bill</h1><address><a>Jane Doe</a> Political correspondent</address>"
        '<div class="standfirst"><p>Roads and rail get most of the money</p></div>'
    )
    post = (
        '<blockquote class="twitter-tweet"><p>A great day for the country. Proud of this team!</p>'
        '<p>— Jane Smith (@janesmith) <a href="https://x.example/1">January 5, 2023</a></p></blockquote>'
    )
    page = (
        PAGE.split("<article>")[0]
        + f"<div>{head}{body.replace('<p>Critics', post + '<p>Critics')}</div></body>"
    )
    text, _ = extract_html(page)
    paragraphs = text.split("\n\n")
    assert paragraphs[:3] == [
        "Senate passes bill",
        "Jane Doe Political correspondent",
        "Roads and rail get most of the money",
    ]
    assert paragraphs[3].startswith("The Senate passed") and "Proud of this team" not in text


@pytest.mark.parametrize(
    "html",
    [
        "<html><body><p>Unclosed <b>bold <div>The minister resigned.<p>Second <script>alert(1)</scr",
        "",
        "<<<>>></p></div></html>",
        "\x00\x01 not html at all",
        "<p>Short.</p>",
    ],
)
def test_extract_html_never_crashes_on_broken_input(html: str) -> None:
    text, meta = extract_html(html)
    assert isinstance(text, str)
    assert set(meta) >= {"title", "date", "outlet", "url", "warnings"}
    assert "alert(1)" not in text


def test_fallback_when_trafilatura_raises(monkeypatch: pytest.MonkeyPatch) -> None:
    import trafilatura

    def broken(*args: object, **kwargs: object) -> None:
        raise ValueError("lxml choked")

    monkeypatch.setattr(trafilatura, "bare_extraction", broken)
    text, meta = extract_html(
        "<html><head><title>T</title></head><body><p>Short.</p><p>Two.</p></body></html>",
        url="https://news.example.org/a",
    )
    assert text == "Short.\n\nTwo."
    assert meta["title"] == "T"
    assert meta["outlet"] == "news.example.org"
    assert meta["warnings"] == ["trafilatura failed (ValueError: lxml choked); fell back to stripping tags"]


def test_fallback_when_trafilatura_finds_nothing() -> None:
    text, meta = extract_html("<html><body><script>var a = 1;</script></body></html>")
    assert text == ""
    assert meta["warnings"] == ["trafilatura found no main text; fell back to stripping tags"]


def test_strip_tags_skips_scripts_and_keeps_paragraphs() -> None:
    text, title = strip_tags("<title>A  b</title><p>One &amp; two</p><script>x()</script><div>Three</div>")
    assert (text, title) == ("One & two\n\nThree", "A b")


def test_decode_utf8_and_bom() -> None:
    assert decode_bytes("café – “quoted”".encode()) == ("café – “quoted”", [])
    assert decode_bytes(codecs.BOM_UTF8 + "café".encode()) == ("café", [])
    text, warnings = decode_bytes("café".encode("utf-16"))
    assert text == "café" and "utf-16" in warnings[0]


def test_decode_falls_back_to_cp1252_then_latin1() -> None:
    text, warnings = decode_bytes("“Café” costs €5".encode("cp1252"))
    assert text == "“Café” costs €5"
    assert warnings == ["input is not valid UTF-8 (invalid byte 0x93 at offset 0); decoded as cp1252"]
    # 0x81 is undefined in cp1252, so only latin-1 can decode it.
    text, warnings = decode_bytes(b"abc\x81d\xe9")
    assert text == "abc\x81dé"
    assert "latin-1" in warnings[0]


def test_looks_binary() -> None:
    assert looks_binary(b"%PDF-1.7\n%\xe2\xe3")
    assert looks_binary(b"PK\x03\x04" + b"\x00" * 20)
    assert looks_binary(b"\x89PNG\r\n\x1a\n")
    assert looks_binary(b"text with a \x00 NUL byte")
    assert looks_binary(bytes(range(32)) * 10)
    assert not looks_binary("An ordinary article. With “quotes” and é.".encode())
    assert not looks_binary("Café".encode("cp1252"))
    assert not looks_binary("utf-16 text".encode("utf-16"))
    assert not looks_binary(b"")


def test_language_warning() -> None:
    english = (
        "The government announced on Tuesday that it would raise taxes on the largest companies, "
        "and the opposition said that the plan was a mistake for the economy."
    )
    german = (
        "Die Regierung hat am Dienstag angekündigt, die Steuern für große Unternehmen zu erhöhen, "
        "und die Opposition nannte den Plan einen schweren Fehler für die Wirtschaft des Landes."
    )
    assert language_warning(english) is None
    warning = language_warning(german)
    assert warning is not None and warning.startswith("text may not be English")
    assert language_warning("Zu kurz.") is None  # too short to tell
