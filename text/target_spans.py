"""Pass 1 of ``slant.text.targets``: collect the capitalised name spans of a text as candidate targets.

A candidate is a run of capitalised tokens (connectors such as "of"/"de"/"al-"/"&" allowed inside, a numeral
ordinal before an institution: "9th U.S. Circuit Court of Appeals") with titles, stop words and calendar words cut
off; a bare number is never one. What a reader skips is never a candidate: demonyms used as modifiers ("Russian
President ..."), hyphenated modifiers ("Beijing-backed"), state abbreviations and party tags ("Calif.",
"D-Md."), photo-credit words ("Images", "Handout"), phrases ending in a pronoun, counting nouns ("Category 4")
and titles of works written in quotes. A possessive ends a name ("CNN's Wolf Blitzer") unless a group noun owns
it ("Women's March") or an institution word follows ("St. Mary's Hospital", "Kettleby Magistrates' Court"). After a title, "of" ends the
person's name ("Rep. Mike Trevino of Texas" gives "Mike Trevino" and "Texas"). A long form written before its
acronym in brackets is one name even with lower-case words inside ("Organization for Security and Co-operation in
Europe (OSCE)").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from slant.text.target_words import (
    COMPANY_WORDS,
    COMPASS,
    CONNECTORS,
    COUNT_NOUNS,
    CREDIT_WORDS,
    DEMONYMS,
    FALSE_TITLES,
    NAME_PARTICLES,
    NON_ENTITY_ACRONYMS,
    ORDINALS,
    ORG_WORDS,
    PLACE_FIRST_WORDS,
    PLACES,
    POSSESSIVE_GROUPS,
    POSSESSIVE_HEADS,
    PRONOUNS,
    STATE_ABBREVIATIONS,
    STOP_WORDS,
    TITLE_FIELDS,
    TITLE_TAIL,
    TITLES,
)

Token = tuple[int, int, str]

# Tokens: dotted acronyms (U.S.), abbreviated titles/suffixes with their dot, initials (F.), words (al-Assad).
_TOKEN = re.compile(
    r"[A-Z]{1,3}&[A-Z]{1,3}|(?:[^\W\d_]\.){2,}|(?:Mrs|Mr|Ms|Mx|Dr|Prof|Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Adm|Rev|Jr|Sr|St|Co)"
    r"\.(?=\s)|[A-Z]\.(?=\s+[A-Z])|[^\W_]+(?:[-'’][^\W_]+)*(?:(?<=s)['’](?!\w))?|&(?=\s)"
)
# "9th U.S. Circuit Court of Appeals", "101st Airborne Division": a numeral ordinal opening a name.
_NUMERAL_ORDINAL = re.compile(r"^\d{1,3}(?:st|nd|rd|th)$")
# Joins names inside one name ("Fairlane & Co.", "Johnson & Johnson"); "and" joins two names or one.
_AMPERSAND = "&"
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|an|at|ash|az)-[^\W\d_]", re.UNICODE)
ACRONYM = re.compile(r"^(?:[A-Z]{2,6}\d{0,2}|(?:[A-Z]\.){2,4})$")
_PRONOUN_CONTRACTION = re.compile(
    r"(?:I|You|We|They|He|She|It|That|There|Who|What|Here)['’](?:ll|ve|d|re|m|s)"
)
_WORD_PREFIXES = frozenset("Co Non Anti Pre Post Re Inter Multi Trans Counter Sub Self".split())
# Lower-case words an organisation's long form may hold between the words its acronym abbreviates.
_ACRONYM_FILLERS = frozenset("of for and in on to the at de du des la le y".split())
_PAREN_ACRONYM = re.compile(r"\s*\(([A-Z]{2,6})\)")
_SWAP_VERB = re.compile(
    r"\b(?:left|leave|leaves|leaving|quit|quits|swapped|swaps|swap|swapping|traded|trades|exchanged|ditched|"
    r"abandoned|dropped)\s+$"
)
_PARTY_TAG = re.compile(r"^[DRI]-[A-Z]")  # "(D-Md.)", "(R-Texas)"
_MONTHS_DAYS = ("Jan Feb Mar Apr Jun Jul Aug Sep Oct Nov Dec Mon Tue Wed Thu Fri Sat Sun").split()
_CALENDAR = frozenset(w for w in STOP_WORDS if w[:3] in _MONTHS_DAYS)
_MONTH_NAMES = frozenset("March May June July August".split())
_QUOTES_CLOSE = "\"”’'"


def is_cap(tok: str) -> bool:
    # (the cheap test first: only a word starting "a"/"e" with a hyphen can open with an Arabic article)
    return tok[0].isupper() or (tok[0] in "ae" and "-" in tok[:4] and bool(_ARABIC_ARTICLE.match(tok)))


def _modifier(text: str, tok: Token) -> bool:
    """A hyphenated modifier: "Beijing-backed", "U.S.-led", "Seattle-based" (a lower-case part after a hyphen)."""
    word = tok[2]
    if "-" in word and not _ARABIC_ARTICLE.match(word):
        # "Co-operation", "Non-proliferation": a prefix, not a modifier of what follows
        return word.rsplit("-", 1)[1][:1].islower() and word.split("-", 1)[0] not in _WORD_PREFIXES
    return text[tok[1] : tok[1] + 2][:1] == "-" and text[tok[1] + 1 : tok[1] + 2].islower()


def sentence_initial(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and (text[i].isspace() or text[i] in "\"“‘'(["):
        if text[i] == "\n":
            return True
        i -= 1
    return i < 0 or text[i] in ".!?:;…—–-"


def _title_case_line(words: Sequence[str]) -> bool:
    """Headlines in Title Case or ALL CAPS say nothing about which capitalised words are names."""
    long_words = [w for w in words if len(w) > 3]
    return (
        len(words) >= 4
        and len(long_words) >= 3
        and sum(is_cap(w) for w in long_words) / len(long_words) > 0.7
    )


def _possessive(word: str) -> bool:
    return word.endswith(("'s", "’s")) or (word.endswith("s'") and len(word) > 2)


def _ordinal_opens(text: str, tokens: list[Token], k: int) -> bool:
    """A numeral ordinal directly before two capitalised words opens a name ("9th U.S. Circuit Court")."""
    nxt = tokens[k + 1 : k + 3]
    return (
        bool(_NUMERAL_ORDINAL.match(tokens[k][2]))
        and len(nxt) == 2
        and all(is_cap(t[2]) for t in nxt)
        and text[tokens[k][1] : nxt[0][0]] == " "
    )


def _spans(text: str) -> Iterable[list[Token]]:
    """Runs of capitalised tokens separated by single spaces (connectors allowed inside), per line."""
    for line in re.finditer(r"[^\n]+", text):
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, line.start(), line.end())]
        if not line.group().rstrip().endswith(".") and _title_case_line([t[2] for t in tokens]):
            continue
        whole = _acronym_long_forms(text, tokens)
        run: list[Token] = []
        skip_to = -1
        for k, tok in enumerate([*tokens, (line.end() + 2, line.end() + 2, "end")]):
            if k <= skip_to:
                continue
            if k in whole:  # "Organization for Security and Co-operation in Europe (OSCE)": one name
                if run:
                    yield run
                yield tokens[k : whole[k] + 1]
                run, skip_to = [], whole[k]
                continue
            start, _, word = tok
            joined = run and text[run[-1][1] : start] in (" ", "\u00a0")
            if (
                word[0].isdigit() and k < len(tokens) and _ordinal_opens(text, tokens, k)
            ):  # "The 4th U.S. Circuit ...": a new name
                if run:
                    yield run
                run = [tok]
                continue
            if is_cap(word) and not _modifier(text, tok) and (not run or joined):
                run.append(tok)
                if _possessive(word) and not _possessive_continues(
                    word, tokens, k, text, any(_name_word(t[2]) for t in run[:-1])
                ):
                    yield run  # "CNN’s Wolf Blitzer": a possessive ends the name
                    run = []
                continue
            if (
                run
                and joined
                and (
                    word in CONNECTORS
                    or word in ("and", _AMPERSAND)
                    or (word == "the" and run[-1][2] in ("of", "for"))
                    or (word == "to" and _org_for(run) and _cap_follows(text, tokens, k))
                )
            ):
                run.append(tok)
                continue
            if run and joined and _model_number(text, tok, run):  # "Wave 3", "S&P 500", "Windows 11"
                run.append(tok)
                yield run
                run = []
                continue
            if run:
                yield run
            run = [tok] if is_cap(word) and not _modifier(text, tok) else []


def _org_for(run: list[Token]) -> bool:
    """The run is an organisation's "X for ..." name ("Fund for Responding"), which may go on with "to" ("Fund for
    Responding to Loss and Damage", "Society for the Prevention of Cruelty to Animals")."""
    words = [t[2] for t in run]
    return any(w == "for" and k > 0 and words[k - 1] in ORG_WORDS for k, w in enumerate(words))


