"""CSV output: one row per sentence, with its article id, labels, top frames and a stance summary."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator, Sequence
from typing import Any

ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "index", "start", "end", "voice", "text", "bias_label", "bias_prob",
    "top_frame", "top_frame_prob", "frame_labels", "n_mentions", "stance",
)  # fmt: skip
SENTENCE_COLUMNS: tuple[str, ...] = (
    "id",
    "bias_label",
    "bias_prob",
    "top_frame",
    "top_frame_prob",
    "frame_labels",
    "n_mentions",
    "stance",
)
LIST_SEP = ";"


def _label_fields(s: dict[str, Any]) -> dict[str, Any]:
    frames = s["frames"]
    top = max(frames, key=lambda f: frames[f]) if frames else ""
    stance = LIST_SEP.join(
        f"{st['target']}={st['label']}({st['probs'][st['label']]:.2f})" for st in s["stance"]
    )
    return {
        "bias_label": s["bias"]["label"], "bias_prob": s["bias"]["prob"],
        "top_frame": top, "top_frame_prob": frames.get(top, ""),
        "frame_labels": LIST_SEP.join(s["frame_labels"]), "n_mentions": len(s["stance"]), "stance": stance,
    }  # fmt: skip


def _rows(header: Sequence[str], rows: Iterator[dict[str, Any]]) -> Iterator[str]:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(header), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
    yield buf.getvalue()


def to_csv(results: Sequence[dict[str, Any]]) -> Iterator[str]:
    """Article results as CSV. ``stance`` reads ``target=label(p);...``; lists are ``;``-separated."""

    def rows() -> Iterator[dict[str, Any]]:
        for r in results:
            for s in r["sentences"]:
                yield {"article_id": r["id"], **{k: s[k] for k in ("index", "start", "end", "voice", "text")},
                       **_label_fields(s)}  # fmt: skip

    return _rows(ARTICLE_COLUMNS, rows())


def sentences_to_csv(results: Sequence[dict[str, Any]]) -> Iterator[str]:
    """Sentence-mode results as CSV, one row per input sentence."""
    return _rows(SENTENCE_COLUMNS, ({"id": r["id"], **_label_fields(r)} for r in results))
