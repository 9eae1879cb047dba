"""Putting the statistics together: every scope (all articles, topic-matched) and level (outlet, leaning)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from slant.compare import stats
from slant.compare.select import shared_topics
from slant.compare.tables import FRAME_LABEL_PREFIX, FRAME_PROB_PREFIX, Tables, table_frames


@dataclass(frozen=True)
class StatsConfig:
    """Settings of the statistics.

    Attributes:
        n_boot: Bootstrap resamples of articles per unit (CIs).
        n_perm: Permutations of article labels per permutation test.
        seed: Seed of every resample and permutation.
        level: Confidence level of the intervals.
        alpha: BH-adjusted p-value below which a difference is reported as notable.
        time_bin: pandas period alias for time bins (``M`` monthly, ``Q``, ``Y``, ``W``); empty disables.
        min_articles: Minimum articles per unit for a time bin to count as enough.
        n_examples: Example sentences per side of each notable difference.
    """

    n_boot: int = 1000
    n_perm: int = 2000
    seed: int = 13
    level: float = 0.95
    alpha: float = 0.05
    time_bin: str = "M"
    min_articles: int = 10
    n_examples: int = 2

    def __post_init__(self) -> None:
        if self.n_boot < 100:
            raise ValueError(f"n_boot={self.n_boot} invalid; expected >= 100 resamples for a 95% interval")
        if self.n_perm < 99:
            raise ValueError(f"n_perm={self.n_perm} invalid; expected >= 99 permutations")
        if not 0.5 < self.level < 1:
            raise ValueError(f"level={self.level} invalid; expected a confidence level in (0.5, 1)")
        if not 0 < self.alpha < 1:
            raise ValueError(f"alpha={self.alpha} invalid; expected a value in (0, 1)")
        if self.time_bin not in ("", "W", "M", "Q", "Y"):
            raise ValueError(f"time_bin={self.time_bin!r} invalid; expected one of '', W, M, Q, Y")


@dataclass
class LevelResult:
    """Statistics of one comparison level (e.g. outlets) in one scope."""

    profiles: pd.DataFrame
    differences: pd.DataFrame
    tests: pd.DataFrame
    stance: pd.DataFrame
    notable: list[dict[str, Any]] = field(default_factory=list)


def levels_of(articles: pd.DataFrame) -> list[str]:
    """Comparison levels: always outlets; leanings too when every article has one and there are >= 2."""
    out = ["outlet"]
    if (articles["leaning"] != "").all() and articles["leaning"].nunique() >= 2:
        out.append("leaning")
    return out


def analyse_level(t: Tables, by: str, cfg: StatsConfig) -> LevelResult:
    """Profiles, pairwise differences, tests, stance and notable differences for one level."""
    reps = stats.unit_replicates(t.articles, by, cfg.n_boot, cfg.seed)
    tests = stats.group_tests(t.articles, by, n_perm=cfg.n_perm, seed=cfg.seed)
    res = LevelResult(
        profiles=stats.profiles(t.articles, by, reps, cfg.level),
        differences=stats.pairwise_differences(reps, by, cfg.level, frames=table_frames(t.articles)),
        tests=tests,
        stance=stats.stance_profiles(
            t.stances, t.articles, by, n_boot=cfg.n_boot, seed=cfg.seed, level=cfg.level
        ),
    )
    for row in tests[tests["p_adjusted"] < cfg.alpha].to_dict("records"):
        row["examples_high"] = examples(t.sentences, by, row["high_unit"], row["item"], cfg.n_examples)
        row["examples_low"] = examples(t.sentences, by, row["low_unit"], row["item"], cfg.n_examples)
        res.notable.append(row)
    return res


def examples(sentences: pd.DataFrame, by: str, unit: str, item: str, n: int) -> list[dict[str, Any]]:
    """The ``n`` most confident sentences of ``unit`` labelled with frame ``item`` (or biased, for ``biased``)."""
    s = sentences[sentences[by] == unit]
    if item == "biased":
        s, prob = s[s["biased"]], "bias_prob"
    else:
        s, prob = s[s[FRAME_LABEL_PREFIX + item] == 1], FRAME_PROB_PREFIX + item
    s = s.sort_values([prob, "key", "index"], ascending=[False, True, True], kind="stable").head(n)
    return [
        {"outlet": r["outlet"], "text": r["text"], "prob": round(float(r[prob]), 3)}
        for r in s.to_dict("records")
    ]


def analyse(t: Tables, cfg: StatsConfig, topic_matched_selection: bool = False) -> dict[str, Any]:
    """Every scope and level.

    Returns:
        ``{"scopes": {scope: {level: LevelResult}}, "time_bins": DataFrame, "shared_topics": [...], "notes": [...]}``
        with scope ``all`` and, when the selection was not already topic-matched and topics exist,
        ``topic_matched`` (articles of topics every outlet covers).
    """
    out: dict[str, Any] = {"scopes": {}, "notes": [], "shared_topics": shared_topics(t.articles)}
    scopes = {"all": t}
    if topic_matched_selection:
        out["notes"].append("The selection itself is topic-matched: every result covers shared topics only.")
    elif out["shared_topics"]:
        sub = t.subset(t.articles.loc[t.articles["topic"].isin(out["shared_topics"]), "key"])
        sizes = sub.articles.groupby("outlet").size()
        if len(sub.articles) == len(t.articles):
            out["notes"].append(
                "Every article is in a topic all outlets cover: the comparison is topic-matched as is."
            )
        elif len(sizes) == t.articles["outlet"].nunique() and sizes.min() >= cfg.min_articles:
            scopes["topic_matched"] = sub
        else:
            out["notes"].append(
                "Topic-matched comparison skipped: an outlet has too few articles in shared topics."
            )
    else:
        out["notes"].append(
            "No topic is covered by every outlet (or the corpus has no topics): no topic-matched scope."
        )
    if "leaning" in levels_of(t.articles):
        out["notes"].append(
            "Leaning-level tests treat articles as independent; with few outlets per leaning, a leaning difference "
            "may be an outlet difference."
        )
    for scope, tab in scopes.items():
        out["scopes"][scope] = {by: analyse_level(tab, by, cfg) for by in levels_of(tab.articles)}
    out["time_bins"] = (
        stats.time_bins(t.articles, "outlet", cfg.time_bin, cfg.min_articles)
        if cfg.time_bin
        else pd.DataFrame()
    )
    return out
