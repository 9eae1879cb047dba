"""Passes of ``slant.text.clean`` that look at more than one line: the page header (masthead, headline, byline),
video players, embedded posts, author notes at the end, pull quotes and date stamps.

Each pass takes the normalised lines and the reasons found so far (``None`` = kept) and fills in more reasons.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence

from slant.text.page_rules import JOURNALIST_ROLE, STAMP_WORD

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
SENTENCE_HEADLINE_MAX_WORDS = 20  # a headline written as sentences is short
HEADER_FURNITURE_LOOKAHEAD = 3  # lines below the standfirst searched for the byline or date stamp
PROSE_MIN_WORDS = 8
QUESTION_HEADLINE_MAX_WORDS = 16
EMBED_MAX_WORDS = 70  # an embedded post's text (280 characters is about 50 words)
VIDEO_TITLE_MAX_WORDS = 20
PULL_QUOTE_MAX_WORDS = 45
PULL_QUOTE_MIN_WORDS = 5
PULL_QUOTE_MIN_WORDS_QUOTED = 3
TAIL_LINES = 4  # author notes are looked for among the last lines
BYLINE_MAX_WORDS = 12
BYLINE_ROLE_MAX_WORDS = 14
CAPTION_MAX_WORDS = 35  # a caption above a photo credit; longer lines are prose
BODY_CAPTION_MIN_WORDS = 10  # an unpunctuated line this long inside the body is a caption, not a crosshead
TAIL_LINK_MAX_WORDS = 16  # a headline of another story listed after the article
TAIL_LINKS_MIN = 2

WIDGET_MAX_WORDS = 8  # a newsletter box's tagline or marker ("Free daily newsletter")
PRODUCT_MAX_WORDS = 12  # a product's name above its price

_LIST_REASONS = frozenset({"related links", "link list"})
_PROMPT_REASONS = frozenset({"newsletter prompt", "paywall prompt"})
COOKIE_BUTTON_MAX_WORDS = 6
# A consent banner's buttons: "Yes, I agree", "No, take me to settings", "Got it", "More options".
_COOKIE_BUTTON = re.compile(
    r"\b(?:yes|no|ok(?:ay)?|agree|accept|reject|decline|refuse|allow|consent|settings|preferences|options|"
    r"manage|customi[sz]e|got it|continue|necessary|essential)\b",
    re.IGNORECASE,
)
_PROMPT_WORD = re.compile(
    r"\b(?:newsletters?|inbox|e-?mail|sign(?:ing)? up|subscribe|subscription)\b", re.IGNORECASE
)
# A shopping box's price or button ("£16.99 at Store", "View Deal", "Buy now"), below the product's name.
_PRICE = re.compile(
    r"^(?:[$£€][\d,.]+\s+(?:at|from)\s|(?:View|See|Check|Shop) (?:Deal|Deals|Price)\b|Buy now\b)", re.I
)
_ENDS_SENTENCE = re.compile(r"[.!?…][\"”’')\]]*$")
_ENDS_PERIOD = re.compile(r"(?<!\.\.)\.[\"”’')\]]*$")
_HAS_NUMBER = re.compile(r"\d|\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)", re.IGNORECASE)
# A player's label, or its clock after a label ("VIDEO 3:12"): the video's title and show name follow it.
_VIDEO_START = re.compile(
    r"^(?:JUST WATCHED|MUST WATCH|Now playing|Up next|Video|Watch(?: now| video)?|Play video|Video Ad Feedback|"
    r"(?:Video|Watch|Play(?: video)?)\W*\d{1,2}:\d{2}(?:\s+\d{1,2}:\d{2})?)\W*$",
    re.IGNORECASE,
)
_VIDEO_END = re.compile(r"^(?:Replay|More Videos\W*|MUST WATCH)$", re.IGNORECASE)
_EMBED_BYLINE = re.compile(r"(?:^|\s)[—–-]{1,2}\s*[^—–()]{1,80}\(@\w{1,30}\)")
# A byline's name (two to four capitalised words), optionally with where the writer filed from ("Ana Ruiz in Kyiv").
_PERSON = r"[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3}(?: (?:in|at|from) [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3})?"
_NAME_LIST = re.compile(r"^" + _PERSON + r"(?:(?:,| and| &) " + _PERSON + r")*(?:,\s*[A-Z][^.!?]{0,60})?$")
# The second line of a byline: "and Name" of a shared byline, or the writer's role and employer in Title Case
# ("Markets Reporter", "Associate Professor of Urban Economics, Coastal Metropolitan University").
_BARE_NAME = re.compile(r"^[A-Z][a-z][\w.'’-]*(?: [A-Z][\w.'’-]*){1,3}$")
_AND_NAME = re.compile(r"^(?:and|&) " + _PERSON + r"$")
_ROLE = re.compile(r"^[A-Z][\w.'’&-]*(?:,? (?:[A-Z][\w.'’&-]*|of|for|and|the|at|in|on|&))*$")
# A role in sentence case under the name: "Health reporter", "Chief political correspondent".
_BEAT_ROLE = re.compile(r"^[A-Z][\w'’&-]*(?: [a-z][\w'’&-]*){0,3} " + JOURNALIST_ROLE + r"$")
# The name and the beat on one line, no comma ("Ana Ruiz Legal affairs correspondent", "Ana Ruiz Political Editor,
# in Brussels"): a profile link and the role after it, read as one line.
_NAME_AND_ROLE = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,2},? [A-Za-z][\w'’&-]*(?: [A-Za-z][\w'’&-]*){0,2} "
    + JOURNALIST_ROLE
    + r"(?:,? (?:in|at|from) [A-Z][\w.'’ -]{1,40})?$"
)
_STARTS_FUNCTION_WORD = re.compile(
    r"^(?:The|A|An|In|On|At|For|From|To|By|With|How|Why|What|When|Where|Who|Inside|After|Before|More)\b"
)
# "Marcus Lyle for Pulse": a photographer working for the outlet (a credit when it stands by other photo lines).
_CREDIT_FOR = re.compile(
    r"^[A-Z][\w.'’-]+(?: [A-Z][\w.'’-]+){1,3} for (?:the )?[A-Z][\w.'’&-]*(?: [A-Z][\w.'’&-]*){0,4}$"
)
# Prose reports speech and past events; a caption describes a picture in the present tense (the agencies' style:
# "Crews work at the site ..."). A line with a quote, a reporting verb, a past or future verb form is never taken
# for the caption of the credit below it (a credit may follow prose when the picture had no caption).
_NOT_CAPTION = re.compile(
    r"[\"“”]|\b(?:said|says|told|tells|according to|added|asked|was|were|had|did|will|would|could|fell|rose|"
    r"went|took|made|came|gave|won|lost|left|began|saw|found|became|held|met)\b"
    r"|(?<!\bis )(?<!\bare )(?<!\bbe )(?<!\bbeing )\b[a-z]{2,}ed\b"
)
_FIRST_SENTENCE = re.compile(r"^.*?[.!?](?=\s+[A-Z\"“‘(])")
_CAPTION_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
    r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
# ", March 2025." / ", on Oct. 30, 2024." / ", Tuesday, 4 March 2025." closing a one-sentence line
_DATED_CAPTION = re.compile(
    r"^[^.!?]{8,}?,\s+(?:on\s+)?(?:[A-Z][a-z]+day,?\s+)?(?:"
    + _CAPTION_MONTH
    + r"\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+"
    + _CAPTION_MONTH
    + r",?\s+\d{4}|"
    + _CAPTION_MONTH
    + r",?\s+\d{4})\.?$"
)
_NAMED_CREDIT = re.compile(r"\S\s*/\s*\S| via | for ")
_PHOTO_REASONS = frozenset({"photo credit", "image alt text", "photo caption", "image caption"})
_POST_SHARED = re.compile(r"^A post shared by\b", re.IGNORECASE)
# The text of a photo post ends in an emoji or a hashtag, or without a full stop; a paragraph of prose above a
# "A post shared by" line (a post with no text) ends with one.
_POST_TEXT = re.compile(r"[#@]\w|[\U0001F300-\U0001FAFF\u2600-\u27BF]|[^.\s]\s*$")
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
    title = _sentence_headline(lines, reasons, zone, outlets)
    if title is not None:
        for i in zone:
            reasons[i] = "masthead"
        _top_bylines(lines, reasons, title)
        return title
    for k, i in enumerate(zone):
        later = [
            j for j in zone[k + 1 :] if _headline_like(lines[j]) and not _masthead_like(lines[j], outlets)
        ]
        if (later and _masthead_like(lines[i], outlets)) or lines[i].lower() in outlets:
            reasons[i] = "masthead"
            continue
        if _byline_above_stamp(lines, reasons, i):
            reasons[i] = "byline"
            continue
        if _headline_like(lines[i]):
            title = i
            break
    if title is None:
        # no headline: a bare name among the lines above the first paragraph is still the writer's byline
        _top_bylines(lines, reasons, -1, prose_limit=1)
        return None
    _top_bylines(lines, reasons, title)
    return title


def _byline_above_stamp(lines: Sequence[str], reasons: Sequence[str | None], i: int) -> bool:
    """A bare name of two to four words right above the date stamp is the writer's byline, not a headline: news
    pages print "Name" / "Updated ..." together, and a headline is rarely only somebody's name."""
    j = next((j for j in range(i + 1, len(lines)) if lines[j]), None)
    return j is not None and reasons[j] == "timestamp" and bool(_BARE_NAME.match(lines[i]))


