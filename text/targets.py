"""Find the people, organisations and places an article talks about, without any model.

Three passes: (1) collect capitalised spans (with connectors such as "of"/"de"/"al-", titles stripped) and
acronyms from the prose; (2) merge them into targets with a canonical name (the longest form seen): a person's
single name joins their full name ("Mr. Xi" -> "Xi Jinping"), an acronym joins the full name it follows in
parentheses ("North Atlantic Treaty Organization (NATO)"); (3) find every occurrence of every name form in the
whole text, longest first, so mentions never overlap and titles or possessives are never part of a mention.

Example:
    >>> text = "Chinese President Xi Jinping met Mr. Biden. Xi's aides smiled."
    >>> [(t.name, [m.text for m in t.mentions]) for t in find_targets(text)]
    [('Xi Jinping', ['Xi Jinping', 'Xi']), ('Biden', ['Biden'])]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from slant.text.target_words import (
    CONNECTORS,
    KNOWN_ALIASES,
    NAME_PARTICLES,
    NON_ENTITY_ACRONYMS,
    ORG_WORDS,
    PLACE_FIRST_WORDS,
    STOP_WORDS,
    TITLE_TAIL,
    TITLES,
)


@dataclass(frozen=True)
class Mention:
    """One occurrence of a target: ``article[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass
class Target:
    """A person, organisation or place, with its canonical name and every mention in the article."""

    name: str
    mentions: list[Mention] = field(default_factory=list)


# Tokens: dotted acronyms (U.S.), abbreviated titles/suffixes with their dot, initials (F.), words (al-Assad).
_TOKEN = re.compile(
    r"(?:[^\W\d_]\.){2,}|(?:Mrs|Mr|Ms|Mx|Dr|Prof|Gov|Sen|Rep|Gen|Lt|Col|Capt|Sgt|Adm|Rev|Jr|Sr|St)\.(?=\s)"
    r"|[A-Z]\.(?=\s+[A-Z])|[^\W_]+(?:[-'’][^\W_]+)*"
)
_ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|an|at|ash|az)-[^\W\d_]", re.UNICODE)
_ACRONYM = re.compile(r"^(?:[A-Z]{2,6}\d{0,2}|(?:[A-Z]\.){2,4})$")
_CALENDAR = frozenset(
    w
    for w in STOP_WORDS
    if w[:3]
    in {
        "Jan",
        "Feb",
        "Mar",
        "Apr",
        "Jun",
        "Jul",
        "Aug",
        "Sep",
        "Oct",
        "Nov",
        "Dec",
        "Mon",
        "Tue",
        "Wed",
        "Thu",
        "Fri",
        "Sat",
        "Sun",
    }
)
MAX_ALIASES = 2000  # cap on name forms in the final search pattern


def _is_cap(tok: str) -> bool:
    return tok[0].isupper() or bool(_ARABIC_ARTICLE.match(tok))


def _sentence_initial(text: str, start: int) -> bool:
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
        and sum(_is_cap(w) for w in long_words) / len(long_words) > 0.7
    )


@dataclass
class _Candidate:
    text: str
    person: bool = False  # seen after a title ("Mr. Xi", "President Yoon")
    count: int = 0
    opens: int = 0  # occurrences that opened a sentence


def _spans(text: str) -> Iterable[list[tuple[int, int, str]]]:
    """Runs of capitalised tokens separated by single spaces (connectors allowed inside), per line."""
    for line in re.finditer(r"[^\n]+", text):
        tokens = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(text, line.start(), line.end())]
        if not line.group().rstrip().endswith(".") and _title_case_line([t[2] for t in tokens]):
            continue
        run: list[tuple[int, int, str]] = []
        for tok in [*tokens, (line.end() + 2, line.end() + 2, "end")]:
            start, _, word = tok
            joined = run and text[run[-1][1] : start] in (" ", "\u00a0")
            if _is_cap(word) and (not run or joined):
                run.append(tok)
                if word.endswith(("'s", "’s")):  # "CNN’s Wolf Blitzer": a possessive ends the name
                    yield run
                    run = []
                continue
            if run and joined and (word in CONNECTORS or (word == "the" and run[-1][2] in ("of", "for"))):
                run.append(tok)
                continue
            if run:
                yield run
            run = [tok] if _is_cap(word) else []


