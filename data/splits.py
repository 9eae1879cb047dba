"""Seeded, deterministic splits: grouped, stratified, and K-fold over groups."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np


def check_fraction(frac: float) -> None:
    """Raise ValueError unless 0 < frac < 1."""
    if not 0.0 < frac < 1.0:
        raise ValueError(f"split fraction must be in (0, 1), got {frac}")


def grouped_holdout(groups: Sequence[str], frac: float, seed: int) -> tuple[list[int], list[int]]:
    """Hold out about ``frac`` of the distinct groups (seeded); every member of a group lands on one side.

    Args:
        groups: one group key per row (e.g. the sentence text, the article id).
        frac: fraction of groups to hold out.
        seed: RNG seed.

    Returns:
        (kept indices, held-out indices), each in ascending row order.

    >>> keep, held = grouped_holdout(["a", "a", "b", "c"], 0.34, seed=0)
    >>> sorted(keep + held), (0 in held) == (1 in held)
    ([0, 1, 2, 3], True)
    """
    check_fraction(frac)
    unique = sorted(set(groups))
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(unique))
    n_held = max(1, math.ceil(frac * len(unique))) if len(unique) > 1 else 0
    held_groups = {unique[i] for i in order[:n_held]}
    held = [i for i, g in enumerate(groups) if g in held_groups]
    keep = [i for i, g in enumerate(groups) if g not in held_groups]
    return keep, held


def stratified_holdout(labels: Sequence[object], frac: float, seed: int) -> tuple[list[int], list[int]]:
    """Hold out about ``frac`` of the rows, stratified by ``labels`` (seeded).

    Classes with a single member cannot be stratified; they stay on the kept side. Falls back to a plain seeded
    shuffle when no class has two members.

    Returns:
        (kept indices, held-out indices), each ascending.
    """
    from sklearn.model_selection import train_test_split

    check_fraction(frac)
    counts = Counter(labels)
    idx = np.arange(len(labels))
    single = np.array([counts[lab] < 2 for lab in labels], dtype=bool)
    pool = idx[~single]
    if len(pool) < 2:
        keep, held = grouped_holdout([str(i) for i in range(len(labels))], frac, seed)
        return keep, held
    pool_labels = [labels[i] for i in pool]
    n_classes = len(set(pool_labels))
    n_held = max(math.ceil(frac * len(pool)), n_classes)
    stratify = pool_labels if n_held < len(pool) and len(pool) - n_held >= n_classes else None
    keep_i, held_i = train_test_split(
        pool, test_size=n_held, random_state=seed, shuffle=True, stratify=stratify
    )
    keep = sorted([*keep_i.tolist(), *idx[single].tolist()])
    return keep, sorted(held_i.tolist())


def grouped_kfold(
    groups: Sequence[str], n_splits: int, seed: int, strata: dict[str, object] | None = None
) -> list[tuple[list[int], list[int]]]:
    """K folds over groups (seeded shuffle), optionally stratified by a per-group key.

    Args:
        groups: one group key per row.
        n_splits: number of folds (>= 2).
        seed: RNG seed.
        strata: group -> stratum; used with StratifiedKFold when every stratum has at least n_splits groups.

    Returns:
        ``n_splits`` pairs (train-side row indices, test-fold row indices); each row is in exactly one test fold.
    """
    from sklearn.model_selection import KFold, StratifiedKFold

    if n_splits < 2:
        raise ValueError(f"n_splits must be >= 2, got {n_splits}")
    unique = sorted(set(groups))
    if len(unique) < n_splits:
        raise ValueError(
            f"cannot make {n_splits} folds from {len(unique)} groups; expected >= {n_splits} groups"
        )
    keys = [strata[g] for g in unique] if strata is not None else None
    if keys is not None and min(Counter(keys).values()) >= n_splits:
        splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        folds = splitter.split(np.zeros(len(unique)), keys)
    else:
        folds = KFold(n_splits=n_splits, shuffle=True, random_state=seed).split(np.zeros(len(unique)))
    out = []
    pos = {g: i for i, g in enumerate(unique)}
    for _, test_g in folds:
        test_set = set(test_g.tolist())
        test = [i for i, g in enumerate(groups) if pos[g] in test_set]
        train = [i for i, g in enumerate(groups) if pos[g] not in test_set]
        out.append((train, test))
    return out


def stratified_kfold(labels: Sequence[object], n_splits: int, seed: int) -> list[tuple[list[int], list[int]]]:
    """Stratified K folds with shuffling (scikit-learn StratifiedKFold, ``random_state=seed``)."""
    from sklearn.model_selection import StratifiedKFold

    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return [(tr.tolist(), te.tolist()) for tr, te in splitter.split(np.zeros(len(labels)), list(labels))]