def _sentence_headline(
    lines: Sequence[str], reasons: Sequence[str | None], zone: Sequence[int], outlets: Sequence[str]
) -> int | None:
    """A headline written as one or two short sentences with full stops ("Congress wants a ban. Schools got there
    first.") reads like prose, so the header scan stops at it. It is the headline when it is the first kept line,
    a longer standfirst follows it and the page's byline or date stamp stands right below that: a paste that
    starts with prose has no byline under its second paragraph. Lines above it must look like mastheads."""
    kept = [i for i, line in enumerate(lines) if line and reasons[i] is None and i not in zone]
    if any(not _masthead_like(lines[i], outlets) for i in zone) or len(kept) < 2:
        return None  # a headline-like line above it is the headline
    first, second = kept[0], kept[1]
    words = len(lines[first].split())
    if (
        words > SENTENCE_HEADLINE_MAX_WORDS
        or not _prose(lines[second])
        or len(lines[second].split()) <= words
    ):
        return None
    if len(re.findall(r"[.!?](?:\s|$)", lines[first])) > 2:
        return None
    below = [j for j in range(second + 1, len(lines)) if lines[j]][:HEADER_FURNITURE_LOOKAHEAD]
    if any(reasons[j] in ("byline", "timestamp") for j in below):
        return first
    return None


