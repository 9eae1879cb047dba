"""Choosing which articles to compare: outlets, topics, dates, seeded per-outlet samples, topic matching.

Every dropped article is recorded in the :class:`~slant.compare.corpus.InputReport` with its reason.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from slant.compare.corpus import CorpusError, InputReport


@dataclass(frozen=True)
class Selection:
    """Which articles enter the comparison.

    Attributes:
        outlets: Keep only these outlets (exact names); empty keeps all.
        topics: Keep only these topics; empty keeps all.
        since: Keep articles dated on/after this ISO date (undated articles are dropped when set).
        until: Keep articles dated on/before this ISO date.
        max_per_outlet: Seeded sample of at most this many articles per outlet (0 = no cap).
        topic_matched: Keep only topics every selected outlet covers; with ``max_per_outlet`` the sample gives
            every outlet the same number of articles per topic.
        min_articles: Outlets with fewer articles than this after selection are dropped (too few for an interval).
        seed: Seed of the sampling.
    """

    outlets: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    max_per_outlet: int = 0
    topic_matched: bool = False
    min_articles: int = 10
    seed: int = 13

    def __post_init__(self) -> None:
        if self.max_per_outlet < 0:
            raise ValueError(
                f"max_per_outlet={self.max_per_outlet} invalid; expected 0 (no cap) or a positive count"
            )
        if self.min_articles < 1:
            raise ValueError(f"min_articles={self.min_articles} invalid; expected an integer >= 1")
        for name in ("since", "until"):
            value = getattr(self, name)
            if value is not None:
                try:
                    pd.Timestamp(value)
                except ValueError as exc:
                    raise ValueError(
                        f"{name}={value!r} invalid; expected an ISO date such as 2019-01-31"
                    ) from exc


def shared_topics(df: pd.DataFrame, by: str = "outlet") -> list[str]:
    """Topics that every value of ``by`` covers (sorted); empty when the table has no topics."""
    has = df[df["topic"] != ""]
    if has.empty:
        return []
    groups = [set(g["topic"]) for _, g in has.groupby(by)]
    return sorted(set.intersection(*groups)) if len(groups) == df[by].nunique() else []


def _drop(
    df: pd.DataFrame, keep: pd.Series, report: InputReport, reason: str, detail: str = ""
) -> pd.DataFrame:
    report.skip_frame(df[~keep], reason, detail)
    return df[keep]


def matched_quota(counts: pd.DataFrame, total: int) -> pd.Series:
    """Articles per topic so every outlet gets the same topic mix and about ``total`` articles.

    Args:
        counts: Topics x outlets table of available articles.
        total: Wanted articles per outlet.

    Returns:
        Quota per topic (never above what the scarcest outlet has), summing to ``min(total, capacity)``.
    """
    cap = counts.min(axis=1).astype(int)
    if cap.sum() <= total:
        return cap
    want = cap / cap.sum() * total
    quota = np.minimum(np.floor(want).astype(int), cap)
    rest = total - int(quota.sum())
    order = (want - quota).sort_values(ascending=False, kind="stable").index  # largest remainder first
    for t in order:
        if rest == 0:
            break
        if quota[t] < cap[t]:
            quota[t] += 1
            rest -= 1
    return quota


def select_articles(df: pd.DataFrame, sel: Selection, report: InputReport) -> pd.DataFrame:
    """Apply ``sel`` to the article table, recording every dropped row in ``report``.

    Raises:
        CorpusError: Nothing is left to compare (fewer than two outlets with ``min_articles`` articles).
    """
    if sel.outlets:
        missing = sorted(set(sel.outlets) - set(df["outlet"]))
        if missing:
            report.notes[f"requested outlets not found: {', '.join(missing)}"] = len(missing)
        df = _drop(df, df["outlet"].isin(sel.outlets), report, "outlet_not_selected")
    if sel.topics:
        df = _drop(df, df["topic"].isin(sel.topics), report, "topic_not_selected")
    if sel.since:
        df = _drop(df, df["date"] >= pd.Timestamp(sel.since), report, "outside_dates", f"before {sel.since}")
    if sel.until:
        df = _drop(df, df["date"] <= pd.Timestamp(sel.until), report, "outside_dates", f"after {sel.until}")
    report.steps.append({"step": "filters", "kept": len(df)})
    if sel.topic_matched:
        df = _topic_match(df, report)
    if sel.max_per_outlet:
        df = _sample(df, sel, report)
    sizes = df.groupby("outlet").size()
    small = sizes[sizes < sel.min_articles].index
    df = _drop(
        df, ~df["outlet"].isin(small), report, "outlet_too_few_articles", f"< {sel.min_articles} articles"
    )
    report.steps.append({"step": f"outlets with >= {sel.min_articles} articles", "kept": len(df)})
    if df["outlet"].nunique() < 2:
        raise CorpusError(
            f"nothing left to compare: {df['outlet'].nunique()} outlet(s) with >= {sel.min_articles} articles "
            f"after selection ({len(df)} articles); expected at least 2 (see skipped.csv)"
        )
    return df.sort_values(["outlet", "key"]).reset_index(drop=True)


def _topic_match(df: pd.DataFrame, report: InputReport) -> pd.DataFrame:
    topics = shared_topics(df)
    if not topics:
        raise CorpusError("topic matching asked for, but no topic is covered by every selected outlet")
    df = _drop(df, df["topic"].isin(topics), report, "topic_not_shared", "topic not covered by every outlet")
    report.steps.append({"step": f"topic-matched ({len(topics)} shared topics)", "kept": len(df)})
    return df


def _sample(df: pd.DataFrame, sel: Selection, report: InputReport) -> pd.DataFrame:
    rng = np.random.default_rng(sel.seed)
    df = df.sort_values(["outlet", "key"])  # sample from a fixed order, independent of input order
    if sel.topic_matched:
        counts = df.groupby(["topic", "outlet"]).size().unstack(fill_value=0)
        quota = matched_quota(counts, sel.max_per_outlet)
        picks = [
            g.index[rng.choice(len(g), size=int(quota[t]), replace=False)]
            for (t, _), g in df.groupby(["topic", "outlet"], sort=True)
            if quota.get(t, 0) > 0
        ]
    else:
        picks = [
            g.index[np.sort(rng.choice(len(g), size=min(len(g), sel.max_per_outlet), replace=False))]
            for _, g in df.groupby("outlet", sort=True)
        ]
    keep = df.index.isin(np.concatenate(picks) if picks else [])
    out = _drop(
        df, pd.Series(keep, index=df.index), report, "not_sampled", f"over {sel.max_per_outlet} per outlet"
    )
    report.steps.append(
        {"step": f"sample <= {sel.max_per_outlet} per outlet (seed {sel.seed})", "kept": len(out)}
    )
    return out
