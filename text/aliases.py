"""The alias table: surface forms that name one target, merged under its canonical name.

The built-in table is small on purpose: the party and country forms that split a comparison of outlets when left
apart ("Democrats" and "Democratic", "U.S." and "United States"). Every form is matched exactly (case-sensitive,
whole words), wherever it occurs in the prose, also alone: an article that only says "GOP" gets the target
"Republican Party". Users add entries with ``--alias "Name=Alias1,Alias2"`` on `slant predict` or with an alias
file (``--alias-file``), one ``Name=Alias1,Alias2`` per line, blank lines and ``#`` comments allowed.

Example:
    >>> table = alias_table([parse_alias("Harbor Council=Council,HC")])
    >>> table["GOP"], table["HC"]
    ('Republican Party', 'Harbor Council')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

Alias = tuple[str, tuple[str, ...]]

# canonical name -> the other forms that name it
BUILTIN_ALIASES: dict[str, tuple[str, ...]] = {
    "Democratic Party": ("Democrats", "Democrat", "Democratic", "Dems"),
    "Republican Party": ("Republicans", "Republican", "GOP", "G.O.P."),
    "United States": ("U.S.", "US", "USA", "U.S.A.", "America", "United States of America"),
    "United Kingdom": ("UK", "U.K.", "Britain", "Great Britain"),
    "European Union": ("EU", "E.U."),
    "United Nations": ("UN", "U.N."),
    "Federal Reserve": ("Fed",),
    "Conservative Party": ("Conservatives", "Tories", "Tory", "Conservative"),
    "Labour Party": ("Labour",),
}
# Forms that are also ordinary words ("Conservative commentators said ..." of an American article): they name their
# target only in an article that also uses one of its other forms ("The Conservative group leader ... the
# Conservatives would scrap the scheme").
BUILTIN_WEAK_FORMS: dict[str, str] = {"Conservative": "Conservative Party"}
ALIAS_FORM = "Name=Alias1,Alias2"


class AliasError(ValueError):
    """A malformed alias entry; the message names where it is and the expected form."""


def parse_alias(entry: str, where: str = "--alias") -> Alias:
    """``"Name=Alias1,Alias2"`` -> ``("Name", ("Alias1", "Alias2"))``; raises AliasError naming ``where``."""
    name, sep, rest = entry.partition("=")
    aliases = tuple(dict.fromkeys(a.strip() for a in rest.split(",") if a.strip()))
    if not sep or not name.strip() or not aliases or "=" in rest:
        raise AliasError(f"{where}: {entry.strip()!r} is not an alias entry; expected the form {ALIAS_FORM}")
    return name.strip(), aliases


def read_alias_file(path: str | Path) -> list[Alias]:
    """Entries of an alias file, one ``Name=Alias1,Alias2`` per line (``#`` comments and blank lines skipped).

    Raises:
        AliasError: for the first malformed line, naming the file and line number.
        OSError: when the file cannot be read.
    """
    out = []
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        text = line.split("#", 1)[0].strip() if not line.lstrip().startswith("#") else ""
        if text:
            out.append(parse_alias(text, where=f"{path}:line {n}"))
    return out


def weak_forms(table: Mapping[str, str]) -> frozenset[str]:
    """The weak forms of the built-in table that ``table`` still maps to their built-in name (a user's entry for
    the same form makes it an ordinary alias)."""
    return frozenset(form for form, canon in BUILTIN_WEAK_FORMS.items() if table.get(form) == canon)


def alias_table(
    extra: Iterable[Alias] = (), builtin: Mapping[str, tuple[str, ...]] = BUILTIN_ALIASES
) -> dict[str, str]:
    """Form -> canonical name, for every form of the built-in table and of ``extra`` (a user's entry wins; its
    canonical name maps to itself, so a user may also rename a built-in target)."""
    table: dict[str, str] = {}
    for canon, forms in builtin.items():
        table[canon] = canon
        for form in forms:
            table[form] = canon
    for canon, forms in extra:
        table[canon] = canon
        for form in forms:
            table[form] = canon
    return table