def _top_bylines(lines: Sequence[str], reasons: list[str | None], title: int, prose_limit: int = 2) -> None:
    """Bylines between the headline and the body. A byline may stand below the standfirst, so the scan runs until
    the second prose paragraph after the headline: a line of names alone ("Priya Nandakumar", "Oliver Brandt in
    Istanbul and Yulia Kravets in Kyiv") is a byline, and so is the line after a byline that continues it ("and
    Ines Delorme") or gives the writer's role ("Markets Reporter"). Prose and removed lines end a byline.
    Without a headline (``title`` -1) the scan stops at the first prose paragraph (``prose_limit`` 1)."""
    prose_seen = seen = 0
    after_byline = False
    for i in range(title + 1, len(lines)):
        line = lines[i]
        if not line:
            continue
        seen += 1
        if seen > HEADER_MAX_LINES:
            break
        if reasons[i] is not None:
            after_byline = reasons[i] == "byline"
            continue
        if _prose(line):
            prose_seen += 1
            if prose_seen == prose_limit:
                break
            after_byline = False
            continue
        words = len(line.split())
        names = words <= BYLINE_MAX_WORDS and not _STARTS_FUNCTION_WORD.match(line)
        names = names and bool(_NAME_LIST.match(line) or _NAME_AND_ROLE.match(line))
        role = after_byline and (
            _AND_NAME.match(line)
            or (words <= BYLINE_ROLE_MAX_WORDS and (_ROLE.match(line) or _BEAT_ROLE.match(line)))
        )
        if names or role:
            reasons[i] = "byline"
            after_byline = True
        else:
            after_byline = False


