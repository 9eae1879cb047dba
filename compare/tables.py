"""Tidy tables from scored articles: one row per article, per sentence and per stance mention.

These are the inputs of every function in :mod:`slant.compare.stats`.

Article table columns: ``key, id, outlet, leaning, topic, date, title, n_sent, n_biased`` and ``nf__<frame>``
(sentences carrying the frame, one column per ``FRAME_LABELS`` entry). Sentence table: ``key, outlet, leaning,
topic, index, voice, text, biased, bias_prob`` plus ``fp__<frame>`` probabilities and ``fl__<frame>`` 0/1 labels. Stance
table: ``key, outlet, leaning, target, label, score`` (positive minus negative probability), ``text``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from slant.data.labels import FRAME_LABELS

FRAME_COUNT_PREFIX = "nf__"  # per-article count of sentences with a frame
FRAME_PROB_PREFIX = "fp__"  # per-sentence frame probability
FRAME_LABEL_PREFIX = "fl__"  # per-sentence frame label (0/1)
FRAME_COUNT_COLS: list[str] = [FRAME_COUNT_PREFIX + f for f in FRAME_LABELS]
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


def build_tables(articles: pd.DataFrame, results: dict[str, dict[str, Any]]) -> Tables:
    """Flatten pipeline results into the tidy tables.

    Args:
        articles: Selected article table (``key``, ``id``, ``outlet``, ``leaning``, ``topic``, ``date``, ``title``).
        results: Pipeline result per article ``key``.

    Raises:
        KeyError: An article has no result.
    """
    arows, srows, trows = [], [], []
    for a in articles.to_dict("records"):
        res = results[a["key"]]
        meta = {k: a.get(k, "") for k in _META}
        counts = dict.fromkeys(FRAME_LABELS, 0)
        n_biased = 0
        for s in res["sentences"]:
            labels = set(s.get("frame_labels", []))
            biased = s["bias"]["label"] == "biased"
            n_biased += biased
            probs = s.get("frames", {})
            row = {**meta, "index": s.get("index", len(srows)), "voice": s.get("voice", ""), "text": s["text"],
                   "biased": biased,
                   "bias_prob": float(s["bias"].get("prob", float(biased)))}  # fmt: skip
            for f in FRAME_LABELS:
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
             "n_sent": len(res["sentences"]), "n_biased": n_biased, **{FRAME_COUNT_PREFIX + f: counts[f] for f in FRAME_LABELS}}
        )  # fmt: skip
    scols = [
        *_META,
        "index",
        "voice",
        "text",
        "biased",
        "bias_prob",
        *(FRAME_PROB_PREFIX + f for f in FRAME_LABELS),
        *(FRAME_LABEL_PREFIX + f for f in FRAME_LABELS),
    ]
    tcols = [*_META, "target", "label", "score", "text"]
    return Tables(
        articles=pd.DataFrame(
            arows, columns=[*_META, "id", "date", "title", "n_sent", "n_biased", *FRAME_COUNT_COLS]
        ),
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
