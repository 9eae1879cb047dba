"""Main text and metadata from an HTML page, with a plain tag-stripping fallback for pages trafilatura rejects."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlparse

METADATA_KEYS: tuple[str, ...] = ("title", "date", "outlet", "author", "url", "language", "warnings")

# Elements whose text is never article prose.
_SKIP_TAGS = frozenset(
    {
        "script",
        "style",
        "noscript",
        "template",
        "svg",
        "head",
        "nav",
        "footer",
        "aside",
        "form",
        "button",
        "iframe",
        "select",
        "figure",
        "figcaption",
    }
)
_BLOCK_TAGS = frozenset(
    {
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "section",
        "article",
        "blockquote",
        "tr",
        "table",
        "header",
        "main",
        "pre",
        "dd",
        "dt",
        "hr",
        # the byline's <address> and a stamp's <details>/<summary> stand apart from what follows them
        "address",
        "details",
        "summary",
        "dl",
        "fieldset",
    }
)
_VOID_TAGS = frozenset(
    {
        "br",
        "hr",
        "img",
        "meta",
        "link",
        "input",
        "area",
        "base",
        "col",
        "embed",
        "source",
        "track",
        "wbr",
        "param",
    }
)
# The page's own date markup only: htmldate's "extensive" search runs dateparser over the page text, which
# costs seconds per page (its locales load on first use) and mostly finds dates of the prose.
_DATE_PARAMS = {"original_date": True, "extensive_search": False}
# The embed codes of social networks ("twitter-tweet", "instagram-media", ...): a post shown inside the page, never
# its prose. Trafilatura keeps the post's text but drops its attribution link, which leaves the text looking like a
# paragraph of the article, so the whole block goes before extraction.
_EMBED_BLOCK = re.compile(
    r"<blockquote\b[^>]*\bclass=[\"'][^\"']*\b(?:twitter-tweet|instagram-media|tiktok-embed|bluesky-embed|"
    r"text-post-media|threads-embed)\b[^>]*>.*?</blockquote\s*>",
    re.IGNORECASE | re.DOTALL,
)
_BLANKS = re.compile(r"\n\s*\n+")
_SPACES = re.compile(r"[^\S\n]+")


class _TextCollector(HTMLParser):
    """Collects visible text, one paragraph per block element, plus the <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title = ""
        self.headline = ""  # the text of the first visible <h1>
        self._skip_depth = 0
        self._in_title = False
        self._h1_depth = 0
        self._h1_done = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "title":
            self._in_title = True
        if tag in _SKIP_TAGS and tag not in _VOID_TAGS and tag != "head":
            self._skip_depth += 1
        if tag == "h1" and not self._h1_done and not self._skip_depth:
            self._h1_depth += 1
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _SKIP_TAGS and tag != "head" and self._skip_depth:
            self._skip_depth -= 1
        if tag == "h1" and self._h1_depth:
            self._h1_depth -= 1
            self._h1_done = not self._h1_depth and bool(self.headline.strip())
        if tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._skip_depth:
            self.parts.append(data)
            if self._h1_depth:
                self.headline += data

    def text(self) -> str:
        joined = _SPACES.sub(" ", "".join(self.parts))
        paragraphs = (p.strip() for p in _BLANKS.split(joined))
        return "\n\n".join(p.replace("\n", " ") for p in paragraphs if p)


