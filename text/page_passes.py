"""Passes of ``slant.text.clean`` that look at more than one line: the page header (masthead, headline, byline),
video players, embedded posts, author notes at the end, pull quotes and date stamps.

Each pass takes the normalised lines and the reasons found so far (``None`` = kept) and fills in more reasons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from slant.text.page_rules import STAMP_WORD

# Last words of outlet names ("The Capitol Ledger", "Frontier Health News").
OUTLET_WORDS = frozenset(
    """Times Post Journal Gazette Herald Tribune Chronicle Courier Ledger Observer Review Standard Register
    Sentinel Wire Report Dispatch Mirror Express Monitor Record Star Sun Bulletin Examiner Inquirer Independent
    Insider Today Weekly Magazine Digest Press Globe Mail Telegraph Guardian Beacon Courant Advocate Pioneer
    Leader Voice Banner Caller Enquirer News Daily Reporter Column Network Media Online Agency Service Radio TV
    Television Channel Broadcasting Newsroom Free Business Sport Sports""".split()
)
HEADER_MAX_LINES = 14  # lines scanned for a masthead and headline
MASTHEAD_MAX_WORDS = 6
HEADLINE_MAX_WORDS = 30
PROSE_MIN_WORDS = 8
QUESTION_HEADLINE_MAX_WORDS = 16
EMBED_MAX_WORDS = 70  # an embedded post's text (280 characters is about 50 words)
VIDEO_TITLE_MAX_WORDS = 20
PULL_QUOTE_MAX_WORDS = 45
PULL_QUOTE_MIN_WORDS = 5
TAIL_LINES = 4  # author notes are looked for among the last lines

_ENDS_SENTENCE = re.compile(r"[.!?…][\"”’')\]]*$")
_ENDS_PERIOD = re.compile(r"(?<!\.\.)\.[\"”’')\]]*$")
_HAS_NUMBER = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.IGNORECASE)
_VIDEO_START = re.compile(r"^(?:JUST WATCHED|MUST WATCH|Now playing|Up next|Video|Watch)\W*$", re.IGNORECASE)
_VIDEO_END = re.compile(r"^(?:Replay|More Videos\W*|MUST WATCH)$", re.IGNORECASE)
_EMBED_BYLINE = re.compile(r"(?:^|\s)[—–-]{1,2}\s*[^—–()]{1,80}\(@\w{1,30}\)")
_NAME_LIST = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}(?:(?:,| and| &) [A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3})*"
    r"(?:,\s*[A-Z][^.!?]{0,60})?$"
)
_BIO = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} (?:is|was|has been) (?:a|an|the)\b.{0,300}\b(?:reporter|"
    r"correspondent|editor|writer|columnist|contributor|fellow|professor|author|journalist|economist|analyst|"
    r"producer|lecturer|researcher|director)s?\b",
)
_QUOTE_CHARS = str.maketrans({"“": '"', "”": '"', "‘": "'", "’": "'", "—": "-", "–": "-"})
_ATTRIBUTION = re.compile(r"\s*[-]{1,2}\s*[A-Z][\w.' -]{1,60}$")


def is_stamp(line: str) -> bool:
    """A date/update stamp: a short line of dates, times, zones and stamp words ("Updated 6:12 PM EST, Tue")."""
    words = line.split()
    if not 1 <= len(words) <= 20 or not _HAS_NUMBER.search(line):
        return False
    unknown = sum(not STAMP_WORD.match(w) for w in words)
    return unknown == 0 or (unknown == 1 and len(words) >= 3)


def _prose(line: str) -> bool:
    n = len(line.split())
    if line.rstrip("\"”’')]").endswith("?"):  # "Why the Fed is in no hurry to cut rates?" may be a headline
        return n > QUESTION_HEADLINE_MAX_WORDS
    return (n >= PROSE_MIN_WORDS and bool(_ENDS_SENTENCE.search(line))) or n > HEADLINE_MAX_WORDS


def _headline_like(line: str) -> bool:
    return 1 <= len(line.split()) <= HEADLINE_MAX_WORDS and not _ENDS_PERIOD.search(line)


def _masthead_like(line: str, outlets: Sequence[str]) -> bool:
    words = line.split()
    low = line.lower()
    if any(o and (low == o or low.startswith(o + " ") or low.endswith(" " + o)) for o in outlets):
        return True
    if len(words) > MASTHEAD_MAX_WORDS or _ENDS_SENTENCE.search(line):
        return False
    return (
        len(words) <= 3
        or (line.isupper() and len(words) <= MASTHEAD_MAX_WORDS)
        or words[-1].strip("|:") in OUTLET_WORDS
        or "|" in line
        or bool(re.search(r"\.(?:com|org|net|co\.uk)\b", low))
    )


def header_pass(lines: Sequence[str], reasons: list[str | None], outlets: Sequence[str]) -> int | None:
    """Find the headline among the first lines; lines above it that look like an outlet's name or a section label
    become "masthead", short name lines just below it "byline". Returns the headline's index, or None."""
    zone: list[int] = []
    for i, line in enumerate(lines):
        if len(zone) >= HEADER_MAX_LINES:
            break
        if not line or reasons[i] is not None:
            continue
        if _prose(line):
            break
        zone.append(i)
    outlets = [o.lower() for o in outlets]
    title = None
    for k, i in enumerate(zone):
        later = [
            j for j in zone[k + 1 :] if _headline_like(lines[j]) and not _masthead_like(lines[j], outlets)
        ]
        if (later and _masthead_like(lines[i], outlets)) or lines[i].lower() in outlets:
            reasons[i] = "masthead"
            continue
        if _headline_like(lines[i]):
            title = i
            break
    if title is None:
        return None
    for i in zone:
        if i > title and reasons[i] is None and _NAME_LIST.match(lines[i]) and len(lines[i].split()) <= 12:
            reasons[i] = "byline"
    return title


