"""Reading a corpus to compare: JSONL, CSV or the Article-Bias-Prediction (ABP) layout, with an input report.

Every input row ends up either in the returned article table or in the report's skipped list (id + reason), so
nothing is lost silently. Selection (outlets, topics, dates, per-outlet sampling, topic matching) lives in
:mod:`slant.compare.select`.

Example:
    >>> articles, report = read_corpus(["news.jsonl"])          # doctest: +SKIP
    >>> report.counts()                                          # doctest: +SKIP
    {'no_text': 2, 'duplicate': 1, ...}
"""

from __future__ import annotations

import csv
import hashlib
import json
import tarfile
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from slant.compare.columns import PARQUET_SUFFIXES, ColumnMap, iter_parquet
from slant.data.labels import LEANING_LABELS

# Columns a JSONL/CSV corpus may carry. `leaning` (or `group`) names an outlet group to compare as well.
KNOWN_COLUMNS: tuple[str, ...] = (
    "id",
    "text",
    "html",
    "outlet",
    "title",
    "date",
    "topic",
    "url",
    "leaning",
    "group",
)
# Fields the ABP README documents; anything else in its JSONs is reported as unknown.
ABP_FIELDS: frozenset[str] = frozenset(
    "ID topic source source_url url date authors title content_original content bias_text bias".split()
)
ARTICLE_COLUMNS: tuple[str, ...] = (
    "key", "id", "text", "html", "outlet", "title", "date", "topic", "url", "leaning", "file", "row",
)  # fmt: skip


class CorpusError(ValueError):
    """A corpus cannot be read or leaves nothing to compare; the message is one line for the user."""


@dataclass
class InputReport:
    """What reading and selecting did to the input rows.

    Attributes:
        files: Input files or directories read.
        n_rows: Rows seen in all inputs.
        skipped: One dict per dropped row: id, file, row, outlet, reason, detail.
        unknown_columns: Column name -> number of rows that carried it (ignored columns).
        notes: Free-text notes (e.g. unparsable dates kept without a date).
        steps: Selection steps in order, each ``{"step", "kept"}``.
    """

    files: list[str] = field(default_factory=list)
    n_rows: int = 0
    skipped: list[dict[str, Any]] = field(default_factory=list)
    unknown_columns: Counter = field(default_factory=Counter)
    notes: Counter = field(default_factory=Counter)
    steps: list[dict[str, Any]] = field(default_factory=list)

    def skip(self, row: dict[str, Any], reason: str, detail: str = "") -> None:
        """Record one dropped row."""
        self.skipped.append(
            {
                "id": str(row.get("id", "")),
                "file": str(row.get("file", "")),
                "row": row.get("row", ""),
                "outlet": str(row.get("outlet", "")),
                "reason": reason,
                "detail": detail,
            }
        )

    def skip_frame(self, df: pd.DataFrame, reason: str, detail: str = "") -> None:
        """Record every row of ``df`` as dropped for ``reason``."""
        for row in df.to_dict("records"):
            self.skip(row, reason, detail)

    def counts(self) -> dict[str, int]:
        """Skipped rows per reason."""
        return dict(Counter(s["reason"] for s in self.skipped))

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary (the skipped rows themselves go to ``skipped.csv``)."""
        return {
            "files": self.files,
            "n_rows": self.n_rows,
            "n_skipped": len(self.skipped),
            "skipped_by_reason": self.counts(),
            "unknown_columns": dict(self.unknown_columns),
            "notes": dict(self.notes),
            "steps": self.steps,
        }

    def write_skipped(self, path: Path) -> None:
        """Write the skipped rows as CSV (header only when nothing was skipped)."""
        cols = ["id", "file", "row", "outlet", "reason", "detail"]
        with open(path, "w", newline="", encoding="utf-8") as fh:
            writer = csv.DictWriter(fh, fieldnames=cols)
            writer.writeheader()
            writer.writerows(self.skipped)


def content_hash(text: str) -> str:
    """sha256 of the whitespace-normalised content: the article's identity for dedup and caching."""
    return hashlib.sha256(
        " ".join(text.split()).encode("utf-8")
    ).hexdigest()  # split(): far faster than a regex


