"""Metric functions: pure functions over NumPy arrays, vectorised over leading axes where it matters.

Conventions (the same as scikit-learn with ``zero_division=0``):

* Single-label metrics take integer class arrays and the number of classes ``k``; macro averages run over all
  ``k`` classes, and a class with no true and no predicted rows scores F1 0.
* Multi-label metrics take 0/1 matrices ``(n, labels)``; micro-F1 pools true/false positives over the chosen labels,
  macro-F1 averages per-label F1 over them.
* ECE uses equal-width confidence bins (15 by default) and the top-label confidence. For multi-label outputs every
  (item, label) pair is one binary prediction with confidence ``max(p, 1 - p)`` and the pairs are pooled
  ("flattened" ECE), which is steadier than averaging 14 per-label ECEs over few positives.

The ``*_from_confusion`` and ``*_from_counts`` forms accept stacked confusion matrices / count vectors so the
bootstrap can score 1,000 resamples in one call.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np


def _check_pair(y_true: np.ndarray, y_pred: np.ndarray) -> None:
    if y_true.shape != y_pred.shape:
        raise ValueError(
            f"y_true has shape {y_true.shape} but y_pred has {y_pred.shape}; expected equal shapes"
        )


def _safe_div(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, np.float64), np.asarray(den, np.float64)
    return np.divide(num, den, out=np.zeros(np.broadcast(num, den).shape), where=den != 0)


def f1_from_counts(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    """F1 = 2 tp / (2 tp + fp + fn) elementwise; 0 where nothing is true or predicted."""
    tp = np.asarray(tp)
    return _safe_div(2 * tp, 2 * tp + np.asarray(fp) + np.asarray(fn))


# -- single-label ----------------------------------------------------------------------------------------------
def confusion(y_true: Sequence[int], y_pred: Sequence[int], k: int) -> np.ndarray:
    """(k, k) counts: rows are true classes, columns predicted classes.

    >>> confusion([0, 1, 1], [0, 1, 0], 2).tolist()
    [[1, 0], [1, 1]]
    """
    t, p = np.asarray(y_true, np.int64), np.asarray(y_pred, np.int64)
    _check_pair(t, p)
    if t.size and (t.min() < 0 or p.min() < 0 or t.max() >= k or p.max() >= k):
        raise ValueError(
            f"class indices must be in [0, {k - 1}]; found range [{min(t.min(), p.min())}, {max(t.max(), p.max())}]"
        )
    return np.bincount(t * k + p, minlength=k * k).reshape(k, k)


def per_class_from_confusion(cm: np.ndarray) -> dict[str, np.ndarray]:
    """Precision, recall, F1 and support per class from ``(..., k, k)`` confusion matrices."""
    tp = np.diagonal(cm, axis1=-2, axis2=-1).astype(np.float64)
    pred = cm.sum(-2)
    support = cm.sum(-1)
    precision, recall = _safe_div(tp, pred), _safe_div(tp, support)
    f1 = _safe_div(2 * tp, pred + support)
    return {"precision": precision, "recall": recall, "f1": f1, "support": support}


def accuracy_from_confusion(cm: np.ndarray) -> np.ndarray:
    return _safe_div(np.diagonal(cm, axis1=-2, axis2=-1).sum(-1), cm.sum((-2, -1)))


def macro_f1_from_confusion(cm: np.ndarray) -> np.ndarray:
    return per_class_from_confusion(cm)["f1"].mean(-1)


def weighted_f1_from_confusion(cm: np.ndarray) -> np.ndarray:
    pc = per_class_from_confusion(cm)
    return _safe_div((pc["f1"] * pc["support"]).sum(-1), pc["support"].sum(-1))


def mcc_from_confusion(cm: np.ndarray) -> np.ndarray:
    """Matthews correlation for binary ``(..., 2, 2)`` matrices (class 1 positive); 0 when undefined."""
    if cm.shape[-2:] != (2, 2):
        raise ValueError(
            f"MCC here is for binary tasks; expected (..., 2, 2) confusion matrices, found {cm.shape}"
        )
    tn, fp, fn, tp = (cm[..., i, j].astype(np.float64) for i, j in ((0, 0), (0, 1), (1, 0), (1, 1)))
    den = np.sqrt((tp + fp) * (tp + fn) * (tn + fp) * (tn + fn))
    return _safe_div(tp * tn - fp * fn, den)


def macro_f1(y_true: Sequence[int], y_pred: Sequence[int], k: int) -> float:
    """Macro-F1 over all ``k`` classes (the same number as scikit-learn's whenever every class occurs in
    ``y_true``).

    >>> macro_f1([0, 1, 1], [0, 1, 0], 2)
    0.6666666666666666
    """
    return float(macro_f1_from_confusion(confusion(y_true, y_pred, k)))


SINGLE_LABEL_METRICS = {
    "accuracy": accuracy_from_confusion,
    "macro_f1": macro_f1_from_confusion,
    "weighted_f1": weighted_f1_from_confusion,
}


def classification_scores(
    y_true: Sequence[int], y_pred: Sequence[int], labels: Sequence[str]
) -> dict[str, Any]:
    """Accuracy, macro/weighted F1 (MCC when binary), per-class table and confusion matrix.

    >>> s = classification_scores([0, 1, 1, 1], [0, 1, 0, 1], ["neutral", "biased"])
    >>> round(s["accuracy"], 2), s["per_class"]["biased"]["support"]
    (0.75, 3)
    """
    k = len(labels)
    cm = confusion(y_true, y_pred, k)
    pc = per_class_from_confusion(cm)
    out: dict[str, Any] = {name: float(fn(cm)) for name, fn in SINGLE_LABEL_METRICS.items()}
    if k == 2:
        out["mcc"] = float(mcc_from_confusion(cm))
    out["n"] = int(cm.sum())
    out["per_class"] = {
        lab: {
            m: (int(pc[m][i]) if m == "support" else float(pc[m][i]))
            for m in ("precision", "recall", "f1", "support")
        }
        for i, lab in enumerate(labels)
    }
    out["confusion_matrix"] = cm.tolist()
    return out


# -- multi-label -----------------------------------------------------------------------------------------------
def multilabel_counts(y_true: np.ndarray, y_pred: np.ndarray) -> np.ndarray:
    """(n, labels, 3) per-row true positives, false positives, false negatives (additive over rows)."""
    t, p = np.asarray(y_true).astype(bool), np.asarray(y_pred).astype(bool)
    _check_pair(t, p)
    return np.stack([t & p, ~t & p, t & ~p], axis=-1).astype(np.int64)


def micro_f1_from_counts(counts: np.ndarray) -> np.ndarray:
    """Micro-F1 from ``(..., labels, 3)`` summed tp/fp/fn."""
    return f1_from_counts(counts[..., 0].sum(-1), counts[..., 1].sum(-1), counts[..., 2].sum(-1))


def macro_f1_from_counts(counts: np.ndarray) -> np.ndarray:
    return f1_from_counts(counts[..., 0], counts[..., 1], counts[..., 2]).mean(-1)


MULTI_LABEL_METRICS = {"micro_f1": micro_f1_from_counts, "macro_f1": macro_f1_from_counts}


def multilabel_f1(y_true: np.ndarray, y_pred: np.ndarray, average: str) -> float:
    """Micro- or macro-F1 (``average``) of 0/1 matrices ``(n, labels)`` over all their columns.

    >>> multilabel_f1(np.array([[1, 0], [1, 1]]), np.array([[1, 0], [0, 1]]), "micro")
    0.8
    """
    fn = MULTI_LABEL_METRICS.get(f"{average}_f1")
    if fn is None:
        raise ValueError(f"average={average!r} is invalid; expected 'micro' or 'macro'")
    return float(fn(multilabel_counts(y_true, y_pred).sum(0)))


def multilabel_scores(y_true: np.ndarray, y_pred: np.ndarray, labels: Sequence[str]) -> dict[str, Any]:
    """Micro/macro-F1, subset accuracy and a per-label precision/recall/F1/support table.

    Columns of ``y_true``/``y_pred`` follow ``labels``; restrict the columns before calling to score a subset.
    """
    t, p = np.asarray(y_true).astype(bool), np.asarray(y_pred).astype(bool)
    if t.ndim != 2 or t.shape[1] != len(labels):
        raise ValueError(f"expected (n, {len(labels)}) label matrices, found {t.shape}")
    counts = multilabel_counts(t, p).sum(0)  # (labels, 3)
    tp, fp, fn = counts[:, 0], counts[:, 1], counts[:, 2]
    prec, rec, f1 = _safe_div(tp, tp + fp), _safe_div(tp, tp + fn), f1_from_counts(tp, fp, fn)
    support = tp + fn
    return {
        "micro_f1": float(micro_f1_from_counts(counts)),
        "macro_f1": float(macro_f1_from_counts(counts)),
        "weighted_f1": float((f1 * support).sum() / support.sum()) if support.sum() else 0.0,
        "accuracy": float((t == p).all(1).mean()) if len(t) else 0.0,  # exact-match (subset) accuracy
        "n": int(len(t)),
        "per_label": {
            lab: {
                "precision": float(prec[i]),
                "recall": float(rec[i]),
                "f1": float(f1[i]),
                "support": int(tp[i] + fn[i]),
            }
            for i, lab in enumerate(labels)
        },
    }


def top_label_acceptable(y_true: np.ndarray, proba: np.ndarray) -> tuple[float, int]:
    """Share of rows with at least one gold label whose most probable label is among them, and that row count.

    >>> top_label_acceptable(np.array([[1, 0, 1], [0, 1, 0], [0, 0, 0]]), np.array([[.2, .9, .1], [.1, .8, .3], [.9, 0, 0]]))
    (0.5, 2)
    """
    t, p = np.asarray(y_true).astype(bool), np.asarray(proba)
    framed = t.any(1)
    if not framed.any():
        return 0.0, 0
    top = p[framed].argmax(1)
    return float(t[framed][np.arange(len(top)), top].mean()), int(framed.sum())


# -- calibration -----------------------------------------------------------------------------------------------
def ece(proba: np.ndarray, y_true: Sequence[int], n_bins: int = 15) -> float:
    """Top-label expected calibration error with equal-width bins over confidence in [0, 1].

    >>> ece(np.array([[0.2, 0.8], [0.2, 0.8]]), [1, 1])  # 80% confident, 100% right
    0.2
    """
    proba = np.asarray(proba, np.float64)
    y = np.asarray(y_true, np.int64)
    if proba.ndim != 2 or len(proba) != len(y):
        raise ValueError(
            f"expected (n, classes) probabilities for {len(y)} labels, found shape {proba.shape}"
        )
    if n_bins < 1:
        raise ValueError(f"n_bins={n_bins} is invalid; expected >= 1")
    if not len(y):
        return 0.0
    conf = proba.max(1)
    correct = (proba.argmax(1) == y).astype(np.float64)
    bins = np.minimum((conf * n_bins).astype(np.int64), n_bins - 1)
    gap = np.abs(np.bincount(bins, correct, n_bins) - np.bincount(bins, conf, n_bins))
    return float(round(gap.sum() / len(y), 12))


def binary_pairs(proba: np.ndarray, y_true: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Flatten multi-label ``(n, labels)`` probabilities into ``(n * labels, 2)`` binary ones with their labels."""
    p = np.asarray(proba, np.float64).reshape(-1)
    return np.stack([1 - p, p], 1), np.asarray(y_true).reshape(-1).astype(np.int64)


