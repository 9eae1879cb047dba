"""NewsMTSC (Hamborg & Donnay, EACL 2021): one jsonl row per sentence, one output row per target."""

from __future__ import annotations

import json
import warnings
from pathlib import Path
from typing import Any

from slant.data.errors import DataError, row_error
from slant.data.labels import STANCE_LABELS
from slant.data.schema import make_row
from slant.data.sources.base import Parsed, read_text_utf8
from slant.data.spans import apart_from

NAME = "newsmtsc"
DATA_DIR = "NewsSentiment/controller_data/datasets/NewsMTSC-dataset"
PARTS = ("train", "devtest_rw", "devtest_mt")
FILES = tuple(f"{DATA_DIR}/{p}.jsonl" for p in PARTS)
POLARITY = {2.0: "negative", 4.0: "neutral", 6.0: "positive"}


def article_id(primary_gid: str) -> str:
    """Article part of a NewsMTSC gid: ``allsides_<article>_<event>`` or ``polusa_v1_<article>_<x>``.

    >>> article_id("allsides_1000_401_25_Reality Leigh Winner_0_6")
    'allsides_1000_401'
    >>> article_id("polusa_v1_113704059_-1_35_Northam_148_155")
    'polusa_v1_113704059_-1'
    """
    parts = primary_gid.split("_")
    keep = 4 if parts[0] == "polusa" else 3
    return "_".join(parts[:keep])


def further_mentions(raw: Any, main: tuple[int, int], n_chars: int) -> list[tuple[int, int]]:
    """The target's other mentions in its sentence, sorted; ones outside the sentence, malformed or overlapping
    the main mention or each other are dropped (the release extracted them automatically).

    >>> further_mentions([{"from": 30, "to": 33, "mention": "his"}, {"from": 0, "to": 2}], (0, 5), 40)
    [(30, 33)]
    """
    spans: list[tuple[int, int]] = []
    for m in raw if isinstance(raw, list) else []:
        try:
            start, end = int(m["from"]), int(m["to"])
        except (KeyError, TypeError, ValueError):
            continue
        if 0 <= start < end <= n_chars:
            spans.append((start, end))
    return apart_from(main, spans)


def parse_jsonl(path: Path, part: str) -> tuple[list[dict[str, Any]], int]:
    """Parse one NewsMTSC jsonl file into schema rows (one per target).

    Returns:
        The rows and the number of targets whose ``from``/``to`` span did not match ``mention``.

    Raises:
        DataError: bad JSON (e.g. a truncated last line), a missing field, an unknown polarity or a span outside
            the sentence; the message names the file and line.
    """
    rows: list[dict[str, Any]] = []
    mismatches: list[str] = []
    text = read_text_utf8(path, "NewsMTSC jsonl (one JSON object per line)")
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            sentence = obj["sentence_normalized"]
            gid = obj["primary_gid"]
            targets = obj["targets"]
        except json.JSONDecodeError as exc:
            raise DataError(
                f"{path}: line {line_no}: expected one JSON object, found invalid JSON ({exc})"
            ) from exc
        except (KeyError, TypeError) as exc:
            raise row_error(
                path, f"line {line_no}", "fields sentence_normalized, primary_gid, targets", line
            ) from exc
        if not isinstance(targets, list) or not targets:
            raise row_error(path, f"line {line_no}", "a non-empty list of targets", targets)
        for t in targets:
            where = f"line {line_no} (target {t.get('Input.gid', '?')!r})"
            try:
                start, end, mention, polarity = int(t["from"]), int(t["to"]), t["mention"], t["polarity"]
            except (KeyError, TypeError, ValueError) as exc:
                raise row_error(path, where, "target fields from, to, mention, polarity", t) from exc
            if polarity not in POLARITY:
                raise row_error(path, where, f"polarity in {sorted(POLARITY)}", polarity)
            if not (0 <= start < end <= len(sentence)):
                raise row_error(
                    path, where, f"0 <= from < to <= {len(sentence)} (sentence length)", (start, end)
                )
            if sentence[start:end] != mention:
                mismatches.append(f"{where}: span {sentence[start:end]!r} != mention {mention!r}")
            more = further_mentions(t.get("further_mentions"), (start, end), len(sentence))
            rows.append(
                make_row(
                    id=str(t.get("Input.gid", f"{gid}#{start}")),
                    text=sentence,
                    source=NAME,
                    label=STANCE_LABELS.index(POLARITY[polarity]),
                    target_start=start,
                    target_end=end,
                    mentions=more,
                    article_id=article_id(gid),
                )
            )
    if mismatches:
        # Spans are used as released; a mismatch is reported, with the first few named.
        shown = "; ".join(mismatches[:5])
        warnings.warn(
            f"{path}: {len(mismatches)} target span(s) differ from `mention`: {shown}", stacklevel=2
        )
    return rows, len(mismatches)


def parse(root: Path) -> Parsed:
    """Read train, devtest_rw and devtest_mt from a NewsMTSC release folder."""
    parsed = Parsed(parts={})
    for part in PARTS:
        rows, mismatched = parse_jsonl(root / DATA_DIR / f"{part}.jsonl", part)
        parsed.parts[part] = rows
        with_more = sum(1 for r in rows if r["mentions"])
        parsed.notes.append(
            f"{part}: {len(rows)} targets ({with_more} with further mentions); {mismatched} span/mention mismatches"
        )
    return parsed