def _clean(value: Any) -> str:
    if value is None or (isinstance(value, float) and value != value):
        return ""
    return str(value).strip()


def _iter_jsonl(path: Path, report: InputReport) -> Iterator[dict[str, Any]]:
    with open(path, encoding="utf-8") as fh:
        for i, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as exc:
                report.n_rows += 1
                report.skip({"file": path, "row": i}, "unreadable_row", f"invalid JSON: {exc.msg}")
                continue
            if not isinstance(obj, dict):
                report.n_rows += 1
                report.skip({"file": path, "row": i}, "unreadable_row", "expected a JSON object per line")
                continue
            yield {**obj, "file": str(path), "row": i}


def _iter_csv(path: Path) -> Iterator[dict[str, Any]]:
    with open(path, newline="", encoding="utf-8") as fh:
        for i, rec in enumerate(csv.DictReader(fh), start=2):  # row 1 is the header
            yield {**{k: v for k, v in rec.items() if k is not None}, "file": str(path), "row": i}


def _abp_row(obj: dict[str, Any], file: str, row: Any) -> dict[str, Any]:
    leaning = _clean(obj.get("bias_text"))
    if not leaning and _clean(obj.get("bias")) in ("0", "1", "2"):
        leaning = LEANING_LABELS[int(obj["bias"])]
    text = _clean(obj.get("content_original")) or _clean(obj.get("content"))
    out = {
        "id": obj.get("ID", ""), "text": text, "outlet": obj.get("source", ""), "title": obj.get("title", ""),
        "date": obj.get("date", ""), "topic": obj.get("topic", ""), "url": obj.get("url", ""),
        "leaning": leaning, "file": file, "row": row,
    }  # fmt: skip
    out["_unknown"] = sorted(set(obj) - ABP_FIELDS)
    return out


def _iter_abp_tar(path: Path) -> Iterator[dict[str, Any]]:
    # Streams members: the full 80 MB archive takes about 15 s and never touches the disk.
    with tarfile.open(path, "r:*") as tf:
        for member in tf:
            if member.isfile() and member.name.endswith(".json"):
                fh = tf.extractfile(member)
                if fh is not None:
                    yield _abp_row(json.load(fh), str(path), member.name)


def _iter_abp_dir(path: Path) -> Iterator[dict[str, Any]]:
    for p in sorted(path.glob("*.json")):
        with open(p, encoding="utf-8") as fh:
            yield _abp_row(json.load(fh), str(path), p.name)


def abp_source(path: Path) -> Path | None:
    """Where the ABP articles are under ``path`` (tar.xz or a directory of JSONs), or None if not ABP."""
    if path.is_file() and path.name.endswith((".tar.xz", ".tar", ".tar.gz")):
        return path
    if path.is_dir():
        for cand in (path / "data" / "jsons", path / "jsons"):
            if cand.is_dir():
                return cand
        if (path / "data_jsons.tar.xz").is_file():
            return path / "data_jsons.tar.xz"
        if any(path.glob("*.json")):
            return path
    return None


def abp_split_ids(root: Path, split: str) -> set[str]:
    """Article IDs of an ABP split such as ``media/test`` (``data/splits/<kind>/<name>.tsv``)."""
    base = root.parent if root.name == "data_jsons.tar.xz" else root
    tsv = base / "data" / "splits" / f"{split}.tsv"
    if not tsv.is_file():
        raise CorpusError(
            f"ABP split file {tsv} not found; expected e.g. --split media/test with {base}/data/splits/"
        )
    with open(tsv, encoding="utf-8") as fh:
        return {r["ID"] for r in csv.DictReader(fh, delimiter="\t")}