def multilabel_ece(proba: np.ndarray, y_true: np.ndarray, n_bins: int = 15) -> float:
    """Flattened ECE: every (item, label) pair as one binary prediction (see the module docstring)."""
    return ece(*binary_pairs(proba, y_true), n_bins=n_bins)


def reliability(proba: np.ndarray, y_true: Sequence[int], n_bins: int = 15) -> dict[str, list[float]]:
    """Per-bin mean confidence, accuracy and count for a reliability diagram (empty bins give NaN)."""
    proba, y = np.asarray(proba, np.float64), np.asarray(y_true, np.int64)
    conf = proba.max(1)
    correct = (proba.argmax(1) == y).astype(np.float64)
    bins = np.minimum((conf * n_bins).astype(np.int64), n_bins - 1)
    count = np.bincount(bins, minlength=n_bins)
    with np.errstate(invalid="ignore", divide="ignore"):
        acc = np.bincount(bins, correct, n_bins) / count
        mean_conf = np.bincount(bins, conf, n_bins) / count
    return {"confidence": mean_conf.tolist(), "accuracy": acc.tolist(), "count": count.tolist()}


def brier(proba: np.ndarray, y_true: Sequence[int]) -> float:
    """Multi-class Brier score: mean over rows of the squared distance to the one-hot label."""
    proba = np.asarray(proba, np.float64)
    onehot = np.eye(proba.shape[1])[np.asarray(y_true, np.int64)]
    return float(((proba - onehot) ** 2).sum(1).mean()) if len(proba) else 0.0