def photo_pass(lines: Sequence[str], reasons: list[str | None]) -> None:
    """Photo blocks: a "Name for Outlet" line next to other photo lines is the photographer's credit, and a short
    kept line in the present tense that does not report speech is a caption when it stands between photo lines ("Enlarge this image",
    caption, credit) or directly above a credit naming who took the picture for whom ("Name / Outlet", "Handout
    via Agency", "Name for Outlet"): pages put that credit right under its caption. A bare "Getty Images" or
    "Handout" may also follow prose whose picture had no caption, so it is no evidence."""
    idx = [i for i, line in enumerate(lines) if line]
    for k, i in enumerate(idx):
        if reasons[i] is None and _CREDIT_FOR.match(lines[i]):
            near = [idx[j] for j in (k - 1, k + 1) if 0 <= j < len(idx)]
            if any(reasons[j] in _PHOTO_REASONS for j in near):
                reasons[i] = "photo credit"
    for k, i in enumerate(idx):
        if reasons[i] is not None or len(lines[i].split()) > CAPTION_MAX_WORDS:
            continue
        # the agencies' captions describe the picture in their first sentence and may add background in the past
        # tense after it ("A and B at the summit on Friday. The two leaders held talks ..."): the first sentence
        # decides, when a photo line confirms the block
        nxt = idx[k + 1] if k + 1 < len(idx) else None
        prev = idx[k - 1] if k else None
        named_credit = (
            nxt is not None and reasons[nxt] == "photo credit" and bool(_NAMED_CREDIT.search(lines[nxt]))
        )
        between = (
            nxt is not None
            and prev is not None
            and reasons[nxt] in _PHOTO_REASONS
            and reasons[prev] in _PHOTO_REASONS
        )
        # some pages print the credit first: a block of photo lines ending in a named credit, then the caption
        prev2 = idx[k - 2] if k >= 2 else None
        credit_above = (
            prev is not None
            and prev2 is not None
            and reasons[prev] == "photo credit"
            and bool(_NAMED_CREDIT.search(lines[prev]))
            and reasons[prev2] in ("photo credit", "image alt text")
        )
        first = _FIRST_SENTENCE.match(lines[i])
        if (named_credit or between or credit_above) and not _NOT_CAPTION.search(
            first.group() if first else lines[i]
        ):
            reasons[i] = "photo caption"
        # a one-sentence line in the present tense that ends with the picture's date ("Kilbride at home in East
        # Sussex, March 2025."): captions are dated after a comma, prose tells when something happened
        elif _DATED_CAPTION.search(lines[i]) and not _NOT_CAPTION.search(lines[i]):
            reasons[i] = "photo caption"


def body_caption_pass(lines: Sequence[str], reasons: list[str | None]) -> None:
    """A caption that lost its picture inside the body: a line of BODY_CAPTION_MIN_WORDS or more without a full
    stop between two paragraphs of prose, once the body has begun. Tabloids print captions that way ("Landlord
    Tom Pike says the bar will stay open"); crossheads are shorter, standfirsts stand above the body."""
    idx = [i for i, line in enumerate(lines) if line and reasons[i] is None]
    prose_above = 0
    for k, i in enumerate(idx):
        line = lines[i]
        if _prose(line):
            prose_above += 1
            continue
        words = len(line.split())
        if (
            prose_above >= 2
            and BODY_CAPTION_MIN_WORDS <= words <= CAPTION_MAX_WORDS
            and not _ENDS_SENTENCE.search(line)
            and not line.endswith((":", ";", ","))
            and k + 1 < len(idx)
            and _prose(lines[idx[k - 1]])
            and _prose(lines[idx[k + 1]])
        ):
            reasons[i] = "photo caption"


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
        # the attribution under a post ("— Name (@handle) date", "A post shared by Name (@handle)") ends it
        tweet = reasons[i] == "embedded post" and _EMBED_BYLINE.match(line.lstrip())
        if reasons[i] == "embedded post" and (tweet or _POST_SHARED.match(line)):
            j = _previous_kept(lines, reasons, i)
            if (
                j is not None
                and len(lines[j].split()) <= EMBED_MAX_WORDS
                and (tweet or _POST_TEXT.search(lines[j]))
            ):
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


def widget_pass(lines: Sequence[str], reasons: list[str | None]) -> None:
    """Short lines that belong to a widget the rules found by another of its lines: the tagline and form markers
    of a newsletter box ("Sign up to Morning Brief" / "Free daily newsletter" / "after newsletter promotion"), and
    a product's name directly above its price in a shopping box ("The Salt Ledger by A. Writer" / "£16.99 at
    Store"). Prose ends with a full stop and is never taken."""
    idx = [i for i, line in enumerate(lines) if line]

    def short(i: int, max_words: int) -> bool:
        return reasons[i] is None and len(lines[i].split()) <= max_words and not _ENDS_PERIOD.search(lines[i])

    for order in (idx, idx[::-1]):  # a prompt's neighbours above and below, chained
        for k in range(1, len(order)):
            i, near = order[k], order[k - 1]
            if (
                reasons[near] in _PROMPT_REASONS
                and short(i, WIDGET_MAX_WORDS)
                and _PROMPT_WORD.search(lines[i])
            ):
                reasons[i] = "newsletter prompt"
    # a consent banner's buttons stand right below it (or below each other), short and labelled as buttons
    for k in range(1, len(idx)):
        i, near = idx[k], idx[k - 1]
        if (
            reasons[near] == "cookie banner"
            and short(i, COOKIE_BUTTON_MAX_WORDS)
            and _COOKIE_BUTTON.search(lines[i])
        ):
            reasons[i] = "cookie banner"
    for k, i in enumerate(idx[:-1]):
        if (
            short(i, PRODUCT_MAX_WORDS)
            and reasons[idx[k + 1]] == "sponsored"
            and _PRICE.match(lines[idx[k + 1]])
        ):
            reasons[i] = "sponsored"


