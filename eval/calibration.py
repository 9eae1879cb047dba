"""Temperature scaling per head and frame decision thresholds, fitted on dev splits only.

A temperature ``T`` divides a head's logits; it is chosen to minimise the negative log-likelihood on dev
(softmax cross-entropy for stance and bias, binary cross-entropy for frames) by a bounded 1-D search over
``log T`` in [log 0.05, log 20]. Frame thresholds maximise F1 on dev calibrated probabilities over a grid:

* sentence frames: one threshold per GVFC frame whose dev split has at least ``min_positives`` positives; a
  single threshold (maximising micro-F1 over the GVFC frames) for the rest of the 9; 0.5 for the 5 frames GVFC
  cannot express (nothing on dev to choose them from).
* article frames: SemEval dev holds a few dozen articles, too few per frame, so one global threshold maximising
  micro-F1 over all 14 frames.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
from scipy.optimize import minimize_scalar

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


def _f1(tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> np.ndarray:
    den = 2 * tp + fp + fn
    return np.divide(2 * tp, den, out=np.zeros(np.shape(den)), where=den > 0)


def best_global_threshold(proba: np.ndarray, y: np.ndarray, grid: np.ndarray = THRESHOLD_GRID) -> float:
    """One threshold for all columns, maximising micro-F1 (ties: the value closest to 0.5)."""
    p, t = np.asarray(proba)[None], np.asarray(y).astype(bool)[None]
    pred = p >= grid[:, None, None]  # (grid, n, L)
    tp = (pred & t).sum((1, 2))
    fp = (pred & ~t).sum((1, 2))
    fn = (~pred & t).sum((1, 2))
    scores = _f1(tp, fp, fn)
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
        scores = _f1(tp, fp, fn)
        best = np.flatnonzero(scores == scores.max())
        out.append(float(grid[best[np.argmin(np.abs(grid[best] - 0.5))]]))
        how.append("per-label")
    return out, how


def fit_calibration(
    dev: dict[str, Any], frame_labels: Sequence[str], gvfc_frames: Sequence[str], *, min_positives: int = 8
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Fit every head present in ``dev`` and return (calibration.json content, a report of what was done).

    Args:
        dev: any of ``stance``/``bias``: ``(logits (n, k), labels (n,))``; ``frames``: ``(logits (n, 14),
            multi-hot (n, 14))`` from GVFC dev; ``frames_article``: the same from SemEval dev articles.
        frame_labels: the model's 14 frame names, in column order.
        gvfc_frames: the frames GVFC can express (sentence temperatures and thresholds use only these columns).
    """
    temps: dict[str, float] = {"stance": 1.0, "bias": 1.0, "frames": 1.0, "frames_article": 1.0}
    report: dict[str, Any] = {"fitted_on": {}, "nll_before": {}, "nll_after": {}}
    for head in ("stance", "bias"):
        if head in dev:
            z, y = dev[head]
            temps[head] = fit_temperature(z, y, "softmax")
            report["nll_before"][head] = softmax_nll(z, y, 1.0)
            report["nll_after"][head] = softmax_nll(z, y, temps[head])
            report["fitted_on"][head] = f"{head} dev ({len(y)} rows)"
    cal: dict[str, Any] = {"temperature": temps}
    cols = [i for i, f in enumerate(frame_labels) if f in set(gvfc_frames)]
    if "frames" in dev:
        z, y = dev["frames"]
        z, y = np.asarray(z)[:, cols], np.asarray(y)[:, cols]
        temps["frames"] = fit_temperature(z, y, "sigmoid")
        report["nll_before"]["frames"] = sigmoid_nll(z, y, 1.0)
        report["nll_after"]["frames"] = sigmoid_nll(z, y, temps["frames"])
        chosen, how = best_label_thresholds(sigmoid(z, temps["frames"]), y, min_positives=min_positives)
        thresholds = [0.5] * len(frame_labels)
        for c, t in zip(cols, chosen):
            thresholds[c] = t
        cal["frame_thresholds"] = thresholds
        report["frame_threshold_rule"] = {frame_labels[c]: h for c, h in zip(cols, how)}
        report["fitted_on"]["frames"] = (
            f"GVFC dev ({len(y)} headlines, {len(cols)} GVFC frames); other frames 0.5"
        )
    if "frames_article" in dev:
        z, y = dev["frames_article"]
        temps["frames_article"] = fit_temperature(z, y, "sigmoid")
        report["nll_before"]["frames_article"] = sigmoid_nll(z, y, 1.0)
        report["nll_after"]["frames_article"] = sigmoid_nll(z, y, temps["frames_article"])
        t = best_global_threshold(sigmoid(z, temps["frames_article"]), y)
        cal["article_frame_thresholds"] = [t] * len(frame_labels)
        report["fitted_on"]["frames_article"] = f"SemEval dev ({len(y)} articles); one global threshold {t}"
    return cal, report
