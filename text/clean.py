"""Remove the non-prose parts of an article copied from a news site, reporting every removal.

Example:
    >>> cleaned = clean_text("By Jane Doe, Reuters\\n\\nWASHINGTON (Reuters) - The Senate voted.\\nAdvertisement")
    >>> cleaned.text
    'The Senate voted.'
    >>> [(r.text, r.reason) for r in cleaned.removed]
    [('By Jane Doe, Reuters', 'byline'), ('WASHINGTON (Reuters) -', 'dateline'), ('Advertisement', 'advertisement')]

The same module re-exports the input helpers of ``slant.text.extract`` and ``slant.text.encoding``:
``extract_html``, ``looks_binary``, ``decode_bytes`` and ``language_warning``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from slant.text.clean_rules import LINE_RULES, LINK_LIST_HEADERS, MAX_BOILERPLATE_WORDS, PREFIX_RULES, Rule
from slant.text.encoding import decode_bytes, language_warning, looks_binary
from slant.text.extract import extract_html
from slant.text.page_passes import (
    body_caption_pass,
    embed_and_video_pass,
    header_pass,
    photo_pass,
    pull_quote_pass,
    stamp_pass,
    tail_pass,
    widget_pass,
)

__all__ = [
    "Cleaned",
    "Removed",
    "clean_text",
    "normalise_line",
    "extract_html",
    "looks_binary",
    "decode_bytes",
    "language_warning",
]

# Paragraphs, counted from the top, in which a bare "CITY — " dateline may be cut.
DATELINE_PARAGRAPHS = 5
# Longest item (in words) of a link list under a "Related" header, and longest run of items.
LINK_ITEM_MAX_WORDS = 16
LINK_LIST_MAX_ITEMS = 12
# A navigation menu: at least this many consecutive short title-case lines.
MENU_MIN_LINES = 3
MENU_ITEM_MAX_WORDS = 3

_INVISIBLE = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile(r"\s+")
_TERMINAL_END = re.compile(r"[.!?…][\"”’')\]]*$")
_BULLET = re.compile(r"^[•·*»▶►▸‣◦-]\s*")
_MENU_WORD = re.compile(r"^(?:[A-Z0-9][\w'’.-]*|&|and|of|the|for)$")
_OUTLET_IN_NOTICE = re.compile(
    r"(?:©|Copyright|\(c\))\s*(?:©\s*)?(?:\d{4}\s*,?\s*)?([A-Z][\w&.'’ -]{2,60}?)(?=\s*(?:\.|,|\d{4}|-|$|All))"
    r"|^Follow ([A-Z][\w&.'’ -]{2,60}?) on\b"
)


@dataclass(frozen=True)
class Removed:
    """One line or fragment that ``clean_text`` dropped.

    Attributes:
        text: The dropped text, whitespace-normalised.
        reason: Why it was dropped ("photo caption", "disclaimer", "dateline", ...).
    """

    text: str
    reason: str


@dataclass
class Cleaned:
    """The prose of an article and everything that was removed from it.

    Attributes:
        text: Kept paragraphs, whitespace-normalised, joined by blank lines (``"\\n\\n"``).
        removed: Every dropped line or prefix, in input order.
        title: The headline found at the top (below any masthead), still the first paragraph of ``text``;
            None when the text starts with prose.
    """

    text: str
    removed: list[Removed] = field(default_factory=list)
    title: str | None = None


def normalise_line(line: str) -> str:
    """Drop invisible characters and collapse every run of whitespace inside a line to one space."""
    return _SPACES.sub(" ", _INVISIBLE.sub("", line)).strip()


def _line_reason(line: str, rules: Sequence[Rule]) -> str | None:
    if len(line.split()) > MAX_BOILERPLATE_WORDS:
        return None  # long lines are prose, whatever they contain
    for pattern, reason in rules:
        if pattern.search(line):
            return reason
    return None


def _is_menu_item(line: str) -> bool:
    words = line.split()
    return (
        0 < len(words) <= MENU_ITEM_MAX_WORDS
        and not _TERMINAL_END.search(line)
        and not line.endswith((",", ";", ":"))
        and all(_MENU_WORD.match(w) for w in words)
    )


def _menu_lines(lines: list[str]) -> set[int]:
    """Indices of lines in runs of at least MENU_MIN_LINES short title-case lines (blank lines may intervene)."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, "end of text."]):
        if not line:
            continue
        if _is_menu_item(line):
            run.append(i)
            continue
        if len(run) >= MENU_MIN_LINES:
            found.update(run)
        run = []
    return found


def _next_line(lines: Sequence[str], i: int) -> str:
    """The next non-empty line after ``i`` ("" at the end)."""
    return next((line for line in lines[i + 1 :] if line), "")


