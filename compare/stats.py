"""Outlet statistics: pure functions over the tidy tables of :mod:`slant.compare.tables`.

The unit of resampling is always the ARTICLE: sentences of one article are not independent, so confidence
intervals come from a bootstrap that resamples whole articles within each outlet (or group), and permutation
tests shuffle article labels. Ratios such as a frame's sentence share are ratios of sums over articles.

Framing has two views. The first is the model's pooled article head, one calibrated probability per frame and
article (``article_p_<frame>``) and its label (``article_label_<frame>``): ``article_frame_label_share`` (share of
the unit's articles labelled with the frame) and ``article_frame_mean_p`` (mean probability over the unit's
articles), both ratios of sums with one per article as denominator. The second view rolls sentence labels up:
``frame_sentence_share`` (sentences with the frame / sentences) and ``frame_article_share`` (articles with at least
one such sentence). The frames are read from the article table (:func:`slant.compare.tables.table_frames`).

Example:
    >>> benjamini_hochberg([0.01, 0.04, 0.03, 0.2]).round(3).tolist()
    [0.04, 0.053, 0.053, 0.2]
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency, false_discovery_control
from scipy.stats.contingency import association

from slant.compare.tables import ARTICLE_LABEL_PREFIX, ARTICLE_P_PREFIX, FRAME_COUNT_PREFIX, table_frames
from slant.data.labels import FRAME_LABELS
from slant.eval.bootstrap import percentile_bounds, resample_counts

ARTICLE_METRICS: tuple[str, ...] = (
    "article_frame_label_share",
    "article_frame_mean_p",
)  # first view of framing
SENTENCE_METRICS: tuple[str, ...] = ("frame_sentence_share", "frame_article_share")  # second view
METRICS: tuple[str, ...] = (*ARTICLE_METRICS, *SENTENCE_METRICS, "biased_sentence_rate")


def benjamini_hochberg(p: np.ndarray | list[float]) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (`scipy.stats.false_discovery_control`); NaN entries (tests that could
    not be run) stay NaN and do not count in the family.

    Args:
        p: Raw p-values of one family of tests.

    Returns:
        Adjusted p-values in the input order; reject at level q where ``adjusted < q``.
    """
    p = np.asarray(p, dtype=float)
    out = np.full(p.shape, np.nan)
    ok = ~np.isnan(p)
    if ok.any():
        out[ok] = false_discovery_control(p[ok], method="bh")
    return out


def cramers_v(table: np.ndarray) -> float:
    """Cramér's V of a contingency table of counts (uncorrected chi-square, `scipy.stats.contingency.association`);
    NaN when a row or column is all zero."""
    table = np.asarray(table)
    if table.sum() == 0 or (table.sum(0) == 0).any() or (table.sum(1) == 0).any() or min(table.shape) < 2:
        return float("nan")
    return float(association(np.rint(table).astype(np.int64), method="cramer", correction=False))


