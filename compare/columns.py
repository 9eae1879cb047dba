"""Corpus column names given by the user, Parquet corpora, and the voice filter of ``slant compare``.

A corpus file names its columns as it likes (``body``, ``source``, ``published``...); :class:`ColumnMap` says which
column holds each field Slant reads, and every row is renamed to Slant's names before anything else looks at it.
A column the map names that the file lacks is an error naming the file, the flag and the columns found.

Example:
    >>> ColumnMap(text="body", outlet="source").apply({"body": "Hi.", "source": "Daily", "x": 1})
    {'text': 'Hi.', 'outlet': 'Daily', 'x': 1}
    >>> keep_voice({"sentences": [{"voice": "author"}, {"voice": "quote"}]}, "quote")["sentences"]
    [{'voice': 'quote'}]
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

PARQUET_SUFFIXES = (".parquet", ".pq")
VOICES = ("all", "author", "quote")


@dataclass(frozen=True)
class ColumnMap:
    """Which corpus column holds each field (the defaults are Slant's own names).

    Attributes:
        id / text / html / outlet / title / date / topic / url / leaning: the column name of that field.
    """

    id: str = "id"
    text: str = "text"
    html: str = "html"
    outlet: str = "outlet"
    title: str = "title"
    date: str = "date"
    topic: str = "topic"
    url: str = "url"
    leaning: str = "leaning"

    def __post_init__(self) -> None:
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if not isinstance(value, str) or not value.strip():
                raise ValueError(f"column for {f.name!r} is {value!r}; expected a non-empty column name")

    def renames(self) -> dict[str, str]:
        """``{corpus column: Slant field}`` for the fields whose column is not already the Slant name."""
        return {
            getattr(self, f.name): f.name for f in dataclasses.fields(self) if getattr(self, f.name) != f.name
        }

    def apply(self, row: dict[str, Any]) -> dict[str, Any]:
        """The row with renamed keys (a Slant-named column that is shadowed by a mapped one is dropped)."""
        ren = self.renames()
        if not ren:
            return row
        shadowed = set(ren.values()) - set(ren)
        return {ren.get(k, k): v for k, v in row.items() if k in ren or k not in shadowed}

    def check(self, found: Iterable[str], source: str) -> None:
        """Raise ``CorpusError`` when a column the user named is not among ``found`` (the file's columns)."""
        from slant.compare.corpus import CorpusError

        found = list(found)
        for column, name in self.renames().items():
            if column not in found:
                raise CorpusError(
                    f"{source}: no column {column!r} (given for {name}, --{name}-col); expected one of the "
                    f"file's columns: {', '.join(map(str, found)) or 'none'}"
                )


def iter_parquet(path: Path) -> Iterator[dict[str, Any]]:
    """Rows of a Parquet file as dicts tagged with ``file`` and ``row`` (1-based)."""
    import pandas as pd

    from slant.compare.corpus import CorpusError

    try:
        df = pd.read_parquet(path)
    except ImportError as err:
        raise CorpusError(f"input {path}: reading Parquet needs pyarrow: pip install pyarrow") from err
    except Exception as err:  # noqa: BLE001 - a corrupt file raises assorted errors; say it in one line
        raise CorpusError(f"input {path}: not a readable Parquet file ({type(err).__name__}: {err})") from err
    for i, rec in enumerate(df.to_dict("records"), start=1):
        yield {**{str(k): v for k, v in rec.items()}, "file": str(path), "row": i}


def frame_to_jsonl(df: Any, columns: ColumnMap, path: Path) -> Path:
    """Write a DataFrame corpus as JSONL with Slant's column names (for ``Slant.compare`` on a DataFrame)."""
    columns.check(df.columns, "the DataFrame")
    renamed = df.rename(columns=columns.renames())
    keep = [c for c in renamed.columns if c in {f.name for f in dataclasses.fields(ColumnMap)}]
    renamed[keep].to_json(path, orient="records", lines=True, date_format="iso", force_ascii=False)
    return path


def keep_voice(result: dict[str, Any], voice: str) -> dict[str, Any]:
    """The result with only the sentences of ``voice`` (``author``, ``quote``; ``all`` keeps every one)."""
    if voice not in VOICES:
        raise ValueError(f"voice={voice!r}; expected one of {VOICES}")
    if voice == "all":
        return result
    return {**result, "sentences": [s for s in result.get("sentences", []) if s.get("voice") == voice]}