def _is_link_item(line: str, following: str) -> bool:
    """An item of a list of links: short, and unpunctuated, bulleted or a question. A story's headline may carry a
    second short sentence ("Sea levels rise. Families move the dead."), so a short item ending in a full stop
    counts too when the list goes on below it (the next line is as short); prose below a bare header does not."""
    words = len(line.split())
    if words > LINK_ITEM_MAX_WORDS:
        return False
    if bool(_BULLET.match(line)) or line.endswith("?") or not _TERMINAL_END.search(line):
        return True
    return bool(following) and len(following.split()) <= LINK_ITEM_MAX_WORDS


def clean_text(
    raw: str,
    *,
    line_rules: Sequence[Rule] = LINE_RULES,
    prefix_rules: Sequence[Rule] = PREFIX_RULES,
    outlets: Sequence[str] = (),
) -> Cleaned:
    """Keep the prose of a scraped article; drop captions, credits, mastheads, disclaimers, prompts and the like.

    Each input line is a paragraph. A line is dropped when a rule of ``line_rules`` matches it (rules are
    anchored so that prose which merely mentions a photo or a newsletter stays), when it belongs to a list of
    links under a "Related"/"Read more" header, or when it is part of a run of short title-case navigation
    lines. Passes over several lines then find the headline (lines above it that look like the outlet's name or a
    section label are its masthead, name lines below it down to the body its byline), date stamps, video players,
    the text of embedded posts, photo blocks (a caption above its credit), the rest of newsletter and shopping
    boxes, author notes and lists of other stories at the end and pull quotes repeated from the prose. Datelines ("WASHINGTON (Reuters) - ") are cut from the start
    of a paragraph. Every dropped line or prefix is reported with its reason.

    Args:
        raw: The article text as pasted or extracted.
        line_rules: ``(regex, reason)`` pairs for whole lines; extend ``clean_rules.LINE_RULES`` to add some.
        prefix_rules: ``(regex, reason)`` pairs cut from the start of a paragraph.
        outlets: Names of the outlet (from the page's metadata), recognised as a masthead above the headline.

    Returns:
        The kept paragraphs joined by ``"\\n\\n"``, the list of removals and the headline (``title``).
    """
    lines = [normalise_line(line) for line in raw.splitlines()]
    menu = _menu_lines(lines)
    reasons: list[str | None] = [None] * len(lines)
    link_items_left = 0  # >0 while inside a list of links under a "Related" header
    for i, line in enumerate(lines):
        if not line:
            continue
        reason = _line_reason(line, line_rules)
        if reason is None and i in menu:
            reason = "navigation"
        if reason is None and link_items_left and _is_link_item(line, _next_line(lines, i)):
            reason = "link list"
            link_items_left -= 1
        elif reason is None:
            link_items_left = 0
        if reason in LINK_LIST_HEADERS and len(line.split()) <= 5:
            link_items_left = LINK_LIST_MAX_ITEMS
        reasons[i] = reason
    stamp_pass(lines, reasons)
    embed_and_video_pass(lines, reasons)
    photo_pass(lines, reasons)
    body_caption_pass(lines, reasons)
    widget_pass(lines, reasons)
    title = header_pass(lines, reasons, [*outlets, *_outlet_names(lines, reasons)])
    tail_pass(lines, reasons)
    pull_quote_pass(lines, reasons, title)
    removed: list[Removed] = []
    kept: list[str] = []
    for i, line in enumerate(lines):
        if not line:
            continue
        if reasons[i] is not None:
            removed.append(Removed(line, reasons[i]))
            continue
        line = _cut_prefixes(line, prefix_rules, len(kept) < DATELINE_PARAGRAPHS, removed)
        if line:
            kept.append(line)
    return Cleaned("\n\n".join(kept), removed, lines[title] if title is not None else None)


def _outlet_names(lines: Sequence[str], reasons: Sequence[str | None]) -> list[str]:
    """Outlet names written in the page's own notices ("© 2025 The Capitol Ledger. All rights reserved.")."""
    names = []
    for line, reason in zip(lines, reasons):
        if reason in ("copyright", "share prompt", "disclaimer"):
            names += [(m.group(1) or m.group(2)).strip() for m in _OUTLET_IN_NOTICE.finditer(line)]
    return names


def _cut_prefixes(line: str, rules: Sequence[Rule], near_top: bool, removed: list[Removed]) -> str:
    for n, (pattern, reason) in enumerate(rules):
        if n > 0 and reason == "dateline" and not near_top:
            continue  # a bare "CITY — " is only a dateline near the top of the article
        match = pattern.match(line)
        if match and match.end() < len(line):
            removed.append(Removed(match.group().strip(), reason))
            line = line[match.end() :].lstrip()
    return line