def _cap_follows(text: str, tokens: list[Token], k: int) -> bool:
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    return nxt is not None and text[tokens[k][1] : nxt[0]] == " " and is_cap(nxt[2])


def _acronym_long_forms(text: str, tokens: list[Token]) -> dict[int, int]:
    """Token ranges (first -> last index) of long forms written before their acronym in brackets whose capitals
    spell it, lower-case fillers allowed between them ("Organization for Security and Co-operation in Europe
    (OSCE)"): the acronym vouches for the whole span being one name, "in" and all."""
    out: dict[int, int] = {}
    for k in range(len(tokens) - 1, 0, -1):
        m = _PAREN_ACRONYM.match(text, tokens[k][1])
        if not m or not _ACRONYM_FILLERS.intersection(t[2] for t in tokens[max(0, k - 12) : k]):
            continue
        letters, first = m.group(1), None
        spelled = ""
        for j in range(k, max(-1, k - 16), -1):
            word = tokens[j][2]
            if j < k and text[tokens[j][1] : tokens[j + 1][0]] != " ":
                break
            if is_cap(word):
                spelled = "".join(p[0] for p in word.split("-") if p[:1].isupper()) + spelled
            elif word not in _ACRONYM_FILLERS:
                break
            if spelled == letters and is_cap(word):
                first = j
                break
            if not letters.endswith(spelled):
                break
        if first is not None and any(tokens[j][2] in _ACRONYM_FILLERS for j in range(first, k)):
            out[first] = k
    return out