def iter_rows(path: Path, report: InputReport) -> Iterator[dict[str, Any]]:
    """Raw rows of one input (JSONL, CSV or ABP), each tagged with ``file`` and ``row``."""
    if not path.exists():
        raise CorpusError(
            f"input {path} does not exist; expected a .jsonl/.csv file or an ABP directory/tar.xz"
        )
    abp = abp_source(path)
    if abp is not None:
        yield from (_iter_abp_tar(abp) if abp.is_file() else _iter_abp_dir(abp))
    elif path.suffix in (".jsonl", ".ndjson", ".json"):
        yield from _iter_jsonl(path, report)
    elif path.suffix in (".csv", ".tsv"):
        yield from _iter_csv(path)
    elif path.suffix in PARQUET_SUFFIXES:
        yield from iter_parquet(path)
    else:
        raise CorpusError(
            f"input {path}: unknown format {path.suffix!r}; expected .jsonl, .csv, .parquet, an ABP data/jsons directory "
            "or data_jsons.tar.xz"
        )


def read_corpus(
    paths: list[str | Path], split: str | None = None, columns: ColumnMap | None = None
) -> tuple[pd.DataFrame, InputReport]:
    """Read articles from every input, drop unusable rows and duplicates, and report what happened.

    Args:
        paths: JSONL/CSV/Parquet files, ABP directories or ``data_jsons.tar.xz`` archives.
        split: Optional ABP split (``media/test``, ``random/train``...) to keep only its articles.
        columns: The corpus's column names for Slant's fields (JSONL/CSV/Parquet; ABP has its own).

    Returns:
        The article table (columns ``ARTICLE_COLUMNS``; ``key`` is the content hash, ``date`` a Timestamp or
        NaT) and the :class:`InputReport`.

    Raises:
        CorpusError: An input is missing or unreadable, or lacks a column named in ``columns``.
    """
    columns = columns or ColumnMap()
    report = InputReport(files=[str(p) for p in paths])
    kept: list[dict[str, Any]] = []
    seen: dict[str, str] = {}
    for p in map(Path, paths):
        allowed = abp_split_ids(abp_source(p) or p, split) if split else None
        mapped = abp_source(p) is None and bool(columns.renames())
        found: dict[str, None] = {}
        for raw in iter_rows(p, report):
            if mapped:
                found.update(dict.fromkeys(k for k in raw if k not in ("file", "row")))
                raw = columns.apply(raw)
            report.n_rows += 1
            unknown = raw.pop("_unknown", None)
            if unknown is None:
                unknown = [c for c in raw if c not in KNOWN_COLUMNS and c not in ("file", "row")]
            report.unknown_columns.update(unknown)
            row = {c: _clean(raw.get(c)) for c in KNOWN_COLUMNS}
            row["leaning"] = row["leaning"] or row.pop("group", "")
            row.pop("group", None)
            row["file"], row["row"] = raw["file"], raw["row"]
            if allowed is not None and row["id"] not in allowed:
                report.skip(row, "not_in_split", split or "")
                continue
            body = row["text"] or row["html"]
            if not body:
                report.skip(row, "no_text", "neither 'text' nor 'html' has content")
                continue
            if not row["outlet"]:
                report.skip(row, "no_outlet", "'outlet' is empty")
                continue
            key = content_hash(body)
            if key in seen:
                report.skip(row, "duplicate", f"same content as article {seen[key]}")
                continue
            row["id"] = row["id"] or key[:16]
            seen[key] = row["id"]
            row["key"] = key
            kept.append(row)
        if mapped:
            columns.check(found, str(p))
    df = pd.DataFrame(kept, columns=list(ARTICLE_COLUMNS))
    raw_dates = df["date"].astype(str)
    df["date"] = pd.to_datetime(
        raw_dates.where(raw_dates != ""), errors="coerce", format="mixed", utc=True
    ).dt.tz_localize(None)
    bad = int(((raw_dates != "") & df["date"].isna()).sum())
    if bad:
        report.notes["unparsable_date_kept_without_date"] = bad
    if (raw_dates == "").sum():
        report.notes["no_date"] = int((raw_dates == "").sum())
    report.steps.append({"step": "read", "kept": len(df)})
    return df, report
