"""GVFC (Liu et al., CoNLL 2019): gun-violence headlines with up to two frame codes, as CSV or the original xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from slant.data.errors import DataError, row_error
from slant.data.labels import GVFC_CODE_TO_FRAME, frames_to_multihot
from slant.data.schema import make_row
from slant.data.sources.babe import read_xlsx
from slant.data.sources.base import Parsed, read_delimited, read_text_utf8

NAME = "gvfc"
CSV_FILE = "GVFC_headlines_and_annotations.csv"
XLSX_FILE = "GVFC_headlines_and_annotations.xlsx"
FILES = (CSV_FILE,)
COLUMNS = ("news_title", "Q1 Relevant", "Q2 Focus", "Q3 Theme1", "Q3 Theme2")
NO_FRAME = 99


def _code(path: Path, where: str, column: str, value: Any, allowed: set[int]) -> int:
    try:
        code = int(float(str(value).strip()))
    except ValueError:
        code = None  # type: ignore[assignment]
    if code not in allowed:
        raise row_error(path, f"{where} column {column!r}", f"a code in {sorted(allowed)}", value)
    return code


def parse(root: Path) -> Parsed:
    """Read the GVFC headlines (CSV if present, else the xlsx); 99 = no frame; every row is kept."""
    csv_path, xlsx_path = root / CSV_FILE, root / XLSX_FILE
    if csv_path.is_file():
        path = csv_path
        records = read_delimited(path, read_text_utf8(path, "GVFC CSV"), ",", COLUMNS, "GVFC CSV")
        where_kind = "line"
    elif xlsx_path.is_file():
        path, records, where_kind = xlsx_path, read_xlsx(xlsx_path, COLUMNS), "row"
    else:
        raise DataError(f"{root}: expected {CSV_FILE} or {XLSX_FILE}, found neither")
    theme_codes = set(GVFC_CODE_TO_FRAME) | {NO_FRAME}
    rows, first_frames = [], []
    for line_no, rec in records:
        where = f"{where_kind} {line_no}"
        title = str(rec.get("news_title") or "").strip()
        if not title:
            raise row_error(path, where, "a non-empty news_title", rec.get("news_title"))
        _code(path, where, "Q1 Relevant", rec["Q1 Relevant"], {1, 2})
        _code(path, where, "Q2 Focus", rec["Q2 Focus"], {1, 2, NO_FRAME})
        codes = [_code(path, where, c, rec[c], theme_codes) for c in ("Q3 Theme1", "Q3 Theme2")]
        frames = [GVFC_CODE_TO_FRAME[c] for c in codes if c != NO_FRAME]
        rows.append(
            make_row(id=f"gvfc-{line_no}", text=title, source=NAME, frames=frames_to_multihot(frames))
        )
        first_frames.append(frames[0] if frames else "none")
    # The first coded frame (Theme1, else Theme2) per row, in row order: the stratification key of the protocol.
    parsed = Parsed(parts={"all": rows}, extra={"first_frame": first_frames})
    parsed.notes.append(f"read {path.name}: {len(rows)} headlines")
    return parsed