def _model_number(text: str, tok: Token, run: list[Token]) -> bool:
    """A number after a name is part of it ("Wave 3"); never after a sentence opener alone ("With 97% ...", "In
    2023 ...")."""
    last = run[-1][2]
    follows = text[tok[1] : tok[1] + 2]
    return (
        tok[2].isdigit()
        and len(tok[2]) <= 4
        and last not in _CALENDAR
        and last not in COUNT_NOUNS
        and is_cap(last)
        and any(len(t[2]) > 1 and _name_word(t[2]) for t in run)
        and not (follows[:1] in ".:,/" and follows[1:].isdigit())
    )


def _possessive_continues(word: str, tokens: list[Token], k: int, text: str, inside: bool = False) -> bool:
    """Whether a possessive is inside a name: a group noun owns it ("Women's March"), a head word follows ("St.
    Mary's Hospital"), or a plural possessive inside a name is followed by an institution word ("Kettleby
    Magistrates' Court"; "the Democrats' Senate majority" is no name: the possessive opens the run there)."""
    owner = word.rstrip("s").rstrip("'’") if word.endswith(("s'", "s’")) else word[:-2]
    nxt = tokens[k + 1] if k + 1 < len(tokens) else None
    if nxt is None or text[tokens[k][1] : nxt[0]] != " " or not nxt[2][:1].isupper():
        return False
    if inside and word.endswith(("s'", "s’")) and nxt[2] in ORG_WORDS:
        return True
    if (
        nxt[2] == "Office"
    ):  # "Sheriff's Office", "Hartwell County Prosecutor's Office": an office of a title only
        return owner in TITLES
    return owner in POSSESSIVE_GROUPS or word[:-1] in POSSESSIVE_GROUPS or nxt[2] in POSSESSIVE_HEADS


def _trim(piece: list[Token]) -> list[Token]:
    while piece and (
        piece[0][2].replace("’", "'") in STOP_WORDS
        or piece[0][2] in CONNECTORS
        or piece[0][2] in ("the", "and", _AMPERSAND)
        or (_NUMERAL_ORDINAL.match(piece[0][2]) and not _ordinal_name(piece))
    ):
        if piece[0][2] in ORDINALS and len(piece) > 1 and _name_word(piece[1][2]):
            break  # "First Amendment"
        piece = piece[1:]
    while piece and (
        piece[-1][2] in CONNECTORS
        or piece[-1][2] in ("the", "and", _AMPERSAND)
        or (len(piece) > 1 and _plural_common_acronym(piece[-1][2]))  # "Tory MPs", "Labour MEPs": the party
    ):
        piece = piece[:-1]
    return piece