def _split_run(run: list[tuple[int, int, str]]) -> list[tuple[list[tuple[int, int, str]], bool]]:
    """Cut stop words, calendar words and titles out of a run; return name runs with a person flag."""
    pieces: list[list[tuple[int, int, str]]] = [[]]
    for tok in run:
        if tok[2] in _CALENDAR:
            pieces.append([])
        else:
            pieces[-1].append(tok)
    out = []
    for piece in pieces:
        while piece and (
            piece[0][2].replace("’", "'") in STOP_WORDS or piece[0][2] in CONNECTORS or piece[0][2] == "the"
        ):
            piece = piece[1:]
        while piece and (piece[-1][2] in CONNECTORS or piece[-1][2] == "the"):
            piece = piece[:-1]
        if not piece:
            continue
        words = [t[2] for t in piece]
        title_at = [i for i, w in enumerate(words) if w in TITLES]
        if title_at and words[-1] not in ORG_WORDS:
            i = max(title_at) + 1
            while i < len(words) and words[i] in TITLE_TAIL:
                i += 1
            prefix = piece[: min(title_at)]
            if len(prefix) == 1 and _ACRONYM.match(prefix[0][2]):
                out.append((prefix, False))  # "U.S. Secretary of State ..." keeps "U.S."
            if i < len(words):
                out.append((piece[i:], True))
            continue
        out.append((piece, False))
    return out


def _person_like(name: str) -> bool:
    words = name.split()
    return (
        len(words) >= 2
        and words[0] not in PLACE_FIRST_WORDS
        and words[-1] not in ORG_WORDS
        and not any(_ACRONYM.match(w) for w in words)
        and all(_is_cap(w) or w in NAME_PARTICLES for w in words)
    )


def _collect(text: str) -> dict[str, _Candidate]:
    found: dict[str, _Candidate] = {}
    for run in _spans(text):
        for piece, person in _split_run(run):
            start, end = piece[0][0], piece[-1][1]
            name = text[start:end]
            if name.endswith(("'s", "’s")):
                name = name[:-2]  # "Xi's" -> "Xi"
            if len(name) < 2 or name in NON_ENTITY_ACRONYMS or name.replace("’", "'") in STOP_WORDS:
                continue
            cand = found.setdefault(name, _Candidate(name))
            cand.count += 1
            cand.person = cand.person or person
            if not person and _sentence_initial(text, start):
                cand.opens += 1
    return found


def _opener_only(cand: _Candidate) -> bool:
    """A lone capitalised word that only ever opens a sentence ("Critics", "Officials") is not a name by itself."""
    return cand.opens == cand.count and " " not in cand.text and not _ACRONYM.match(cand.text)


def _acronym_links(text: str, names: Iterable[str]) -> dict[str, str]:
    """Map "NATO" to "North Atlantic Treaty Organization" when the text writes the long form then "(NATO)"."""
    links: dict[str, str] = {}
    for name in sorted(names, key=len, reverse=True):
        if " " not in name:
            continue
        initials = "".join(w[0] for w in name.split() if w[0].isupper())
        for m in re.finditer(re.escape(name) + r"\s*\(([A-Z][A-Za-z.]{1,9})\)", text):
            acronym = m.group(1)
            letters = acronym.replace(".", "").upper()
            if letters == initials or (letters[0] == initials[0] and _subsequence(letters, initials)):
                links.setdefault(acronym, name)
    return links


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _merge(cands: dict[str, _Candidate], text: str) -> dict[str, set[str]]:
    """Group name forms under a canonical name."""
    # "Consider Keith Ellison" at the start of a sentence is "Keith Ellison" after an ordinary word.
    for name in list(cands):
        tail = name.partition(" ")[2]
        if (
            " " in tail
            and cands[name].opens == cands[name].count
            and tail in cands
            and not cands[name].person
        ):
            cands[tail].count += cands.pop(name).count
    parent = {name: name for name in cands}
    for acronym, full in _acronym_links(text, cands).items():
        if acronym in parent and full in parent:
            parent[acronym] = full
    for short, long in KNOWN_ALIASES.items():
        if short in parent and long in parent and parent[short] == short:
            parent[short] = long
    persons = [n for n in cands if _person_like(n)]
    for name in cands:
        if parent[name] != name or name in KNOWN_ALIASES:
            continue
        words = name.split()
        if len(words) == 1:
            # A single name joins the person whose first or last name it is ("Xi" -> "Xi Jinping").
            homes = [p for p in persons if p.split()[-1] == name or p.split()[0] == name]
        else:
            # A shorter person name inside a longer one ("Suk Yeol" -> "Yoon Suk Yeol").
            homes = [p for p in persons if p != name and _person_like(name) and f" {name} " in f" {p} "]
        if homes:
            parent[name] = max(homes, key=lambda p: (cands[p].count + cands[p].person, len(p)))
    groups: dict[str, set[str]] = {}
    for name in cands:
        if parent[name] == name and _opener_only(cands[name]):
            continue
        root = name
        while parent[root] != root:
            root = parent[root]
        groups.setdefault(root, set()).add(name)
    # The canonical name is the longest full form seen in the group.
    merged = {max(forms, key=lambda f: (len(f.split()), len(f))): forms for forms in groups.values()}
    # A person's last name is a name form even where the prose never used it alone (headlines, for one),
    # unless two people share it or it names something else.
    last_names = Counter(c.split()[-1] for c in merged if _person_like(c))
    known = {form for forms in merged.values() for form in forms}
    for canon, forms in merged.items():
        last = canon.split()[-1]
        if _person_like(canon) and last_names[last] == 1 and last not in known and last not in STOP_WORDS:
            forms.add(last)
    return merged


