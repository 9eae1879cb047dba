"""Tidy tables from scored articles: one row per article, per sentence and per stance mention.

These are the inputs of every function in :mod:`slant.compare.stats`.

Article table columns: ``key, id, outlet, leaning, topic, date, title, n_sent, n_biased``, ``nf__<frame>``
(sentences carrying the frame), ``article_p_<frame>`` (the calibrated probability of the model's pooled article
head, ``summary.article_frames`` of the result) and ``article_label_<frame>`` (1 when the frame passes the model's
article threshold, ``summary.article_frame_labels``), one column of each per frame of the model. Sentence table:
``key, outlet, leaning, topic, index, voice, text, biased, bias_prob`` plus ``fp__<frame>`` probabilities and
``fl__<frame>`` 0/1 labels. Stance table: ``key, outlet, leaning, target, label, score`` (positive minus negative
probability), ``text``.

The frames are the model's own label list (``frames`` of :func:`build_tables`, which ``slant compare`` reads from
the model's config); :func:`table_frames` reads them back from an article table, so the statistics never assume
a list of their own.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from slant.data.labels import FRAME_LABELS

FRAME_COUNT_PREFIX = "nf__"  # per-article count of sentences with a frame
FRAME_PROB_PREFIX = "fp__"  # per-sentence frame probability
FRAME_LABEL_PREFIX = "fl__"  # per-sentence frame label (0/1)
ARTICLE_P_PREFIX = "article_p_"  # per-article calibrated probability of the pooled article head
ARTICLE_LABEL_PREFIX = "article_label_"  # per-article label of the article head (0/1)
FRAME_COUNT_COLS: list[str] = [FRAME_COUNT_PREFIX + f for f in FRAME_LABELS]  # the default frames' columns


class ArticleFramesMissing(ValueError):
    """A result has no article-level frames (scored before the article head was part of the result)."""


def table_frames(articles: pd.DataFrame) -> list[str]:
    """The frames of an article table, in column order, checked to have all three per-article columns.

    Raises:
        ValueError: No ``nf__`` column, or a frame without its ``article_p_``/``article_label_`` columns.
    """
    frames = [c[len(FRAME_COUNT_PREFIX) :] for c in articles.columns if str(c).startswith(FRAME_COUNT_PREFIX)]
    if not frames:
        raise ValueError(f"article table has no {FRAME_COUNT_PREFIX}<frame> columns; expected one per frame "
                         f"(see slant.compare.tables.build_tables), got {list(articles.columns)}")  # fmt: skip
    missing = [
        p + f for f in frames for p in (ARTICLE_P_PREFIX, ARTICLE_LABEL_PREFIX) if p + f not in articles
    ]
    if missing:
        raise ValueError(f"article table lacks the article-head columns {', '.join(missing[:4])}"
                         f"{' ...' if len(missing) > 4 else ''}; expected {ARTICLE_P_PREFIX}<frame> and "
                         f"{ARTICLE_LABEL_PREFIX}<frame> for every frame (see build_tables)")  # fmt: skip
    return frames


def has_article_frames(result: dict[str, Any]) -> bool:
    """Whether a result carries the article head's output (cached results from before it do not)."""
    summary = result.get("summary")
    return (
        isinstance(summary, dict)
        and isinstance(summary.get("article_frames"), dict)
        and isinstance(summary.get("article_frame_labels"), list)
    )


def article_frames(
    result: dict[str, Any], frames: Sequence[str], article_id: str
) -> tuple[list[float], list[int]]:
    """The article head's probabilities and 0/1 labels of one result, in ``frames`` order.

    Raises:
        ArticleFramesMissing: The result has no ``summary.article_frames`` (an old cached result).
        ValueError: Its frames are not the model's (a result of another model).
    """
    if not has_article_frames(result):
        raise ArticleFramesMissing(f"article {article_id}: result has no summary.article_frames / "
                                   "article_frame_labels; expected the article head's output of slant predict")  # fmt: skip
    probs, labels = result["summary"]["article_frames"], result["summary"]["article_frame_labels"]
    if set(probs) != set(frames) or not set(labels) <= set(frames):
        raise ValueError(f"article {article_id}: article frames {sorted(probs)} (labels {labels}) are not the "
                         f"model's frames {list(frames)}; expected a result of the same model")  # fmt: skip
    return [float(probs[f]) for f in frames], [int(f in labels) for f in frames]


