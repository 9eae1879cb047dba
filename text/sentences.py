"""Sentence splitting with character offsets, and a voice mark (author prose vs quoted/attributed speech).

The splitter is rule based and linear in the length of the text: it cuts the text into lines (every line break
ends a sentence), then looks at each run of terminal punctuation followed by whitespace and decides whether it
ends a sentence from the token before it (abbreviations, initials) and the word after it.

Example:
    >>> [s.text for s in split_sentences('Mr. Xi met U.S. officials. "We agree," he said.')]
    ['Mr. Xi met U.S. officials.', '"We agree," he said.']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AUTHOR = "author"
QUOTE = "quote"
VOICES: tuple[str, ...] = (AUTHOR, QUOTE)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a text.

    Attributes:
        start: Offset of the first character in the source text.
        end: Exclusive end offset; ``source[start:end] == text``.
        text: The sentence, exactly as it appears in the source (no surrounding whitespace).
        voice: ``"author"`` for the writer's own prose, ``"quote"`` for quoted or attributed speech.
    """

    start: int
    end: int
    text: str
    voice: str = AUTHOR

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(
                f"Sentence offsets ({self.start}, {self.end}) invalid; expected 0 <= start <= end"
            )
        if self.end - self.start != len(self.text):
            raise ValueError(
                f"Sentence span length {self.end - self.start} does not match text length {len(self.text)}"
            )
        if self.voice not in VOICES:
            raise ValueError(f"Sentence voice {self.voice!r} invalid; expected one of {VOICES}")


# Characters that always end a line, hence a sentence (the same set str.splitlines uses).
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]+")
# A run of terminal punctuation, optional closing quotes/brackets, then whitespace or the end of the line.
_TERMINAL = re.compile(r"(?:\.\.\.|…|[.!?])[.!?…]*[\"”’'»)\]]*(?=\s|$)")
_CLOSERS = "\"”’'»)]"
_OPENERS = "\"“‘'«([¿¡"

# Abbreviations that are (almost) never the end of a sentence: titles before names, references, months.
_NEVER_FINAL = frozenset(
    """Mr Mrs Ms Mx Dr Prof Gov Sen Sens Rep Reps Gen Col Lt Capt Cpt Sgt Adm Cmdr Maj Rev Hon Pres Supt Det
    Atty Insp Messrs Mme Mlle Msgr Fr Sr Sra St Ste Mt Ft Pt No Nos Art Arts Fig Figs Vol Vols pp p cf vs v
    Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec approx est dept Dept Univ Assn Gov't""".split()
)
# Abbreviations that often end a sentence too ("... an office in the U.S. The firm ..."): they end one only
# when the next word is a typical sentence opener.
_MAYBE_FINAL = frozenset(
    """Inc Corp Co Ltd Jr Sr Bros LLC Plc plc Ave Blvd Rd etc al Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill
    Ind Kan Kans Ky La Md Mass Mich Minn Miss Mo Mont Neb Nev Okla Ore Pa Penn Tenn Tex Va Vt Wash Wis Wyo""".split()
)
_OPENER_WORDS = frozenset(
    """The A An He She It They We I You This That These Those There Here His Her Its Their Our My Your But And
    Or So Yet In On At For From After Before When While If As Since Although Though However Meanwhile Still
    Also Some Many Most Now Then One Last Other What Why How Who Where Which Nor No Not Both Each Every All
    Such Despite Instead Indeed Moreover Furthermore Thus""".split()
)
_DOTTED = re.compile(
    r"(?:[A-Za-z]\.){2,}$|[A-Za-z]\.[A-Za-z]$"
)  # U.S. / e.g. / a.m. (final dot removed: U.S)
_INITIAL = re.compile(r"[A-Z]$")
_WORD_AFTER = re.compile(r"\s*[\"“‘'«(\[]*([^\s\"”’'».,;:!?)\]]*)")


def _ends_sentence(line: str, match: re.Match[str]) -> bool:
    """Decide whether the punctuation run ``match`` inside ``line`` ends a sentence."""
    next_word = _WORD_AFTER.match(line, match.end()).group(1)
    if not next_word:
        return True  # end of line, or a dash/symbol follows
    if next_word[0].islower():
        return False  # '"Why?" he asked.' / 'e.g. the' / '... and then'
    punct = match.group()
    if punct[0] != "." or punct.startswith("..."):
        return True
    window = line[max(0, match.start() - 40) : match.start()].rsplit(None, 1)
    token = window[-1].lstrip(_OPENERS).rstrip(".") if window else ""
    if not token:
        return True
    if token in _NEVER_FINAL:
        return False
    if token in _MAYBE_FINAL or _DOTTED.search(token) or _INITIAL.fullmatch(token):
        # Initials ("John F. Kennedy"), "U.S.", "Inc.": end only before a typical sentence opener.
        return next_word in _OPENER_WORDS
    return True


def _split_line(text: str, line_start: int, line: str, out: list[Sentence]) -> None:
    begin = 0
    open_quote = False  # a quotation may run over several sentences of one paragraph
    for match in _TERMINAL.finditer(line):
        if _ends_sentence(line, match):
            open_quote = _emit(text, line_start + begin, line_start + match.end(), out, open_quote)
            begin = match.end()
    _emit(text, line_start + begin, line_start + len(line), out, open_quote)


