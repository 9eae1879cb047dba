"""Slant's own sentence-level frames annotation of news prose (docs/FRAMES_CODEBOOK.md).

The repository holds only offsets and labels (``data/annotations/frames_prose*.jsonl``); the sentence text is joined
from the corpus mirror, read by the SemEval-2023 and Article-Bias-Prediction loaders exactly as they read it. Each
annotation line is

    {"corpus": "semeval2023_task3" | "article_bias_prediction", "article_id": "...", "start": int, "end": int,
     "frames": [frame, ...], "annotator": "...", "note": "..." (optional), "round": int (optional, 1 when absent)}

and ``text[start:end]`` must be one sentence of the article as ``slant.text.sentences.split_sentences`` cuts it.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.data.errors import DataError, row_error
from slant.data.labels import FRAME_LABELS, frames_to_multihot
from slant.data.schema import make_row

NAME = "frames_prose"
ANNOTATIONS_DIR = Path(__file__).resolve().parent.parent / "annotations"
FIRST_PASS = ANNOTATIONS_DIR / "frames_prose.jsonl"
SECOND_PASS = ANNOTATIONS_DIR / "frames_prose_pass2.jsonl"
CORPORA = ("semeval2023_task3", "article_bias_prediction")
FIELDS = ("corpus", "article_id", "start", "end", "frames", "annotator")
# what a model's run_info.json says of this data, as it says origin and licence of each corpus release
PROVENANCE = {
    "name": NAME,
    "origin": "Slant's annotation (data/annotations/frames_prose.jsonl: offsets and labels) of SemEval-2023 and "
    "Article-Bias-Prediction sentences, texts joined from those corpora",
    "licence": "labels: MIT, as Slant's code; texts: those of semeval2023_task3 and article_bias_prediction",
    "citation": "docs/FRAMES_PROSE.md",
}
LINE_FORM = (
    '{"corpus": one of ' + str(list(CORPORA)) + ', "article_id": str, "start": int, "end": int, '
    '"frames": [frame names], "annotator": str}'
)


@dataclass(frozen=True)
class Annotation:
    """One annotated sentence: where it is and the frames a reader marked (empty = no frame)."""

    corpus: str
    article_id: str
    start: int
    end: int
    frames: tuple[str, ...]
    annotator: str
    note: str = ""
    line: int = 0
    round: int = 1  # annotation round: the sampling round the sentence was chosen in (docs/FRAMES_PROSE.md)

    @property
    def key(self) -> tuple[str, str, int, int]:
        return (self.corpus, self.article_id, self.start, self.end)


@dataclass
class AnnotationSet:
    """Annotations of one file joined with their sentence text, plus what the join found."""

    path: Path
    items: list[Annotation]
    texts: dict[tuple[str, str, int, int], str]
    outlets: dict[tuple[str, str], str] = field(default_factory=dict)


def read_annotations(path: Path) -> list[Annotation]:
    """Parse and check an annotation file line by line (format, frame names, duplicates); no corpus needed.

    Raises:
        DataError: naming the file, the line and what was expected.
    """
    if not path.is_file():
        raise DataError(f"{path}: file not found; expected JSON lines of the form {LINE_FORM}")
    items: list[Annotation] = []
    seen: dict[tuple[str, str, int, int], int] = {}
    for line_no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise row_error(path, f"line {line_no}", f"one JSON object ({exc.msg})", raw) from exc
        if not isinstance(obj, dict) or any(k not in obj for k in FIELDS):
            raise row_error(path, f"line {line_no}", LINE_FORM, raw)
        if obj["corpus"] not in CORPORA:
            raise row_error(path, f"line {line_no} field 'corpus'", f"one of {list(CORPORA)}", obj["corpus"])
        start, end = obj["start"], obj["end"]
        if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end):
            raise row_error(path, f"line {line_no}", "integer offsets with 0 <= start < end", (start, end))
        frames = obj["frames"]
        if not isinstance(frames, list):
            raise row_error(path, f"line {line_no} field 'frames'", "a list of frame names", frames)
        unknown = [f for f in frames if f not in FRAME_LABELS]
        if unknown:
            raise row_error(
                path, f"line {line_no} field 'frames'", f"frames from {list(FRAME_LABELS)}", unknown
            )
        rnd = obj.get("round", 1)
        if not (isinstance(rnd, int) and not isinstance(rnd, bool) and rnd >= 1):
            raise row_error(path, f"line {line_no} field 'round'", "an integer >= 1 (1 when absent)", rnd)
        if len(set(frames)) != len(frames):
            raise row_error(path, f"line {line_no} field 'frames'", "each frame at most once", frames)
        item = Annotation(
            corpus=obj["corpus"],
            article_id=str(obj["article_id"]),
            start=start,
            end=end,
            frames=tuple(f for f in FRAME_LABELS if f in frames),
            annotator=str(obj["annotator"]),
            note=str(obj.get("note", "")),
            line=line_no,
            round=rnd,
        )
        if item.key in seen:
            raise row_error(
                path, f"line {line_no}", f"each sentence once (also on line {seen[item.key]})", list(item.key)
            )
        seen[item.key] = line_no
        items.append(item)
    if not items:
        raise DataError(f"{path}: expected at least one annotation line of the form {LINE_FORM}, found none")
    return items


def join_texts(
    path: Path,
    items: Iterable[Annotation],
    articles: dict[str, dict[str, str]],
    sentence_spans: Callable[[str], set[tuple[int, int]]],
) -> dict[tuple[str, str, int, int], str]:
    """Check each annotation against its article and return the sentence text per annotation key.

    Args:
        path: the annotation file, for messages.
        items: annotations from ``read_annotations``.
        articles: corpus name -> article id -> article text as the corpus loader reads it.
        sentence_spans: text -> the (start, end) spans of its sentences (the project's sentence splitter).

    Raises:
        DataError: an article missing from the mirror, offsets outside the article or not on a sentence.
    """
    spans_cache: dict[tuple[str, str], set[tuple[int, int]]] = {}
    out = {}
    for a in items:
        text = articles.get(a.corpus, {}).get(a.article_id)
        if text is None:
            raise row_error(
                path, f"line {a.line}", f"an article id of {a.corpus} present in the mirror", a.article_id
            )
        if a.end > len(text):
            raise row_error(
                path,
                f"line {a.line} ({a.corpus} {a.article_id})",
                f"offsets inside the article (length {len(text)})",
                (a.start, a.end),
            )
        key = (a.corpus, a.article_id)
        if key not in spans_cache:
            spans_cache[key] = sentence_spans(text)
        if (a.start, a.end) not in spans_cache[key]:
            raise row_error(
                path,
                f"line {a.line} ({a.corpus} {a.article_id})",
                "offsets of one whole sentence as slant.text.sentences.split_sentences cuts the article",
                text[a.start : a.end][:80],
            )
        out[a.key] = text[a.start : a.end]
    return out


def to_rows(aset: AnnotationSet) -> list[dict[str, Any]]:
    """Schema rows (one per annotated sentence) in file order; ``id`` is ``corpus:article_id:start``."""
    return [
        make_row(
            id=f"{a.corpus}:{a.article_id}:{a.start}",
            text=aset.texts[a.key],
            source=NAME,
            frames=frames_to_multihot(list(a.frames)),
            outlet=aset.outlets.get((a.corpus, a.article_id), ""),
            article_id=f"{a.corpus}:{a.article_id}",
        )
        for a in aset.items
    ]
