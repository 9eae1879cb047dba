"""SemEval-2023 Task 3 subtask 2 (framing), English: article txt files plus a tab-separated label file."""

from __future__ import annotations

from pathlib import Path

from slant.data.errors import DataError, row_error
from slant.data.labels import FRAME_LABELS, frames_to_multihot
from slant.data.schema import make_row
from slant.data.sources.base import Parsed, read_text_utf8

NAME = "semeval2023_task3"
LANG_DIR = "data/en"
ARTICLES_DIR = f"{LANG_DIR}/train-articles-subtask-2"
LABELS_FILE = f"{LANG_DIR}/train-labels-subtask-2.txt"
FILES = (LABELS_FILE,)


def read_labels(path: Path) -> dict[str, list[str]]:
    """Parse ``<id>\\t<frame>,<frame>,...`` lines; every frame must be one of the 14 FRAME_LABELS."""
    labels: dict[str, list[str]] = {}
    text = read_text_utf8(path, "tab-separated lines `<article id>\\t<comma-separated frames>`")
    for line_no, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != 2 or not fields[0].strip().isdigit():
            raise row_error(path, f"line {line_no}", "`<numeric article id>\\t<frames>`", line)
        art_id, frames = fields[0].strip(), [f.strip() for f in fields[1].split(",") if f.strip()]
        unknown = [f for f in frames if f not in FRAME_LABELS]
        if unknown:
            raise row_error(
                path, f"line {line_no} (article {art_id})", f"frames from {list(FRAME_LABELS)}", unknown
            )
        if art_id in labels:
            raise row_error(path, f"line {line_no}", "each article id once", art_id)
        labels[art_id] = frames
    return labels


def parse(root: Path) -> Parsed:
    """Read the English training articles; one row per article, text = whole file (title on the first line)."""
    labels = read_labels(root / LABELS_FILE)
    art_dir = root / ARTICLES_DIR
    if not art_dir.is_dir():
        raise DataError(f"{art_dir}: folder not found; expected the article<ID>.txt files of subtask 2")
    on_disk = {p.name[len("article") : -len(".txt")] for p in art_dir.glob("article*.txt")}
    missing = sorted(set(labels) - on_disk)
    if missing:
        raise DataError(
            f"{art_dir}: expected article<ID>.txt for every id in {LABELS_FILE}, "
            f"found {len(missing)} missing (first: article{missing[0]}.txt)"
        )
    rows = []
    for art_id in sorted(labels):
        path = art_dir / f"article{art_id}.txt"
        text = read_text_utf8(path, "the article text").strip()
        if not text:
            raise DataError(f"{path}: expected article text, found only whitespace")
        rows.append(
            make_row(
                id=art_id,
                text=text,
                source=NAME,
                frames=frames_to_multihot(labels[art_id]),
                article_id=art_id,
            )
        )
    parsed = Parsed(parts={"en": rows})
    unlabelled = len(on_disk - set(labels))
    if unlabelled:
        parsed.exclusions["article files without labels"] = unlabelled
    parsed.notes.append(f"en: {len(rows)} labelled articles")
    return parsed