def _plural_common_acronym(word: str) -> bool:
    """ "MPs", "CEOs", "GPs": the plural of an acronym that names no entity is a common noun."""
    return len(word) > 2 and word.endswith("s") and word[:-1] in NON_ENTITY_ACRONYMS


def _ordinal_name(piece: list[Token]) -> bool:
    """ "9th U.S. Circuit Court of Appeals" is a name with its ordinal; "his 2nd Senate term" is not: the ordinal
    stays only before an institution ("Court", "Division" of an army) named in two or more words."""
    words = [t[2] for t in piece[1:]]
    return len(words) >= 2 and any(w in ORG_WORDS or w in ("Division", "Circuit", "Brigade") for w in words)


def _name_word(word: str) -> bool:
    return is_cap(word) and word not in TITLES and word.replace("’", "'") not in STOP_WORDS


def _split_and(piece: list[Token]) -> list[list[Token]]:
    """ "Securities and Exchange Commission" is one name; "Mali and Ghana", "Democrats and Republicans" are two."""
    words = [t[2] for t in piece]
    if "and" not in words:
        return [piece]
    at = words.index("and")
    org_tail = words[-1] in ORG_WORDS and at > 0 and words[at - 1] not in ORG_WORDS
    org_head = words[0] in ORG_WORDS | {"Centers", "Centres"} and any(w in ("of", "for") for w in words[:at])
    if org_tail or org_head:
        return [piece]
    return [piece[:at], *_split_and(piece[at + 1 :])]


def _cut_of(piece: list[Token], person: bool) -> list[tuple[list[Token], bool]]:
    """ "Katrin Vogt of the Free Democrats" -> the person and the organisation, as two pieces."""
    words = [t[2] for t in piece]
    if "of" not in words:
        return [(piece, person)]
    at = words.index("of")
    head = words[:at]
    looks_person = person or (
        len(head) >= 2
        and head[0] not in PLACE_FIRST_WORDS
        and head[-1] not in ORG_WORDS
        and not any(ACRONYM.match(w) or w in TITLES for w in head)
    )
    if not looks_person or not head:
        return [(piece, person)]
    return [(piece[:at], True), (_trim(piece[at + 1 :]), False)]


def _cut_for(text: str, piece: list[Token]) -> list[list[Token]]:
    """ "left Nairobi for Manchester", "swapped Chelsea for Arsenal" -> two names: a verb of leaving or swapping
    before "X for Y" makes them two places or clubs. Elsewhere "for" joins one name ("Alternative for Germany",
    "Centre for Climate Justice")."""
    words = [t[2] for t in piece]
    at = words.index("for") if "for" in words else 0
    if not 0 < at < len(words) - 1 or not _SWAP_VERB.search(text, max(0, piece[0][0] - 20), piece[0][0]):
        return [piece]
    return [piece[:at], _trim(piece[at + 1 :])]


def _month_in_name(run: list[Token], k: int) -> bool:
    """ "Women's March", "People's Climate March": a month name ending a name, not a date ("Tuesday, March 4")."""
    word = run[k][2]
    if word not in _MONTH_NAMES or k == 0 or (k + 1 < len(run) and run[k + 1][2][:1].isdigit()):
        return False
    before = run[k - 1][2]
    return _possessive(before) or (is_cap(before) and before not in _CALENDAR and before not in STOP_WORDS)


def split_run(run: list[Token], aliases: Mapping[str, str]) -> list[tuple[list[Token], str]]:
    """Cut stop words, calendar words and titles out of a run; return name runs, each with a kind: "person" (seen
    after a title), "coordinated" (the first of "X and Y", a name even at a sentence start) or ""."""
    pieces: list[list[Token]] = [[]]
    for k, tok in enumerate(run):
        if tok[2] in _CALENDAR and not _month_in_name(run, k):
            pieces.append([])
        else:
            pieces[-1].append(tok)
    out: list[tuple[list[Token], str]] = []
    for whole in pieces:
        whole = _trim(whole)
        words = [t[2] for t in whole]
        # "Health and Human Services Secretary Rex Dunmore" is one title and name; "Sen. A of Colorado and Sen. B"
        # are two people (a title right after "and" opens the second)
        at = words.index("and") if "and" in words else -1
        titled = (
            at >= 0
            and any(w in TITLES for w in words[at:])
            and not (at + 1 < len(words) and words[at + 1] in TITLES)
        )
        parts = [whole] if titled else _split_and(whole)  # "Health and Human Services Secretary Rex Dunmore"
        for n, piece in enumerate(parts):
            found = _split_piece(_trim(piece), aliases)
            if n < len(parts) - 1 and len(found) == 1 and not found[0][1]:
                found = [(found[0][0], "coordinated")]
            out.extend(found)
    return out