def _emit(text: str, start: int, end: int, out: list[Sentence], open_quote: bool) -> bool:
    # Move the offsets past surrounding whitespace; the text itself is never edited.
    piece = text[start:end]
    stripped = piece.strip()
    if stripped:
        start += len(piece) - len(piece.lstrip())
        end = start + len(stripped)
        voice = voice_of(stripped, open_quote)
        out.append(Sentence(start, end, stripped, voice))
        if _QUOTE_MARK.search(stripped):
            open_quote = _quoted_fraction(stripped, open_quote)[1]
    return open_quote


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences with exact character offsets.

    Every line break ends a sentence. Within a line a sentence ends at ``.``, ``!``, ``?`` or an ellipsis
    (plus any closing quotes or brackets) followed by whitespace, unless the next word starts in lower case or
    the full stop belongs to an abbreviation (``Mr.``, ``U.S.``, ``Calif.``) or an initial (``John F. Kennedy``).
    Every non-whitespace character of ``text`` lies in exactly one sentence.

    Args:
        text: Any text; may be empty.

    Returns:
        Sentences in order, non-overlapping, each with ``text[s.start:s.end] == s.text`` and a voice mark.

    Example:
        >>> [s.text for s in split_sentences("Prices rose 3.5% in Jan. 2024. Gov. Moore disagreed.")]
        ['Prices rose 3.5% in Jan. 2024.', 'Gov. Moore disagreed.']
    """
    out: list[Sentence] = []
    for line_match in _LINE.finditer(text):
        _split_line(text, line_match.start(), line_match.group(), out)
    return out


# ---------------------------------------------------------------------------------------------------- voice
_SUBJECT = r"(?:[\w.'’-]+\s+){0,6}?"
# Verbs that attribute speech wherever they stand, and verbs that do so only at the end of a sentence
# (", he added." but not ", and the firm added 300 jobs.").
_SAY = r"said|says|told"
_SPEECH_VERBS = (
    r"added|noted|stated|explained|argued|insisted|warned|claimed|asked|replied|wrote|tweeted|posted|declared"
    r"|remarked|continued|recalled|acknowledged|admitted|contended|conceded|stressed|cautioned|countered"
)
_ADJUNCT = r"(?:\s+(?:in|on|at|during|to|after|before|via|from|while|when|last|this|yesterday|today)\b[^\"“”]{0,80})?"
_TRAILING_ATTRIBUTION = re.compile(
    r"[,\"”]\s*(?:" + _SUBJECT + r"(?:" + _SAY + r")\b[^\"“”]{0,100}"
    r"|" + _SUBJECT + r"(?:" + _SPEECH_VERBS + r")" + _ADJUNCT + r""
    r"|(?:" + _SAY + r"|" + _SPEECH_VERBS + r")\s+(?:[A-Z]|the\s|an?\s)[^\"“”]{0,100}"
    r")[.!?…]*[\"”’)]*\s*$"
)
# 'Smith said (that) ...' / 'The ministry says ...' / 'according to ...' / 'told reporters'.
_REPORTED = re.compile(
    r"\b(?:(?i:according to)|told (?:reporters|journalists|the press)|(?:said|says|say|told \w+|warned|argued"
    r"|insisted|claimed|stated) that)\b|^(?:[\w.'’-]+\s+){1,4}(?:said|says|told)\b",
)
_OPEN_QUOTES = "“«„"
_CLOSE_QUOTES = "”»"
_QUOTE_MARK = re.compile(r"[\"“”«»„]")


def _quoted_fraction(sentence: str, open_at_start: bool = False) -> tuple[float, bool]:
    """Share of the characters of ``sentence`` that lie inside quotation marks.

    Curly and angle quotes nest; straight double quotes toggle. A closing curly mark with no opener before it
    means the quotation began in an earlier sentence, so the text before it counts as quoted.

    Args:
        sentence: One sentence.
        open_at_start: Whether a quotation opened in an earlier sentence of the paragraph is still open.

    Returns:
        The fraction in [0, 1], and whether a quotation is still open at the end of the sentence.
    """
    if not sentence:
        return 0.0, open_at_start
    inside = 0
    depth = 1 if open_at_start else 0
    last = 0
    first = True
    for mark in _QUOTE_MARK.finditer(sentence):
        ch = mark.group()
        span = mark.start() - last
        if depth or (first and ch in _CLOSE_QUOTES):
            inside += span  # inside, or a quotation that began in an earlier sentence
        first = False
        if ch in _OPEN_QUOTES:
            depth += 1
        elif ch in _CLOSE_QUOTES:
            depth = max(0, depth - 1)
        else:  # a straight quote closes when one is open, otherwise opens
            depth = depth - 1 if depth else 1
        last = mark.end()
    if depth:
        inside += len(sentence) - last
    return inside / len(sentence), depth > 0


def voice_of(sentence_text: str, open_quote: bool = False) -> str:
    """Mark a sentence as the author's prose or as quoted/attributed speech.

    A sentence is ``"quote"`` when at least half of its characters are inside quotation marks, or when it
    attributes speech (``"..., he said."``, ``"said Jane Doe"``, ``"according to"``, ``"told reporters"``).

    Args:
        sentence_text: One sentence.
        open_quote: Whether a quotation opened in an earlier sentence of the same paragraph is still open
            (``split_sentences`` tracks this).

    Returns:
        ``"quote"`` or ``"author"``.

    Example:
        >>> voice_of('"Rates will fall," she said.'), voice_of("Rates fell.")
        ('quote', 'author')
    """
    if _quoted_fraction(sentence_text, open_quote)[0] >= 0.5:
        return QUOTE
    if _TRAILING_ATTRIBUTION.search(sentence_text) or _REPORTED.search(sentence_text):
        return QUOTE
    return AUTHOR
