"""The ``--demo`` slice of Article-Bias-Prediction: six outlets, two per leaning, topic-matched."""

from __future__ import annotations

import os
from itertools import combinations, product
from pathlib import Path

import pandas as pd

from slant.compare.corpus import CorpusError
from slant.data.labels import LEANING_LABELS

DEMO_PER_OUTLET = 150
DEMO_CANDIDATES = 4  # the largest outlets of each leaning considered


def abp_root() -> Path:
    """The ABP folder of the corpus mirror (``$SLANT_DATA_DIR/article_bias_prediction`` or the dir itself)."""
    base = os.environ.get("SLANT_DATA_DIR", "")
    if not base:
        raise CorpusError("--demo needs SLANT_DATA_DIR (the corpus mirror holding article_bias_prediction/)")
    for cand in (Path(base) / "article_bias_prediction", Path(base)):
        if (cand / "data_jsons.tar.xz").is_file() or (cand / "data" / "jsons").is_dir():
            return cand
    raise CorpusError(
        f"no Article-Bias-Prediction data under {base}; expected article_bias_prediction/data_jsons.tar.xz"
    )


def choose_outlets(articles: pd.DataFrame, per_leaning: int = 2, need: int = DEMO_PER_OUTLET) -> list[str]:
    """Pick ``per_leaning`` outlets per leaning, deterministically, for a broad topic-matched comparison.

    Among the ``DEMO_CANDIDATES`` largest outlets of each leaning, every combination is scored by
    (articles the scarcest outlet has in topics all chosen outlets cover, number of such topics); the best wins,
    ties going to the larger outlets. Outlets whose articles carry more than one leaning are ignored.

    Raises:
        CorpusError: No combination gives every outlet ``need`` articles in shared topics.
    """
    a = articles[articles["leaning"].isin(LEANING_LABELS) & (articles["topic"] != "")]
    pure = a.groupby("outlet")["leaning"].nunique()
    a = a[a["outlet"].isin(pure[pure == 1].index)]
    cands = []
    for lean in LEANING_LABELS:
        sizes = a[a["leaning"] == lean].groupby("outlet").size()  # sorted by name, so ties stay in name order
        cands.append(list(sizes.sort_values(ascending=False, kind="stable").index[:DEMO_CANDIDATES]))
    counts = a.groupby(["outlet", "topic"]).size().unstack(fill_value=0)  # outlets x topics
    best: tuple | None = None
    for combo in product(*(combinations(c, per_leaning) for c in cands)):
        outs = [o for pair in combo for o in pair]
        sub = counts.loc[outs]
        shared = (sub > 0).all(axis=0)
        key = (int(sub.loc[:, shared].sum(axis=1).min()), int(shared.sum()))
        if best is None or key > best[0]:  # strict: the first combination in candidate order wins ties
            best = (key, outs)
    if best is None or best[0][0] < need:
        raise CorpusError(
            f"the demo needs {per_leaning} outlets per leaning with {need} articles in shared topics"
        )
    return best[1]
