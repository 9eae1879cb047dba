"""BABE (Spinde et al., Findings of EMNLP 2021): SG2 and SG1 `;`-separated CSVs with BOM, MBIC as xlsx."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from slant.data.errors import DataError, row_error
from slant.data.labels import BIAS_LABELS
from slant.data.schema import make_row
from slant.data.sources.base import Parsed, read_delimited, read_text_utf8, require_file

NAME = "babe"
COLUMNS = ("text", "news_link", "outlet", "topic", "type", "label_bias", "label_opinion", "biased_words")
LABEL_BIAS = {"Biased": "biased", "Non-biased": "neutral"}
# Released values that mean the annotators did not agree; such rows are excluded by design and counted.
NO_LABEL = {"No agreement"}
CSV_PARTS = {"sg2": "data/final_labels_SG2.csv", "sg1": "data/final_labels_SG1.csv"}
XLSX_PARTS = {"mbic": "data/final_labels_MBIC.xlsx"}
FILES = (*CSV_PARTS.values(), *XLSX_PARTS.values())


def _to_rows(
    path: Path, part: str, records: list[tuple[int, dict[str, Any]]], exclusions: dict[str, int]
) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    for line_no, rec in records:
        raw_label = str(rec.get("label_bias") or "").strip()
        text = str(rec.get("text") or "").strip()
        if raw_label in NO_LABEL:
            key = f"{part}: label_bias {raw_label!r}"
            exclusions[key] = exclusions.get(key, 0) + 1
            continue
        if raw_label not in LABEL_BIAS:
            allowed = sorted([*LABEL_BIAS, *NO_LABEL])
            raise row_error(path, f"line {line_no}", f"label_bias in {allowed}", raw_label)
        if not text:
            raise row_error(path, f"line {line_no}", "a non-empty text", rec.get("text"))
        rows.append(
            make_row(
                id=f"{part}-{line_no}",
                text=text,
                source=NAME,
                label=BIAS_LABELS.index(LABEL_BIAS[raw_label]),
                outlet=str(rec.get("outlet") or "").strip(),
                article_id=str(rec.get("news_link") or "").strip(),
            )
        )
    return rows


def read_xlsx(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    """Read the first sheet of an xlsx with a header row; line numbers are spreadsheet row numbers."""
    with warnings.catch_warnings():
        # openpyxl warns about spreadsheet extensions it drops; the cell values are unaffected.
        warnings.simplefilter("ignore", UserWarning)
        return _read_xlsx(path, columns)


def _read_xlsx(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, Any]]]:
    import zipfile

    import openpyxl

    require_file(path, "an xlsx workbook")
    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, OSError, KeyError, ValueError) as exc:
        raise DataError(
            f"{path}: expected an xlsx workbook, found an unreadable file ({exc}); truncated?"
        ) from exc
    try:
        it = wb.worksheets[0].iter_rows(values_only=True)
        header = [str(h).strip() if h is not None else "" for h in next(it, ())]
        missing = [c for c in columns if c not in header]
        if missing:
            raise row_error(path, "row 1 (header)", f"columns {list(columns)}", header)
        out = []
        for row_no, values in enumerate(it, 2):
            if values is None or all(v is None for v in values):
                continue
            out.append((row_no, dict(zip(header, values))))
        return out
    finally:
        wb.close()


def parse(root: Path) -> Parsed:
    """Read SG2, SG1 (CSV) and MBIC (xlsx) from a BABE release folder."""
    parsed = Parsed(parts={})
    for part, rel in CSV_PARTS.items():
        path = root / rel
        text = read_text_utf8(path, "a ';'-separated BABE CSV")
        records = read_delimited(path, text, ";", COLUMNS, "a ';'-separated BABE CSV")
        parsed.parts[part] = _to_rows(path, part, records, parsed.exclusions)
    for part, rel in XLSX_PARTS.items():
        path = root / rel
        parsed.parts[part] = _to_rows(
            path, part, read_xlsx(path, ("text", "outlet", "label_bias")), parsed.exclusions
        )
    for part, rows in parsed.parts.items():
        parsed.notes.append(f"{part}: {len(rows)} labelled sentences")
    return parsed