_META = ("key", "outlet", "leaning", "topic")


@dataclass(frozen=True)
class Tables:
    """The three tidy tables of one comparison."""

    articles: pd.DataFrame
    sentences: pd.DataFrame
    stances: pd.DataFrame

    def subset(self, keys: set[str] | pd.Index) -> Tables:
        """The tables restricted to the articles whose ``key`` is in ``keys``."""
        keys = set(keys)
        return Tables(
            *(
                t[t["key"].isin(keys)].reset_index(drop=True)
                for t in (self.articles, self.sentences, self.stances)
            )
        )


def build_tables(
    articles: pd.DataFrame, results: dict[str, dict[str, Any]], frames: Sequence[str] | None = None
) -> Tables:
    """Flatten pipeline results into the tidy tables.

    Args:
        articles: Selected article table (``key``, ``id``, ``outlet``, ``leaning``, ``topic``, ``date``, ``title``).
        results: Pipeline result per article ``key``.
        frames: The model's frame labels, in its order (None: Slant's 14 frames, for scorers without a model).

    Raises:
        KeyError: An article has no result.
        ArticleFramesMissing: A result has no article-level frames.
        ValueError: A result's article frames are not ``frames``.
    """
    frames = list(frames or FRAME_LABELS)
    arows, srows, trows = [], [], []
    for a in articles.to_dict("records"):
        res = results[a["key"]]
        meta = {k: a.get(k, "") for k in _META}
        art_p, art_label = article_frames(res, frames, a["id"])
        counts = dict.fromkeys(frames, 0)
        n_biased = 0
        for s in res["sentences"]:
            labels = set(s.get("frame_labels", []))
            biased = s["bias"]["label"] == "biased"
            n_biased += biased
            probs = s.get("frames", {})
            row = {**meta, "index": s.get("index", len(srows)), "voice": s.get("voice", ""), "text": s["text"],
                   "biased": biased,
                   "bias_prob": float(s["bias"].get("prob", float(biased)))}  # fmt: skip
            for f in frames:
                counts[f] += f in labels
                row[FRAME_PROB_PREFIX + f] = float(probs.get(f, float(f in labels)))
                row[FRAME_LABEL_PREFIX + f] = int(f in labels)
            srows.append(row)
            for st in s.get("stance", []):
                p = st.get("probs", {})
                trows.append({**meta, "target": str(st["target"]).strip(), "label": st["label"],
                              "score": float(p.get("positive", 0.0)) - float(p.get("negative", 0.0)),
                              "text": s["text"]})  # fmt: skip
        arows.append(
            {**meta, "id": a["id"], "date": a.get("date"), "title": a.get("title", ""),
             "n_sent": len(res["sentences"]), "n_biased": n_biased, **{FRAME_COUNT_PREFIX + f: counts[f] for f in frames},
             **{ARTICLE_P_PREFIX + f: p for f, p in zip(frames, art_p)},
             **{ARTICLE_LABEL_PREFIX + f: y for f, y in zip(frames, art_label)}}
        )  # fmt: skip
    scols = [
        *_META,
        "index",
        "voice",
        "text",
        "biased",
        "bias_prob",
        *(FRAME_PROB_PREFIX + f for f in frames),
        *(FRAME_LABEL_PREFIX + f for f in frames),
    ]
    acols = [*_META, "id", "date", "title", "n_sent", "n_biased", *(FRAME_COUNT_PREFIX + f for f in frames),
             *(ARTICLE_P_PREFIX + f for f in frames), *(ARTICLE_LABEL_PREFIX + f for f in frames)]  # fmt: skip
    tcols = [*_META, "target", "label", "score", "text"]
    return Tables(
        articles=pd.DataFrame(arows, columns=acols),
        sentences=pd.DataFrame(srows, columns=scols),
        stances=pd.DataFrame(trows, columns=tcols),
    )


def write_tables(tables: Tables, directory: Path) -> dict[str, str]:
    """Write the three tables as ``articles.csv``, ``sentences.csv`` and ``stance.csv``; return their paths."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = {}
    for name, df in (
        ("articles", tables.articles),
        ("sentences", tables.sentences),
        ("stance", tables.stances),
    ):
        path = directory / f"{name}.csv"
        df.to_csv(path, index=False)
        paths[name] = str(path)
    return paths