def _false_title(piece: list[Token]) -> bool:
    """An occupation or a plural title before a person's name ("Shopkeeper Dev Mistry", "Commissioners Ana Ruiz
    and ..."): the rest is two or three name words, so the first word is no part of the name. Only the first word:
    "Kansas City Chiefs" keeps its plural."""
    first = piece[0][2]
    plural_title = first.endswith("s") and first[:-1] in TITLES
    rest = " ".join(t[2] for t in piece[1:])
    return (first in FALSE_TITLES or plural_title) and 2 <= len(piece) - 1 <= 3 and person_like(rest)


def _split_piece(piece: list[Token], aliases: Mapping[str, str]) -> list[tuple[list[Token], str]]:
    if not piece:
        return []
    if _false_title(piece):
        return [(piece[1:], "person")]
    words = [t[2] for t in piece]
    last = words[-1]
    # "Senate Democrats", "Texas Republicans", "the Ohio Democrat who wrote the bill": the party is a target of its
    # own (a singular form only after a state or country: "South America" is no party of the South).
    if (
        len(piece) > 1
        and last in aliases
        and (words[-2] in PLACES or (last.endswith("s") and words[-2] in ORG_WORDS))
    ):
        return [*((p, k or "coordinated") for p, k in _split_piece(piece[:-1], aliases)), (piece[-1:], "")]
    # "First Amendment": an ordinal before a name word is no title; nor is a title word directly after "of"/"for",
    # the field an institution serves ("Court of Justice", "Minister for Justice"), nor "Justice" anywhere after
    # them ("Centre for Climate Justice").
    connector = next((i for i, w in enumerate(words) if w in ("of", "for")), len(words))
    title_at = [
        i
        for i, w in enumerate(words)
        if w in TITLES
        and not (w in ORDINALS and i + 1 < len(words) and _name_word(words[i + 1]))
        and not (i > 0 and words[i - 1] in ("of", "for"))
        and not (w in TITLE_FIELDS and i > connector)
    ]
    if "of" in words and title_at and min(title_at) < words.index("of"):
        at = words.index("of")
        k = max(i for i in title_at if i < at) + 1
        while k < at and words[k] in TITLE_TAIL:
            k += 1
        if k < at:  # "Judge Marisa Quan of Fresno County Superior Court"
            return [*_split_piece(piece[:at], aliases), (_trim(piece[at + 1 :]), "")]
    if title_at and words[-1] not in ORG_WORDS:
        i = max(title_at) + 1
        while i < len(words) and words[i] in TITLE_TAIL:
            i += 1
        out: list[tuple[list[Token], str]] = []
        prefix = piece[: min(title_at)]
        if prefix and (ACRONYM.match(prefix[0][2]) or prefix[0][2] in aliases):
            out.append(
                (prefix[:1], "")
            )  # "U.S. Secretary of State ...", "Democratic Sen. ...", "U.S. District Judge"
        # "Assistant U.S. Attorney": a country or party form inside the title is a mention of it.
        out.extend(([t], "") for t in piece[min(title_at) : i] if t[2] in aliases and t not in prefix)
        if i < len(words):
            out.extend((p, "person" if person else "") for p, person in _cut_of(piece[i:], True))
        return out
    return [(p, "person" if person else "") for p, person in _cut_of(piece, False)]


@dataclass
class Candidate:
    text: str
    person: bool = False  # seen after a title ("Mr. Xi", "President Yoon")
    count: int = 0
    opens: int = 0  # occurrences that opened a sentence or a quotation
    quote_opens: int = 0  # of these, occurrences that opened a quotation inside a sentence
    quoted: int = 0  # occurrences wrapped in quotation marks ("Carry Me Home")
    coordinated: bool = False  # seen as "X and Y" ("Microsoft and Google have ..."): a name even as an opener