def stamp_pass(lines: Sequence[str], reasons: list[str | None]) -> None:
    for i, line in enumerate(lines):
        if line and reasons[i] is None and is_stamp(line):
            reasons[i] = "timestamp"


def _previous_kept(lines: Sequence[str], reasons: Sequence[str | None], i: int) -> int | None:
    j = i - 1
    while j >= 0 and not lines[j]:
        j -= 1
    return j if j >= 0 and reasons[j] is None else None


def embed_and_video_pass(lines: Sequence[str], reasons: list[str | None]) -> None:
    """The text line above an embedded post's "— Name (@handle) date" line; video titles inside a player block
    ("JUST WATCHED" / title / "Replay" / "More Videos")."""
    video_left = 0
    for i, line in enumerate(lines):
        if not line:
            continue
        if (
            reasons[i] == "embedded post"
            and _EMBED_BYLINE.search(line)
            and _EMBED_BYLINE.match(line.lstrip())
        ):
            j = _previous_kept(lines, reasons, i)
            if j is not None and len(lines[j].split()) <= EMBED_MAX_WORDS:
                reasons[j] = "embedded post"
        if _VIDEO_START.match(line):
            video_left = 2
            continue
        if _VIDEO_END.match(line):
            video_left = 1 if line.upper() == "MUST WATCH" else 0
            continue
        short = len(line.split()) <= VIDEO_TITLE_MAX_WORDS and not _ENDS_PERIOD.search(line)
        if video_left and reasons[i] is None and short:
            reasons[i] = "video caption"
            video_left -= 1
        elif reasons[i] is None:
            video_left = 0


def tail_pass(lines: Sequence[str], reasons: list[str | None]) -> None:
    """An author note among the last lines ("Jane Doe is a reporter covering energy ...")."""
    kept = [i for i, line in enumerate(lines) if line and reasons[i] is None][-TAIL_LINES:]
    for i in kept:
        if len(lines[i].split()) <= 60 and _BIO.match(lines[i]):
            reasons[i] = "byline"


def _plain(text: str) -> str:
    return " ".join(text.translate(_QUOTE_CHARS).lower().split())


def pull_quote_pass(lines: Sequence[str], reasons: list[str | None], title: int | None) -> None:
    """A short line repeated word for word inside another kept paragraph is a pull quote."""
    kept = [i for i, line in enumerate(lines) if line and reasons[i] is None and i != title]
    plain = {i: _plain(lines[i]) for i in kept}
    for i in kept:
        if len(lines[i].split()) > PULL_QUOTE_MAX_WORDS:
            continue
        core = _plain(_ATTRIBUTION.sub("", lines[i].translate(_QUOTE_CHARS))).strip(" \"'")
        core = core.rstrip(".,;:!?\"' ")
        if len(core.split()) < PULL_QUOTE_MIN_WORDS:
            continue
        if any(
            j != i and reasons[j] is None and len(plain[j]) > len(core) + 1 and core in plain[j] for j in kept
        ):
            reasons[i] = "pull quote"