def _next_reason(lines: Sequence[str], reasons: Sequence[str | None], i: int) -> str | None:
    """The reason of the next non-empty line after ``i`` (None when it is kept or there is none)."""
    j = next((j for j in range(i + 1, len(lines)) if lines[j]), None)
    return reasons[j] if j is not None else None


def tail_pass(lines: Sequence[str], reasons: list[str | None]) -> None:
    """An author note among the last lines ("Jane Doe is a reporter covering energy ..."), and headlines of other
    stories listed after the last paragraph: two or more short lines without a final period that no prose
    follows (their "More on this story" header is often gone, as when extraction drops an <aside> heading)."""
    kept = [i for i, line in enumerate(lines) if line and reasons[i] is None]
    for i in kept[-TAIL_LINES:]:
        if len(lines[i].split()) <= 60 and _BIO.match(lines[i]):
            reasons[i] = "byline"
    kept = [i for i in kept if reasons[i] is None]
    run: list[int] = []
    for i in reversed(kept):
        if _prose(lines[i]):
            # one headline is enough when the header of another list follows it: the rest of its own list went
            # with its header (an extractor drops a list's linked items and header as link-dense)
            if len(run) >= TAIL_LINKS_MIN or (run and _next_reason(lines, reasons, run[0]) in _LIST_REASONS):
                for j in run:
                    reasons[j] = "link list"
            return
        if len(lines[i].split()) > TAIL_LINK_MAX_WORDS or _ENDS_PERIOD.search(lines[i]):
            return
        run.append(i)


def _plain(text: str) -> str:
    return " ".join(text.translate(_QUOTE_CHARS).lower().split())


def _quoted(line: str) -> bool:
    """The whole line stands inside quotation marks ("'That era is over.'")."""
    plain = line.translate(_QUOTE_CHARS).strip()
    return len(plain) > 2 and plain[0] in "\"'" and plain.rstrip(".,!?")[-1:] in "\"'"


def pull_quote_pass(lines: Sequence[str], reasons: list[str | None], title: int | None) -> None:
    """A short line repeated word for word inside another kept paragraph is a pull quote. A pull quote repeats
    what the reader has already read; a quoted line without a full stop whose words only come later is a
    crosshead that announces its section (the broadcasters' style: 'We lost everything') and stays."""
    kept = [i for i, line in enumerate(lines) if line and reasons[i] is None and i != title]
    # One search text of the distinct kept paragraphs, each with the places (index into kept) it occurs at: each
    # candidate is one substring scan, and a paragraph repeated thousands of times is scanned once.
    where: dict[str, list[int]] = {}
    for k, i in enumerate(kept):
        where.setdefault(_plain(lines[i]), []).append(k)
    parts = list(where)
    starts: list[int] = []
    offset = 0
    for part in parts:
        starts.append(offset)
        offset += len(part) + 1
    text = "\n".join(parts)
    for k, i in enumerate(kept):
        if len(lines[i].split()) > PULL_QUOTE_MAX_WORDS:
            continue
        core = _plain(_ATTRIBUTION.sub("", lines[i].translate(_QUOTE_CHARS))).strip(" \"'")
        core = core.rstrip(".,;:!?\"' ")
        # a line wholly in quotation marks is a quote even when short ("That era is over.")
        min_words = PULL_QUOTE_MIN_WORDS_QUOTED if _quoted(lines[i]) else PULL_QUOTE_MIN_WORDS
        if len(core.split()) < min_words:
            continue
        first = None  # the earliest other kept paragraph, longer than the core, that contains it
        at = text.find(core)
        while at != -1:
            d = bisect.bisect_right(starts, at) - 1
            if len(parts[d]) > len(core) + 1:
                places = [p for p in where[parts[d]][:2] if p != k]
                if places and (first is None or places[0] < first):
                    first = places[0]
            nxt = d + 1  # the core has no newline: one match per paragraph is all a paragraph can give
            at = text.find(core, starts[nxt]) if nxt < len(parts) else -1
        if first is None:
            continue
        if first > k and not _ENDS_SENTENCE.search(lines[i]):
            continue  # a crosshead quoting the section below it
        reasons[i] = "pull quote"