def _not_a_name(name: str, text: str, end: int) -> bool:
    words = name.split()
    first, last = words[0], words[-1]
    return (
        len(name) < 2
        or name.isdigit()  # "97", "2023": numbers are no names
        or name in NON_ENTITY_ACRONYMS
        or _plural_common_acronym(name)
        or bool(_PRONOUN_CONTRACTION.fullmatch(name))  # "I'll", "We've": a pronoun, whatever its case
        or name.replace("’", "'") in STOP_WORDS
        or last in CREDIT_WORDS
        or last in PRONOUNS
        or bool(_PARTY_TAG.match(first))
        or (len(words) == 1 and (name in STATE_ABBREVIATIONS or f"{name}." in STATE_ABBREVIATIONS)
            and text[end : end + 1] == ".")
        or (last in DEMONYMS and all(w in COMPASS for w in words[:-1]))
        or (name in COUNT_NOUNS and text[end + 1 : end + 2].isdigit())
        # "on Sundays", "Mondays and Fridays": a plural day is a habit, not a date or a name
        or (len(words) == 1 and name.endswith("s") and name[:-1] in _CALENDAR)
    )  # fmt: skip


_OPENS_QUOTE = re.compile(r"[\"“‘'](?:[Tt]he |[Aa]n? )?$")


def _opens_quote(text: str, start: int) -> bool:
    """The word opens a quotation (placards reading "Open our roads"): capitalised whatever it is."""
    before = text[start - 1 : start]
    return before in ('"', "“", "‘") or (before == "'" and not text[start - 2 : start - 1].isalnum())


def _quoted(text: str, start: int, end: int) -> bool:
    """A name wrapped in quotes, also after a leading article the name left out ("The Ledger of Small Things")."""
    after = text[end : end + 2]
    return bool(_OPENS_QUOTE.search(text, max(0, start - 5), start)) and any(
        c in _QUOTES_CLOSE for c in after
    )


def collect(text: str, aliases: Mapping[str, str]) -> dict[str, Candidate]:
    """Every candidate name of ``text`` with its counts (see the module docstring for what is left out)."""
    found: dict[str, Candidate] = {}
    for run in _spans(text):
        for whole, kind in split_run(run, aliases):
            for piece in _cut_for(text, whole) if whole and not kind else [whole]:
                _count(text, piece, kind, found)
    return {n: c for n, c in found.items() if not (c.quoted == c.count and " " in n)}


def _count(text: str, piece: list[Token], kind: str, found: dict[str, Candidate]) -> None:
    """Count one name piece of a run in ``found`` (see :func:`collect`)."""
    if not piece:
        return
    person = kind == "person"
    # "Members of the Chicago Teachers Union", "Shares of Northwind": a plural opener is no part of it.
    if (
        len(piece) > 2
        and piece[1][2] in ("of", "for")
        and piece[0][2].endswith("s")
        and piece[0][2] not in ORG_WORDS
        and sentence_initial(text, piece[0][0])
    ):
        piece = _trim(piece[2:])
        if not piece:
            return
    # "Neighbouring Portugal": an -ing/-ed/-ly word opening a sentence, seen nowhere else, is no part of it.
    first = piece[0][2]
    if (
        len(piece) > 1
        and first.endswith(("ing", "ed", "ly"))
        and sentence_initial(text, piece[0][0])
        and text.count(first) == 1
    ):
        piece = _trim(piece[1:])
        if not piece:
            return
    start, end = piece[0][0], piece[-1][1]
    name = text[start:end]
    if _possessive(name):
        name = name[:-2] if not name.endswith("s'") else name[:-1]  # "Xi's" -> "Xi"
        end = start + len(name)
    if not name or _not_a_name(name, text, end):
        return
    cand = found.setdefault(name, Candidate(name))
    cand.count += 1
    cand.person = cand.person or person
    cand.quoted += _quoted(text, start, end)
    cand.coordinated = cand.coordinated or kind == "coordinated"
    if not person and sentence_initial(text, start):
        cand.opens += 1
    elif not person and _opens_quote(text, start):
        cand.opens += 1
        cand.quote_opens += 1


def person_like(name: str) -> bool:
    """Two or more capitalised words that could be a person's name: no place opener, no organisation or company
    word at the end ("Halvard Energy"), no acronym."""
    words = name.split()
    return (
        len(words) >= 2
        and words[0] not in PLACE_FIRST_WORDS
        and words[-1] not in ORG_WORDS
        and words[-1] not in COMPANY_WORDS
        and not any(ACRONYM.match(w) for w in words)
        and all(is_cap(w) or w in NAME_PARTICLES for w in words)
    )
