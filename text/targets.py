"""Find the people, organisations and places an article talks about, without any model.

Three passes: (1) collect capitalised name spans (``slant.text.target_spans``: titles, modifiers, credit words
and abbreviations left out); (2) merge them into targets with a canonical name: the alias table
(``slant.text.aliases``) names party and country forms ("GOP" -> "Republican Party"), a person's single name
joins their full name ("Mr. Xi" -> "Xi Jinping"), an acronym joins the full name it abbreviates ("North Atlantic
Treaty Organization (NATO)", or "Federal Aviation Administration" ... "FAA"), else the longest form seen is the
name; (3) find every occurrence of every name form in the whole text, longest first, so mentions never overlap
and titles or possessives are never part of a mention.

Example:
    >>> text = "Chinese President Xi Jinping met Mr. Biden. Xi's aides smiled. GOP senators left."
    >>> [(t.name, t.forms) for t in find_targets(text)]
    [('Xi Jinping', ['Xi Jinping', 'Xi']), ('Biden', ['Biden']), ('Republican Party', ['GOP'])]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from slant.text.aliases import Alias, alias_table, weak_forms
from slant.text.target_spans import ACRONYM, Candidate, collect, person_like
from slant.text.target_words import (
    COMPANY_WORDS,
    DEMONYMS,
    ORG_WORDS,
    PLACE_FIRST_WORDS,
    PLACES,
    SHORT_FORM_TAILS,
    SHORT_INSTITUTIONS,
    STOP_WORDS,
)

__all__ = ["Mention", "Target", "find_targets"]

MAX_ALIASES = 2000  # cap on name forms in the final search pattern
# An acronym with no "(ABC)" after the long form joins it only when it has at least this many letters.
MIN_BARE_ACRONYM = 2


@dataclass(frozen=True)
class Mention:
    """One occurrence of a target: ``article[start:end] == text``."""

    start: int
    end: int
    text: str


@dataclass
class Target:
    """A person, organisation or place: its canonical name, every mention, and the surface forms merged into it
    (the distinct mention texts, in order of first appearance: "Democrats", "GOP", "Xi")."""

    name: str
    mentions: list[Mention] = field(default_factory=list)
    forms: list[str] = field(default_factory=list)


_WORD_AND_NUMBER = re.compile(r"(\S+) \d+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][a-z'’-]*")


def _opener_only(cand: Candidate, first_words: set[str], lower_words: set[str]) -> bool:
    """A lone capitalised word that only ever opens a sentence ("Critics", "Officials") is not a name by itself,
    unless it is a country or state, a people ("Palestinians"), written like a name ("Copa-Cogeca", "McKellar"),
    coordinated with a name ("Microsoft and Google") or the first word of another name ("Chicago" of "Chicago
    Public Schools"). A word the article also writes in lower case, or that opens a quotation, is an ordinary word
    even then ("Patients given a placebo ..." beside "Patients for Fair Prices" and "patients"; placards reading
    "Open our roads" beside "Open Roads Ardenford"). A word with a number that only opens
    sentences is a quantity ("Around 200 people ..."), not a model name like "Wave 3"."""
    word = cand.text
    if m := _WORD_AND_NUMBER.fullmatch(word):
        word = m.group(1)
    if (
        cand.opens != cand.count
        or " " in word
        or ACRONYM.match(word)
        or cand.coordinated
        or word in PLACES
        or (word.endswith("s") and (word[:-1] in DEMONYMS or word[:-2] in DEMONYMS))
        or any(ch.isupper() for ch in word[1:])
    ):
        return False
    # (a place name's first word is no exception: "New projections showed ..." beside "New York")
    return (
        word.lower() in lower_words
        or cand.quote_opens > 0
        or word not in first_words
        or word in PLACE_FIRST_WORDS
    )


_DEMONYM_SUFFIXES = ("n", "an", "ian", "ean", "ese", "ish", "i", "ic")


def _place_stems(cands: Iterable[str]) -> dict[str, set[str]]:
    """Single-word names of four letters or more by their stems: the name, less its last letter, less two."""
    stems: dict[str, set[str]] = {}
    for place in cands:
        if " " not in place and len(place) >= 4:
            for stem in (place, place[:-1], place[:-2]):
                stems.setdefault(stem, set()).add(place)
    return stems


def _derived_demonym(name: str, cand: Candidate, place_stems: Mapping[str, set[str]]) -> bool:
    """ "Dovanian" beside "Dovania", "Pelmarkian" beside "Pelmark": the adjective of a place the article names
    ("Dovanian officials") is a modifier like the demonyms of the word list, which cannot know every country. It
    is the place's name, or the name less its last one or two letters, and a demonym's ending. The plural of the
    people ("Dovanians") stays a name."""
    if " " in name or cand.person or not name.endswith(_DEMONYM_SUFFIXES):
        return False
    stems = (name[: -len(suffix)] for suffix in _DEMONYM_SUFFIXES if name.endswith(suffix))
    return any(place_stems.get(stem, set()) - {name} for stem in stems)


def _initials(name: str) -> tuple[str, str]:
    words = name.split()
    return "".join(w[0] for w in words if w[0].isupper()), "".join(w[0] for w in words).upper()


_PAREN_ACRONYM = re.compile(r"\(([A-Z][A-Za-z.]{1,9})\)")


def _acronym_links(text: str, names: Iterable[str]) -> dict[str, str]:
    """Map "NATO" to "North Atlantic Treaty Organization" when the text writes the long form then "(NATO)", and
    "FAA" to "Federal Aviation Administration" when both occur and the letters are exactly its initials."""
    names = list(names)
    links: dict[str, str] = {}
    # Every "(ABC)" once, then the names written right before it (one scan instead of a pattern per name).
    # A window of 400 characters before it holds any name (and the spaces after it) without copying the text.
    parens = [
        (text[max(0, m.start() - 400) : m.start()].rstrip(), m.group(1))
        for m in _PAREN_ACRONYM.finditer(text)
    ]
    for name in sorted(names, key=len, reverse=True):
        if " " not in name:
            continue
        initials, _ = _initials(name)
        if not initials:  # "al-Assad al-Assad": no capital initial to spell an acronym with
            continue
        for before, acronym in parens:
            if not before.endswith(name):
                continue
            letters = acronym.replace(".", "").upper()
            if letters == initials or (letters[0] == initials[0] and _subsequence(letters, initials)):
                links.setdefault(acronym, name)
    long_forms = [n for n in names if " " in n]
    for acronym in names:
        letters = acronym.replace(".", "")
        if acronym in links or not ACRONYM.match(acronym) or len(letters) < MIN_BARE_ACRONYM:
            continue
        # "FBI" = "Federal Bureau of Investigation"; "CDC" starts "Centers for Disease Control and Prevention".
        homes = [
            n
            for n in long_forms
            if letters in _initials(n) or (len(letters) >= 3 and _initials(n)[0].startswith(letters))
        ]
        if len(homes) == 1:
            links[acronym] = homes[0]
    return links


def _shortened(name: str, others: list[str]) -> list[str]:
    """The one longer name that ``name`` shortens: its tail ("Park Service" of "National Park Service", "the
    Commission" of "European Commission"), the institution word heading an "X of Y" name ("House" of "House of
    Representatives", "Bank" of "Bank of England") or the first words of a company, club, party or river ("Lumetra"
    of "Lumetra Systems", "Port Carran" of "Port Carran United", "Civic Renewal" of "Civic Renewal Party", "the
    Arvel" of "Arvel River"; never a country or state: "Mexico" is not "Mexico City") or
    the club word ending one ("Rovers" of "Harrowgate Rovers")."""
    words = name.split()
    if len(words) == 1 and name in ORG_WORDS:
        heads = [n for n in others if n.startswith(name + " of ")]
        if len(heads) == 1:
            return heads
    if name not in PLACES:
        company = [
            n
            for n in others
            if n.startswith(name + " ") and all(w in SHORT_FORM_TAILS for w in n[len(name) + 1 :].split())
        ]
        if len(company) == 1:  # "Port Carran" of "Port Carran United"
            return company
    if len(words) > 1 or name in SHORT_INSTITUTIONS or name in COMPANY_WORDS:
        homes = [n for n in others if n.endswith(" " + name)]  # "Rovers" of "Harrowgate Rovers"
        return homes if len(homes) == 1 else []
    return []


_COUNCIL_TAIL = r"(?: (?:County|City|Borough|District|Shire|Town|Parish|Metropolitan Borough|Regional|Municipal))? Council"
_COUNCIL_NAME = re.compile(r"^(.+?)" + _COUNCIL_TAIL + r"$")
_REPORTING_VERB = (
    r"\s+(?:said|says|told|argued|insisted|claimed|announced|denied|admitted|confirmed|warned)\b"
)
_LOCATIVE = (
    r"\b(?:in|at|near|across|around|outside|inside|from|to|through|throughout|downtown|of)\s+(?:the\s+)?"
)


def _acting_councils(cands: Iterable[str], text: str) -> dict[str, str]:
    """ "Fenmarsh said it was disappointed" beside "Fenmarsh County Council": a local council is named by its place
    when it acts, so the place's name is the council's short form when it speaks ("X said") and never stands as a
    place ("in X", "of X"). Returns place -> council for the places of one council each."""
    councils: dict[str, list[str]] = {}
    for n in cands:
        if m := _COUNCIL_NAME.match(n):
            councils.setdefault(m.group(1), []).append(n)
    out = {}
    for place, names in councils.items():
        word = re.escape(place)
        if (
            len(names) != 1
            or place not in cands
            or not re.search(r"(?<![\w-])" + word + _REPORTING_VERB, text)
        ):
            continue
        if not re.search(_LOCATIVE + word + r"\b(?!" + _COUNCIL_TAIL + ")", text):
            out[place] = names[0]
    return out


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def _merge(cands: dict[str, Candidate], text: str, table: Mapping[str, str]) -> dict[str, set[str]]:
    """Group name forms under a canonical name."""
    lower_words = set(_LOWER_WORD.findall(text))
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
    for acronym, full in _acronym_links(text, [n for n in cands if n not in table]).items():
        if acronym in parent and full in parent:
            parent[acronym] = full
    persons = [n for n in cands if person_like(n) and n not in table]
    # First words of organisation and place names ("Ardenford" of "Ardenford City Council").
    org_first = {n.split()[0] for n in cands if " " in n and n.split()[-1] in ORG_WORDS}
    longer = [n for n in cands if " " in n and n not in table]  # names a shorter form may shorten
    for name in cands:
        if parent[name] != name or name in table:
            continue
        words = name.split()
        if len(words) == 1:
            # A single name joins the person whose first or last name it is ("Xi" -> "Xi Jinping"), but:
            # a country or state opening a longer name ("Kenya Kwanza") is not that name's first name; an ordinary
            # word (opening a quotation, "Open our roads", or also written in lower case) is no first name; and a
            # word that starts an organisation's name is a place, not the last name of an untitled "person"
            # ("Open Roads Ardenford").
            ordinary = not cands[name].person and (cands[name].quote_opens > 0 or name.lower() in lower_words)
            homes = [
                p
                for p in persons
                if (p.split()[-1] == name and (name not in org_first or cands[p].person))
                or (p.split()[0] == name and name not in PLACES and not ordinary)
            ]
        else:
            # A shorter person name inside a longer one ("Suk Yeol" -> "Yoon Suk Yeol").
            homes = [p for p in persons if p != name and person_like(name) and f" {name} " in f" {p} "]
        # A company's or club's short form goes to it before any person ("Corvane" of "Corvane Semiconductor").
        if not any(cands[p].person for p in homes):
            homes = _shortened(name, [n for n in longer if n != name]) or homes
        if homes:
            parent[name] = max(homes, key=lambda p: (cands[p].count + cands[p].person, len(p)))
    for name, council in _acting_councils(cands, text).items():
        if parent[name] == name and name not in table and name not in PLACES and not cands[name].person:
            parent[name] = council
    first_words = {n.split()[0] for n in cands if " " in n and not _WORD_AND_NUMBER.fullmatch(n)}
    place_stems = _place_stems(cands)
    groups: dict[str, set[str]] = {}
    for name in cands:
        if name in table:  # the alias table names its forms, whatever else the article holds
            groups.setdefault(table[name], set()).add(name)
            continue
        if parent[name] == name and _opener_only(cands[name], first_words, lower_words):
            continue
        if parent[name] == name and _derived_demonym(name, cands[name], place_stems):
            continue
        root = name
        while parent[root] != root:
            root = parent[root]
        groups.setdefault(f"\0{root}", set()).add(name)
    # A weak form of the table ("Conservative", also an ordinary adjective) names its target only beside a
    # strong one ("Conservatives", "Tories").
    weak = weak_forms(table)
    groups = {k: f for k, f in groups.items() if k.startswith("\0") or not f <= weak}
    # The canonical name is the alias table's, else the longest full form seen in the group.
    merged: dict[str, set[str]] = {}
    for key, forms in groups.items():
        canon = max(forms, key=lambda f: (len(f.split()), len(f))) if key.startswith("\0") else key
        merged.setdefault(canon, set()).update(forms)
    # A person's last name is a name form even where the prose never used it alone (headlines, for one),
    # unless two people share it or it names something else.
    last_names = Counter(c.split()[-1] for c in merged if person_like(c))
    known = {form for forms in merged.values() for form in forms} | set(table)
    for canon, forms in merged.items():
        last = canon.split()[-1]
        if person_like(canon) and last_names[last] == 1 and last not in known and last not in STOP_WORDS:
            forms.add(last)
    return merged


def _alias_pattern(forms: Iterable[str], flags: int = 0) -> re.Pattern[str] | None:
    ordered = sorted(set(forms), key=len, reverse=True)[:MAX_ALIASES]
    if not ordered:
        return None
    # (?!-[a-z]): "Beijing-backed" is a modifier, not a mention of Beijing.
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(f) for f in ordered) + r")(?!\w|-[a-z])", flags)


def _is_word(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what the re module's \\w matches in a str pattern


def find_forms(text: str, forms: Iterable[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) of the name forms in ``text``: what ``_alias_pattern(forms).finditer`` finds
    (leftmost first; at one start the longest form; on word boundaries; never "Beijing" in "Beijing-backed"),
    found with ``str.find`` instead of compiling a pattern of every form, which took milliseconds per article."""
    best: dict[int, int] = {}  # start -> end of the longest form that may start there
    n = len(text)
    for form in sorted(set(forms), key=len, reverse=True)[:MAX_ALIASES]:
        i = text.find(form) if form else -1
        while i != -1:
            j = i + len(form)
            after_ok = j == n or not (
                _is_word(text[j]) or (text[j] == "-" and j + 1 < n and "a" <= text[j + 1] <= "z")
            )
            if after_ok and (i == 0 or not _is_word(text[i - 1])) and best.get(i, -1) < j:
                best[i] = j
            i = text.find(form, i + 1)
    out: list[tuple[int, int]] = []
    last = 0
    for i in sorted(best):
        if i >= last:
            out.append((i, best[i]))
            last = best[i]
    return out


def find_targets(text: str, extra: Sequence[str] = (), aliases: Sequence[Alias] = ()) -> list[Target]:
    """Find the people, organisations and places of an article and all their mentions.

    Args:
        text: The article (offsets of mentions index into it).
        extra: Names the user asks for. Each is always returned (even with no mention), its occurrences are
            found case-insensitively on word boundaries, and a discovered target it names takes its name.
        aliases: ``(canonical name, (alias, ...))`` entries merged besides the built-in alias table.

    Returns:
        Targets sorted by number of mentions, descending (then by first mention). Mentions never overlap,
        ``text[m.start:m.end] == m.text`` for every mention, and ``forms`` lists the distinct mention texts.
    """
    table = alias_table(aliases)
    groups = _merge(collect(text, table), text, table)
    extra_names = list(dict.fromkeys(e.strip() for e in extra if e and e.strip()))
    # A user-given name that is a form of a discovered target renames that target.
    form_owner = {form.lower(): canon for canon, forms in groups.items() for form in forms}
    form_owner.update({canon.lower(): canon for canon in groups})
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
    taken.sort()
    starts = [s for s, _ in taken]
    for start, end in find_forms(text, owner):
        i = bisect.bisect_right(starts, start)
        before = taken[i - 1] if i else None
        after = taken[i] if i < len(taken) else None
        if (before and before[1] > start) or (after and after[0] < end):
            continue  # overlaps a user-given name
        form = text[start:end]
        targets[owner[form]].mentions.append(Mention(start, end, form))
    result = []
    for target in targets.values():
        target.mentions.sort(key=lambda mention: mention.start)
        target.forms = list(dict.fromkeys(m.text for m in target.mentions))
        if target.mentions or target.name in extra_names:
            result.append(target)
    first = {t.name: (t.mentions[0].start if t.mentions else len(text) + 1) for t in result}
    result.sort(key=lambda t: (-len(t.mentions), first[t.name]))
    return result
