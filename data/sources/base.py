"""What every source parser returns, and small file helpers shared by the parsers."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.data.errors import DataError, row_error


@dataclass
class Parsed:
    """A corpus read from its release files, before any task protocol is applied.

    Attributes:
        parts: named parts of the release (e.g. ``train``, ``devtest_rw``, ``sg2``) -> rows in the shared schema.
        exclusions: rows left out by design -> count (e.g. BABE ``No agreement``), never silent.
        notes: facts worth showing in the data card (encodings detected, span checks, ...).
        extra: per-part side information a protocol needs (e.g. released split ids).
    """

    parts: dict[str, list[dict[str, Any]]]
    exclusions: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)


def require_file(path: Path, what: str) -> Path:
    """Return ``path`` if it is a readable non-empty file, else raise DataError saying what it should hold."""
    if not path.is_file():
        raise DataError(f"{path}: file not found; expected {what}")
    if path.stat().st_size == 0:
        raise DataError(f"{path}: file is empty; expected {what}")
    return path


def read_text_utf8(path: Path, what: str) -> str:
    """Read a UTF-8 file (a leading BOM is dropped), raising DataError on undecodable bytes."""
    raw = require_file(path, what).read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"{path}: line {line}: expected UTF-8 text, found undecodable byte {raw[exc.start : exc.start + 1]!r}"
        ) from exc


def decode_detect(raw: bytes) -> tuple[str, str]:
    """Decode bytes as UTF-8 if valid, else cp1252, else latin-1; return (text, encoding used)."""
    for enc in ("utf-8-sig", "cp1252", "latin-1"):
        try:
            return raw.decode(enc), ("utf-8" if enc == "utf-8-sig" else enc)
        except UnicodeDecodeError:
            continue
    raise AssertionError("latin-1 decodes any byte string")  # pragma: no cover


def read_delimited(
    path: Path, text: str, delimiter: str, columns: tuple[str, ...], what: str
) -> list[tuple[int, dict[str, str]]]:
    """Parse delimited text with a header row, checking the columns and every row's width.

    Args:
        path: file name for messages.
        text: decoded file content.
        delimiter: field separator.
        columns: columns that must be present in the header.
        what: description of the file for messages.

    Returns:
        ``(line_number, row)`` pairs; the line number is where the row starts in the file (header is line 1).

    Raises:
        DataError: a missing column, a row of the wrong width (e.g. a file cut mid-row) or an unclosed quote.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = next(reader)
    except StopIteration:
        raise DataError(f"{path}: file has no header row; expected {what}") from None
    except csv.Error as exc:
        raise DataError(f"{path}: line 1: unreadable header ({exc}); expected {what}") from exc
    header = [h.strip() for h in header]
    missing = [c for c in columns if c not in header]
    if missing:
        raise row_error(path, "line 1 (header)", f"columns {list(columns)}", header)
    rows: list[tuple[int, dict[str, str]]] = []
    line_no = reader.line_num + 1
    try:
        for fields in reader:
            if fields:
                if len(fields) != len(header):
                    raise row_error(
                        path,
                        f"line {line_no}",
                        f"{len(header)} {delimiter!r}-separated fields (file truncated or row broken?)",
                        delimiter.join(fields),
                    )
                rows.append((line_no, dict(zip(header, fields))))
            line_no = reader.line_num + 1
    except csv.Error as exc:
        raise DataError(
            f"{path}: line {line_no}: unreadable row ({exc}); expected {what} (file truncated mid-row?)"
        ) from exc
    return rows