def ratio_replicates(num: np.ndarray, den: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Bootstrap replicates of ratio-of-sums statistics.

    Args:
        num: (n, k) per-article numerators.
        den: (n,) or (n, k) per-article denominators.
        weights: (B, n) draw counts from `slant.eval.bootstrap.resample_counts`.

    Returns:
        (B, k) replicates; NaN where a resample's denominator is 0.
    """
    bn = weights @ num  # (B, k)
    bd = weights @ den  # (B,) or (B, k)
    if bd.ndim == 1:
        bd = bd[:, None]
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(bd > 0, bn / np.where(bd > 0, bd, 1), np.nan)


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    s_den = den.sum(0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(s_den > 0, num.sum(0) / np.where(s_den > 0, s_den, 1), np.nan)


def _unit_arrays(a: pd.DataFrame) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """Per-article numerators and denominators of every metric, in ``METRICS`` order."""
    frames = table_frames(a)
    counts = a[[FRAME_COUNT_PREFIX + f for f in frames]].to_numpy(float)
    n_sent = a["n_sent"].to_numpy(float)
    per_article = np.ones(len(a))
    return {
        "article_frame_label_share": (
            a[[ARTICLE_LABEL_PREFIX + f for f in frames]].to_numpy(float),
            per_article,
        ),
        "article_frame_mean_p": (a[[ARTICLE_P_PREFIX + f for f in frames]].to_numpy(float), per_article),
        "frame_sentence_share": (counts, n_sent),
        "frame_article_share": ((counts > 0).astype(float), per_article),
        "biased_sentence_rate": (a[["n_biased"]].to_numpy(float), n_sent),
    }


def unit_replicates(articles: pd.DataFrame, by: str, n_boot: int, seed: int) -> dict[str, dict[str, tuple]]:
    """Point estimates and article-bootstrap replicates per unit of ``by`` and metric.

    Returns:
        ``{unit: {metric: (estimate (k,), replicates (B, k))}}`` in ``METRICS`` order; frame metrics have one entry
        per frame of the table (k = 14 for Slant's frames), the bias rate 1.
        Each unit gets its own generator ``default_rng([seed, i])`` (i = its sorted position).
    """
    out: dict[str, dict[str, tuple]] = {}
    for i, (unit, a) in enumerate(articles.groupby(by, sort=True)):
        w = resample_counts(len(a), n_boot, [seed, i])
        out[unit] = {
            m: (_ratio(num, den), ratio_replicates(num, den, w)) for m, (num, den) in _unit_arrays(a).items()
        }
    return out


def _items(metric: str, frames: Sequence[str]) -> list[str]:
    return ["biased"] if metric == "biased_sentence_rate" else list(frames)


def profiles(articles: pd.DataFrame, by: str, reps: dict, level: float = 0.95) -> pd.DataFrame:
    """Per unit: article-head label share and mean p per frame, frame sentence/article shares and the
    biased-sentence rate with bootstrap CIs, plus counts (rows in ``METRICS`` order: article level first).

    Columns: ``level, unit, metric, item, estimate, ci_low, ci_high, n_articles, n_sentences``.
    """
    frames = table_frames(articles)
    rows = []
    sizes = articles.groupby(by).agg(n_articles=("key", "size"), n_sentences=("n_sent", "sum"))
    for unit, per_metric in reps.items():
        n_a, n_s = int(sizes.loc[unit, "n_articles"]), int(sizes.loc[unit, "n_sentences"])
        rows.append({"level": by, "unit": unit, "metric": "articles", "item": "", "estimate": n_a,
                     "n_articles": n_a, "n_sentences": n_s})  # fmt: skip
        for metric, (est, r) in per_metric.items():
            lo, hi = percentile_bounds(r, level)
            for j, item in enumerate(_items(metric, frames)):
                rows.append({"level": by, "unit": unit, "metric": metric, "item": item, "estimate": est[j],
                             "ci_low": lo[j], "ci_high": hi[j], "n_articles": n_a, "n_sentences": n_s})  # fmt: skip
    return pd.DataFrame(rows)


def pairwise_differences(
    reps: dict, by: str, level: float = 0.95, frames: Sequence[str] | None = None
) -> pd.DataFrame:
    """Difference in each share/rate/mean p between every pair of units, with a CI from the independent
    bootstraps; ``frames`` names the frame entries (the table's frames; None: Slant's 14).

    Columns: ``level, unit, unit_b, metric, item, estimate, ci_low, ci_high`` (estimate = unit − unit_b).
    """
    frames = list(frames or FRAME_LABELS)
    rows = []
    for a, b in combinations(sorted(reps), 2):
        for metric in METRICS:
            (ea, ra), (eb, rb) = reps[a][metric], reps[b][metric]
            items = _items(metric, frames)
            if len(items) != len(ea):
                raise ValueError(f"{metric} has {len(ea)} entries but {len(items)} names were given; expected "
                                 "the frames of the article table (frames=table_frames(articles))")  # fmt: skip
            lo, hi = percentile_bounds(ra - rb, level)
            for j, item in enumerate(items):
                rows.append({"level": by, "unit": a, "unit_b": b, "metric": f"diff_{metric}", "item": item,
                             "estimate": ea[j] - eb[j], "ci_low": lo[j], "ci_high": hi[j]})  # fmt: skip
    return pd.DataFrame(rows)


def permutation_ratio_test(
    num: np.ndarray, den: np.ndarray, codes: np.ndarray, n_perm: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Permutation test that ratio-of-sums shares differ between groups, shuffling whole articles.

    The statistic is the between-group sum of squares ``sum_g D_g (r_g - r)^2`` (D_g the group's denominator,
    r_g its ratio, r the pooled ratio); for two groups it grows with ``|r_1 - r_2|``.

    Args:
        num: (n, k) per-article numerators (e.g. sentences with each frame).
        den: (n,) per-article denominators (e.g. sentences).
        codes: (n,) integer group of each article.
        n_perm: Number of label permutations.
        rng: Seeded generator.

    Returns:
        Observed statistic (k,) and p-values (k,) ``(1 + #{perm >= obs}) / (1 + n_perm)``; NaN where the pooled
        share is 0 or 1 (untestable, left out of the BH family).
    """
    codes = np.asarray(codes)
    n_groups = int(codes.max()) + 1
    pooled = _ratio(num, den)

    def stat(labels: np.ndarray) -> np.ndarray:  # labels (P, n) -> (P, k)
        s = np.zeros((labels.shape[0], num.shape[1]))
        for g in range(n_groups):
            m = (labels == g).astype(float)
            d = m @ den  # (P,)
            with np.errstate(invalid="ignore", divide="ignore"):
                r = (m @ num) / np.where(d > 0, d, 1)[:, None]
            s += np.where(d[:, None] > 0, d[:, None] * (r - pooled) ** 2, 0.0)
        return s

    obs = stat(codes[None, :])[0]
    exceed = np.zeros(num.shape[1])
    for start in range(0, n_perm, 250):  # chunks keep memory at 250 x n labels
        size = min(250, n_perm - start)
        perm = rng.permuted(np.tile(codes, (size, 1)), axis=1)
        exceed += (stat(perm) >= obs - 1e-12 * np.maximum(1.0, np.abs(obs))).sum(0)
    p = (1 + exceed) / (1 + n_perm)
    # No variation at all (nobody or everybody has it): nothing to test, and the family should not count it.
    flat = np.isnan(pooled) | (pooled <= 0) | (pooled >= 1)
    return obs, np.where(flat, np.nan, p)


def chi2_use_test(uses: np.ndarray, codes: np.ndarray) -> tuple[float, int, float, float]:
    """Chi-square test (no continuity correction) that article-level use of one frame differs by group.

    Returns:
        (chi2, dof, p, Cramér's V); NaN p when nobody or everybody uses the frame.
    """
    g = int(np.asarray(codes).max()) + 1
    table = np.zeros((g, 2))
    np.add.at(table, (codes, uses.astype(int)), 1)
    if (table.sum(0) == 0).any() or (table.sum(1) == 0).any():
        return float("nan"), 0, float("nan"), float("nan")
    chi2, p, dof, _ = chi2_contingency(table, correction=False)
    return float(chi2), int(dof), float(p), cramers_v(table)


def group_tests(articles: pd.DataFrame, by: str, n_perm: int = 2000, seed: int = 13) -> pd.DataFrame:
    """Tests of differences between the units of ``by``, BH-corrected across frames within each test family.

    Families, article head first: ``chi2_article_label`` (per frame, chi-square on the article head's labels),
    ``perm_article_mean_p`` (per frame, mean article probability, permutation over articles); then the sentence
    view: ``chi2_article_use`` (per frame, an article uses a frame when a sentence has it), ``perm_sentence_share``
    (per frame, sentence share, permutation over articles); and ``perm_biased_rate`` (one test). Effect sizes:
    Cramér's V (the article-level table for the chi-square families; the sentence-level table for the bias rate,
    descriptive only), and the spread between the units with the highest and lowest estimate.

    Columns: ``level, test, item, statistic, dof, p_value, p_adjusted, cramers_v, high_unit, high, low_unit, low``.
    """
    units = sorted(articles[by].unique())
    codes = articles[by].map({u: i for i, u in enumerate(units)}).to_numpy()
    frames = table_frames(articles)
    arrays = _unit_arrays(articles)
    n_frames, dof = len(frames), [len(units) - 1] * len(frames)

    def chi2_family(test: str, metric: str) -> list[dict]:
        chi = [chi2_use_test(arrays[metric][0][:, j], codes) for j in range(n_frames)]
        return _family(by, test, frames, *([c[i] for c in chi] for i in range(4)), articles, metric, units)

    def perm_family(test: str, metric: str, rng: np.random.Generator) -> list[dict]:
        obs, p = permutation_ratio_test(*arrays[metric], codes, n_perm, rng)
        return _family(by, test, frames, obs, dof, p, [np.nan] * n_frames, articles, metric, units)

    # The article head first. Its permutations use their own generator, so the sentence view draws the same
    # permutations as it did before the article head was compared.
    rows = chi2_family("chi2_article_label", "article_frame_label_share")
    rows += perm_family("perm_article_mean_p", "article_frame_mean_p", np.random.default_rng([seed, 2]))
    rows += chi2_family("chi2_article_use", "frame_article_share")
    rng = np.random.default_rng([seed, 1])
    rows += perm_family("perm_sentence_share", "frame_sentence_share", rng)
    num, den = arrays["biased_sentence_rate"]
    obs, p = permutation_ratio_test(num, den, codes, n_perm, rng)
    sent_table = np.column_stack([
        articles.groupby(by)["n_biased"].sum().reindex(units).to_numpy(),
        (articles.groupby(by)["n_sent"].sum() - articles.groupby(by)["n_biased"].sum()).reindex(units).to_numpy(),
    ])  # fmt: skip
    rows += _family(by, "perm_biased_rate", ["biased"], obs, [len(units) - 1], p, [cramers_v(sent_table)],
                    articles, "biased_sentence_rate", units)  # fmt: skip
    return pd.DataFrame(rows)


def _family(by, test, items, stat, dof, p, v, articles, metric, units) -> list[dict]:
    adj = benjamini_hochberg(p)
    num, den = _unit_arrays(articles)[metric]
    est = {u: _ratio(num[articles[by].to_numpy() == u], den[articles[by].to_numpy() == u]) for u in units}
    out = []
    for j, item in enumerate(items):
        vals = {u: est[u][j] for u in units}
        hi_u, lo_u = max(vals, key=vals.get), min(vals, key=vals.get)
        out.append({"level": by, "test": test, "item": item, "statistic": stat[j], "dof": dof[j],
                    "p_value": p[j], "p_adjusted": adj[j], "cramers_v": v[j], "high_unit": hi_u,
                    "high": vals[hi_u], "low_unit": lo_u, "low": vals[lo_u]})  # fmt: skip
    return out


def stance_profiles(
    stances: pd.DataFrame, articles: pd.DataFrame, by: str, *, min_units: int = 2, top: int = 15,
    n_boot: int = 1000, seed: int = 13, level: float = 0.95,
) -> pd.DataFrame:  # fmt: skip
    """Stance toward targets that at least ``min_units`` units mention: counts and mean score with CIs.

    The score of a mention is P(positive) − P(negative); the mean is over mentions, its CI from resampling the
    unit's articles. Only the ``top`` targets by total mentions are kept.

    Columns: ``level, unit, item (target), mentions, negative, neutral, positive, estimate, ci_low, ci_high``.
    """
    cols = [
        "level",
        "unit",
        "item",
        "mentions",
        "negative",
        "neutral",
        "positive",
        "estimate",
        "ci_low",
        "ci_high",
    ]
    if stances.empty:
        return pd.DataFrame(columns=cols)
    reach = stances.groupby("target")[by].nunique()
    volume = stances.groupby("target").size()
    shared = volume[reach[reach >= min_units].index].sort_values(ascending=False, kind="stable")
    targets = list(shared.index[:top])
    if not targets:
        return pd.DataFrame(columns=cols)
    st = stances[stances["target"].isin(targets)]
    per_article = st.pivot_table(
        index="key", columns="target", values="score", aggfunc=["sum", "count"], fill_value=0
    )
    rows = []
    for i, (unit, a) in enumerate(articles.groupby(by, sort=True)):
        su = st[st[by] == unit]
        num = per_article["sum"].reindex(index=a["key"], columns=targets, fill_value=0).to_numpy(float)
        den = per_article["count"].reindex(index=a["key"], columns=targets, fill_value=0).to_numpy(float)
        reps = ratio_replicates(num, den, resample_counts(len(a), n_boot, [seed, 7, i]))
        lo, hi = percentile_bounds(reps, level)
        est = _ratio(num, den)
        labels = su.groupby(["target", "label"]).size()
        for j, t in enumerate(targets):
            counts = {lab: int(labels.get((t, lab), 0)) for lab in ("negative", "neutral", "positive")}
            rows.append({"level": by, "unit": unit, "item": t, "mentions": int(den[:, j].sum()), **counts,
                         "estimate": est[j], "ci_low": lo[j], "ci_high": hi[j]})  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


def time_bins(articles: pd.DataFrame, by: str, freq: str = "M", min_articles: int = 10) -> pd.DataFrame:
    """Per unit and time bin: articles, biased-sentence rate and frame article shares (point estimates).

    Bins with fewer than ``min_articles`` articles are kept but flagged ``enough=False``.
    """
    dated = articles.dropna(subset=["date"])
    if dated.empty:
        return pd.DataFrame()
    dated = dated.assign(bin=dated["date"].dt.to_period(freq).astype(str))
    frames = table_frames(articles)
    uses = (dated[[FRAME_COUNT_PREFIX + f for f in frames]] > 0).astype(float).set_axis(frames, axis=1)
    g = pd.concat([dated[[by, "bin", "n_sent", "n_biased"]], uses], axis=1).groupby([by, "bin"], sort=True)
    out = g[frames].mean()
    sums = g[["n_sent", "n_biased"]].sum()
    out.insert(
        0, "biased_sentence_rate", (sums["n_biased"] / sums["n_sent"].where(sums["n_sent"] > 0)).to_numpy()
    )
    out.insert(0, "enough", (g.size() >= min_articles).to_numpy())
    out.insert(0, "n_articles", g.size().to_numpy())
    out = out.reset_index().rename(columns={by: "unit"})
    out.insert(0, "level", by)
    return out