def _alias_pattern(forms: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    ordered = sorted(set(forms), key=len, reverse=True)[:MAX_ALIASES]
    if not ordered:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in ordered) + r")(?!\w)", flags)


def find_targets(text: str, extra: Sequence[str] = ()) -> list[Target]:
    """Find the people, organisations and places of an article and all their mentions.

    Args:
        text: The article (offsets of mentions index into it).
        extra: Names the user asks for. Each is always returned (even with no mention), its occurrences are
            found case-insensitively on word boundaries, and a discovered target it names takes its name.

    Returns:
        Targets sorted by number of mentions, descending (then by first mention). Mentions never overlap,
        and ``text[m.start:m.end] == m.text`` for every mention.
    """
    groups = _merge(_collect(text), text)
    extra_names = list(dict.fromkeys(e.strip() for e in extra if e and e.strip()))
    # A user-given name that is a form of a discovered target renames that target.
    form_owner = {form.lower(): canon for canon, forms in groups.items() for form in forms}
    renamed: dict[str, str] = {}
    for name in extra_names:
        canon = form_owner.get(name.lower())
        if canon is not None and canon not in renamed:
            renamed[canon] = name
    targets: dict[str, Target] = {name: Target(name) for name in extra_names}
    owner: dict[str, str] = {}  # name form -> target name
    for canon, forms in groups.items():
        name = renamed.get(canon, canon)
        targets.setdefault(name, Target(name))
        for form in forms:
            owner[form] = name

    taken: list[tuple[int, int]] = []
    extra_pattern = _alias_pattern(extra_names, re.IGNORECASE)
    by_lower = {n.lower(): n for n in extra_names}
    if extra_pattern is not None:
        for m in extra_pattern.finditer(text):
            targets[by_lower[m.group().lower()]].mentions.append(Mention(m.start(), m.end(), m.group()))
            taken.append((m.start(), m.end()))
    pattern = _alias_pattern(owner)
    if pattern is not None:
        taken.sort()
        starts = [s for s, _ in taken]
        for m in pattern.finditer(text):
            i = bisect.bisect_right(starts, m.start())
            before = taken[i - 1] if i else None
            after = taken[i] if i < len(taken) else None
            if (before and before[1] > m.start()) or (after and after[0] < m.end()):
                continue  # overlaps a user-given name
            targets[owner[m.group()]].mentions.append(Mention(m.start(), m.end(), m.group()))
    result = []
    for target in targets.values():
        target.mentions.sort(key=lambda mention: mention.start)
        if target.mentions or target.name in extra_names:
            result.append(target)
    first = {t.name: (t.mentions[0].start if t.mentions else len(text) + 1) for t in result}
    result.sort(key=lambda t: (-len(t.mentions), first[t.name]))
    return result