def strip_tags(html: str) -> tuple[str, str]:
    """Visible text of ``html`` with paragraph breaks, and its ``<title>``, using only the standard library."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    except Exception:  # html.parser is lenient; anything it still rejects leaves what was collected so far
        pass
    return collector.text(), " ".join(collector.title.split())


def _plain(paragraph: str) -> str:
    return " ".join(paragraph.split())


def restore_head(html: str, text: str) -> str:
    """Put back the page's head that trafilatura leaves out: the <h1> and the lines between it and the first
    paragraph it kept (the standfirst, a bullet summary, the byline and stamps), so that the cleaner reads an HTML
    page as it reads the same article pasted: the headline above the body (a kicker above it stays a kicker, not
    the top of the prose), the standfirst kept as prose, the byline and stamps dropped by its rules. ``text`` is
    returned unchanged when the page has no <h1>, when trafilatura kept it, or when no kept paragraph follows it."""
    collector = _TextCollector()
    try:
        collector.feed(html)
        collector.close()
    # html.parser is lenient; anything it still rejects leaves the text as trafilatura gave it
    except Exception:  # noqa: BLE001
        return text
    headline = _plain(collector.headline)
    kept = text.split("\n\n")
    plain_kept = [_plain(p) for p in kept]
    if not headline or headline in plain_kept:
        return text
    blocks = [_plain(p) for p in collector.text().split("\n\n")]
    if headline not in blocks:
        return text
    top = blocks.index(headline)
    after = {b: n for n, b in reversed(list(enumerate(blocks[top + 1 :], start=top + 1)))}
    for k, paragraph in enumerate(plain_kept):
        if paragraph in after:  # the first kept paragraph below the headline
            known = set(plain_kept)
            missing = [b for b in blocks[top : after[paragraph]] if b not in known]
            return "\n\n".join([*kept[:k], *missing, *kept[k:]])
    return text


def _outlet_from_url(url: str | None) -> str | None:
    if not url:
        return None
    host = urlparse(url).hostname or ""
    return host.removeprefix("www.") or None


def extract_html(html: str, url: str | None = None) -> tuple[str, dict[str, Any]]:
    """Extract the main text and metadata of a news page.

    Uses trafilatura (``bare_extraction`` with metadata); when it fails or finds no main text, falls back to
    stripping tags with ``html.parser`` and records a warning in the metadata. Never raises on malformed HTML.

    Args:
        html: The page source.
        url: The page address, when known; used for the outlet name and passed to trafilatura.

    Returns:
        The main text (paragraphs separated by ``"\\n\\n"``) and a dict with keys ``title``, ``date``,
        ``outlet`` (site name, else the host name), ``author``, ``url``, ``language`` (each ``str | None``)
        and ``warnings`` (list of str).

    Example:
        >>> text, meta = extract_html("<html><body><script>var a;</script></body></html>")
        >>> text, meta["warnings"]
        ('', ['trafilatura found no main text; fell back to stripping tags'])
    """
    meta: dict[str, Any] = {key: None for key in METADATA_KEYS}
    meta["url"] = url
    meta["warnings"] = []
    text = ""
    document = None
    page = _EMBED_BLOCK.sub("", html)
    try:
        import trafilatura  # deferred: importing it loads lxml and its settings

        document = trafilatura.bare_extraction(
            page,
            url=url,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            date_extraction_params=_DATE_PARAMS | {"max_date": date.today().isoformat()},
        )
    except Exception as err:  # trafilatura raises assorted lxml/ValueError errors on broken pages
        meta["warnings"].append(
            f"trafilatura failed ({type(err).__name__}: {err}); fell back to stripping tags"
        )
    if document is not None:
        text = (getattr(document, "text", None) or "").strip()
        for key, attr in (
            ("title", "title"),
            ("date", "date"),
            ("outlet", "sitename"),
            ("author", "author"),
            ("language", "language"),
        ):
            value = getattr(document, attr, None)
            meta[key] = str(value).strip() or None if value else None
        meta["url"] = url or getattr(document, "url", None)
    if not text:
        fallback, title = strip_tags(html)
        if not meta["warnings"]:
            meta["warnings"].append("trafilatura found no main text; fell back to stripping tags")
        text = fallback
        meta["title"] = meta["title"] or title or None
    else:
        # trafilatura separates paragraphs with single newlines; Slant uses blank lines.
        text = "\n\n".join(line.strip() for line in text.splitlines() if line.strip())
        text = restore_head(page, text)
    meta["outlet"] = meta["outlet"] or _outlet_from_url(meta["url"])
    return text, meta
