"""Percentile bootstrap confidence intervals, vectorised through additive per-unit statistics.

Every metric we report is a function of sums over units (confusion-matrix cells, or per-label tp/fp/fn). Each unit
(a sentence, or an article for SemEval) contributes a small statistics vector; a resample is a vector of draw counts
per unit, so ``counts @ unit_stats`` gives the summed statistics of all ``B`` resamples in one matrix product.
Several rows may belong to one unit (all targets of a NewsMTSC sentence): their statistics are summed first, so the
sentence is what gets resampled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from slant.eval.metrics import (
    MULTI_LABEL_METRICS,
    SINGLE_LABEL_METRICS,
    mcc_from_confusion,
    multilabel_counts,
)


def resample_counts(n_units: int, n_boot: int, seed: int | Sequence[int]) -> np.ndarray:
    """(n_boot, n_units) how often each unit is drawn in each resample (seeded ``numpy.random.Generator``).

    The one resampler of Slant: held-out test sets (units: sentences or articles) and outlet comparisons
    (units: one outlet's articles, ``seed=[seed, i]`` per outlet) both draw from it.
    """
    if n_boot < 1:
        raise ValueError(f"n_boot={n_boot} is invalid; expected >= 1")
    if n_units < 1:
        raise ValueError("cannot bootstrap an empty test set; expected at least one unit")
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, n_units, size=(n_boot, n_units))
    counts = np.zeros((n_boot, n_units), np.float64)
    np.add.at(counts, (np.arange(n_boot)[:, None], idx), 1.0)
    return counts


def group_stats(row_stats: np.ndarray, groups: Sequence[object] | None) -> np.ndarray:
    """Sum row statistics ``(rows, d)`` into unit statistics ``(units, d)``; ``groups=None`` keeps rows as units."""
    if groups is None:
        return row_stats
    _, inverse = np.unique(np.asarray([str(g) for g in groups]), return_inverse=True)
    out = np.zeros((inverse.max() + 1, row_stats.shape[1]), np.float64)
    np.add.at(out, inverse, row_stats)
    return out


def percentile_bounds(replicates: np.ndarray, level: float = 0.95) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval per column of ``(B, k)`` replicates, ignoring NaN replicates (a resample whose
    statistic is undefined); a column with no defined replicate gets NaN bounds."""
    reps = np.asarray(replicates, dtype=float)
    a = (1 - level) / 2
    lo, hi = np.full(reps.shape[1:], np.nan), np.full(reps.shape[1:], np.nan)
    ok = ~np.isnan(reps).all(axis=0)
    if ok.any():
        lo[ok], hi[ok] = np.nanquantile(reps[:, ok], [a, 1 - a], axis=0)
    return lo, hi


def percentile_ci(samples: np.ndarray, level: float = 0.95) -> list[float]:
    """``[low, high]`` of one statistic's ``(B,)`` replicates."""
    lo, hi = percentile_bounds(np.asarray(samples, dtype=float).reshape(-1, 1), level)
    return [float(lo[0]), float(hi[0])]


def _bootstrap(
    unit_stats: np.ndarray,
    fns: dict[str, Callable[[np.ndarray], np.ndarray]],
    shape: tuple[int, ...],
    n_boot: int,
    seed: int,
    level: float,
) -> dict[str, list[float]]:
    counts = resample_counts(len(unit_stats), n_boot, seed)
    sums = (counts @ unit_stats).reshape((n_boot, *shape))  # (B, *shape) summed statistics per resample
    return {name: percentile_ci(fn(sums), level) for name, fn in fns.items()}


def classification_cis(
    y_true: Sequence[int],
    y_pred: Sequence[int],
    k: int,
    *,
    groups: Sequence[object] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, list[float]]:
    """CIs for accuracy, macro-F1, weighted-F1 (and MCC when ``k == 2``) of a single-label task.

    Example:
        >>> cis = classification_cis([0, 1, 1, 0] * 20, [0, 1, 0, 0] * 20, 2, n_boot=200, seed=1)
        >>> cis["accuracy"][0] < 0.75 < cis["accuracy"][1]
        True
    """
    t, p = np.asarray(y_true, np.int64), np.asarray(y_pred, np.int64)
    row_stats = np.zeros((len(t), k * k))
    row_stats[np.arange(len(t)), t * k + p] = 1.0  # one confusion cell per row
    fns = dict(SINGLE_LABEL_METRICS)
    if k == 2:
        fns["mcc"] = mcc_from_confusion
    return _bootstrap(group_stats(row_stats, groups), fns, (k, k), n_boot, seed, level)


def multilabel_cis(
    y_true: np.ndarray,
    y_pred: np.ndarray,
    *,
    groups: Sequence[object] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, list[float]]:
    """CIs for micro- and macro-F1 of a multi-label task (columns = the labels scored)."""
    c = multilabel_counts(y_true, y_pred)  # (n, L, 3)
    n, n_labels = c.shape[0], c.shape[1]
    stats = group_stats(c.reshape(n, n_labels * 3).astype(np.float64), groups)
    return _bootstrap(stats, MULTI_LABEL_METRICS, (n_labels, 3), n_boot, seed, level)
