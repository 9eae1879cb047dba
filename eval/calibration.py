"""Temperature scaling per head and frame decision thresholds, fitted on dev splits only.

A temperature ``T`` divides a head's logits; it is chosen to minimise the negative log-likelihood on dev
(softmax cross-entropy for stance and bias, binary cross-entropy for frames) by a bounded 1-D search over
``log T`` in [log 0.05, log 20]. Frame thresholds maximise F1 on dev calibrated probabilities over a grid:

* sentence frames: one threshold per GVFC frame whose dev split has at least ``min_positives`` positives; a
  single threshold (maximising micro-F1 over the GVFC frames) for the rest of the 9; 0.5 for the 5 frames GVFC
  cannot express (nothing on dev to choose them from). A model trained on Slant's prose sentences refits the
  sentence-frame temperature on prose dev instead, with one threshold for all 14 frames
  (`slant.tasks.frames_prose`).
* article frames: SemEval dev holds a few dozen articles, too few per frame, so one global threshold maximising
  micro-F1 over all 14 frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar

from slant.eval.metrics import f1_from_counts

LOG_T_BOUNDS = (float(np.log(0.05)), float(np.log(20.0)))
THRESHOLD_GRID = np.round(np.arange(0.05, 0.951, 0.025), 3)


def softmax(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    z = np.asarray(logits, np.float64) / temperature
    z = z - z.max(-1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(-1, keepdims=True)


def sigmoid(logits: np.ndarray, temperature: float = 1.0) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.asarray(logits, np.float64) / temperature))


def softmax_nll(logits: np.ndarray, y: Sequence[int], temperature: float) -> float:
    z = np.asarray(logits, np.float64) / temperature
    z = z - z.max(-1, keepdims=True)
    logp = z - np.log(np.exp(z).sum(-1, keepdims=True))
    return float(-logp[np.arange(len(z)), np.asarray(y, np.int64)].mean())


def sigmoid_nll(logits: np.ndarray, y: np.ndarray, temperature: float) -> float:
    z = np.asarray(logits, np.float64) / temperature
    y = np.asarray(y, np.float64)
    # log(1 + e^z) - y z, computed stably
    return float((np.logaddexp(0.0, z) - y * z).mean())


def fit_temperature(logits: np.ndarray, y: np.ndarray, kind: str) -> float:
    """The temperature minimising dev NLL; ``kind`` is ``softmax`` (labels (n,)) or ``sigmoid`` (0/1 (n, L)).

    Example:
        >>> rng = np.random.default_rng(0)
        >>> z = rng.normal(size=(500, 3)); y = np.array([rng.choice(3, p=softmax(r)) for r in z])
        >>> 2.0 < fit_temperature(z * 3, y, "softmax") < 4.5
        True
    """
    if kind not in ("softmax", "sigmoid"):
        raise ValueError(f"kind={kind!r} is invalid; expected 'softmax' or 'sigmoid'")
    if len(logits) == 0:
        raise ValueError("cannot fit a temperature on an empty dev split")
    nll = softmax_nll if kind == "softmax" else sigmoid_nll
    res = minimize_scalar(
        lambda lt: nll(logits, y, float(np.exp(lt))),
        bounds=LOG_T_BOUNDS,
        method="bounded",
        options={"xatol": 1e-4},
    )
    return float(np.exp(res.x))


def best_global_threshold(proba: np.ndarray, y: np.ndarray, grid: np.ndarray = THRESHOLD_GRID) -> float:
    """One threshold for all columns, maximising micro-F1 (ties: the value closest to 0.5)."""
    p, t = np.asarray(proba)[None], np.asarray(y).astype(bool)[None]
    pred = p >= grid[:, None, None]  # (grid, n, L)
    tp = (pred & t).sum((1, 2))
    fp = (pred & ~t).sum((1, 2))
    fn = (~pred & t).sum((1, 2))
    scores = f1_from_counts(tp, fp, fn)
    best = np.flatnonzero(scores == scores.max())
    return float(grid[best[np.argmin(np.abs(grid[best] - 0.5))]])


def best_label_thresholds(
    proba: np.ndarray, y: np.ndarray, *, min_positives: int = 8, grid: np.ndarray = THRESHOLD_GRID
) -> tuple[list[float], list[str]]:
    """Per-column thresholds maximising each column's F1; columns with few dev positives share a global one.

    Returns:
        (thresholds, how each was chosen: ``"per-label"`` or ``"global"``).
    """
    proba, y = np.asarray(proba), np.asarray(y).astype(bool)
    few = y.sum(0) < min_positives
    shared = best_global_threshold(proba[:, few], y[:, few], grid) if few.any() else 0.5
    out, how = [], []
    for j in range(proba.shape[1]):
        if few[j]:
            out.append(shared)
            how.append("global")
            continue
        pred = proba[None, :, j] >= grid[:, None]  # (grid, n)
        tp, fp, fn = (pred & y[:, j]).sum(1), (pred & ~y[:, j]).sum(1), (~pred & y[:, j]).sum(1)
        scores = f1_from_counts(tp, fp, fn)
        best = np.flatnonzero(scores == scores.max())
        out.append(float(grid[best[np.argmin(np.abs(grid[best] - 0.5))]]))
        how.append("per-label")
    return out, how


def fit_calibration(
    dev: dict[str, Any], frame_labels: Sequence[str], *, min_positives: int = 8
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit every task present in ``dev`` (each by its own `Task.calibrate`) and return (calibration.json content,
    a report of what was done). Heads no task fitted keep the default temperature.

    Args:
        dev: task name -> ``(dev logits, dev labels)``: ``(n, k)`` logits with ``(n,)`` classes for stance and
            bias, ``(n, 14)`` logits with ``(n, 14)`` multi-hot labels for GVFC headlines and SemEval articles.
        frame_labels: the model's frame names, in column order.
        min_positives: dev positives a GVFC frame needs for its own threshold.
    """
    from slant.model.predictor import DEFAULT_TEMPERATURES
    from slant.tasks.base import Fit
    from slant.tasks.registry import REGISTRY

    unknown = sorted(set(dev) - set(REGISTRY))
    if unknown:
        raise ValueError(f"no task {unknown}; expected dev data keyed by task names {tuple(REGISTRY)}")
    fit = Fit(
        frame_labels=list(frame_labels),
        min_positives=min_positives,
        cal={"temperature": dict(DEFAULT_TEMPERATURES)},
        report={"fitted_on": {}, "nll_before": {}, "nll_after": {}},
    )
    for name, task in REGISTRY.items():
        if name in dev:
            z, y = dev[name]
            task.calibrate(np.asarray(z), np.asarray(y), fit)
    return fit.cal, fit.report
