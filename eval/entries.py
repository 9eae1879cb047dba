"""Score one system on one test set: metrics, bootstrap CIs, ECE, per-outlet scores and confident errors."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from slant.eval.bootstrap import classification_cis, multilabel_cis
from slant.eval.metrics import (
    brier,
    classification_scores,
    ece,
    multilabel_ece,
    multilabel_scores,
    top_label_acceptable,
)


def single_label_entry(
    y: np.ndarray,
    proba: np.ndarray,
    labels: Sequence[str],
    *,
    headline: str,
    groups: Sequence[str] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
    n_bins: int = 15,
) -> dict[str, Any]:
    """Metrics of argmax predictions, CIs for every summary metric (``ci95`` = the headline's), and ECE."""
    pred = np.asarray(proba).argmax(1) if len(proba) else np.zeros(0, np.int64)
    out = classification_scores(y, pred, labels)
    if len(y) and n_boot:
        cis = classification_cis(y, pred, len(labels), groups=groups, n_boot=n_boot, seed=seed)
        out["ci95"], out["cis"] = cis[headline], cis
    out["headline"] = headline
    out["ece"] = ece(proba, y, n_bins) if len(y) else 0.0
    out["brier"] = brier(proba, y) if len(y) else 0.0
    return out


def multi_label_entry(
    y: np.ndarray,
    proba: np.ndarray,
    thresholds: Sequence[float],
    labels: Sequence[str],
    columns: Sequence[int],
    *,
    headline: str,
    n_boot: int = 1000,
    seed: int = 0,
    n_bins: int = 15,
) -> dict[str, Any]:
    """Metrics over the frame ``columns`` after thresholding, CIs (resampling rows), flattened ECE."""
    cols = list(columns)
    pred = (np.asarray(proba) >= np.asarray(thresholds)[None, :]).astype(np.int64)
    yc, pc = np.asarray(y)[:, cols], pred[:, cols]
    out = multilabel_scores(yc, pc, [labels[c] for c in cols])
    if len(y) and n_boot:
        cis = multilabel_cis(yc, pc, n_boot=n_boot, seed=seed)
        out["ci95"], out["cis"] = cis[headline], cis
    out["headline"] = headline
    out["ece"] = multilabel_ece(np.asarray(proba)[:, cols], yc, n_bins) if len(y) else 0.0
    out["labels_scored"] = [labels[c] for c in cols]
    # the frame a reader would see first: is the most probable one acceptable (in the gold set)?
    out["top_frame_acceptable"], out["n_framed"] = top_label_acceptable(yc, np.asarray(proba)[:, cols])
    return out


def per_outlet(
    y: np.ndarray, proba: np.ndarray, outlets: Sequence[str], labels: Sequence[str], min_n: int = 1
) -> dict[str, dict[str, float]]:
    """Accuracy, weighted and macro F1 with n per outlet (rows with an empty outlet are skipped), largest first."""
    pred = np.asarray(proba).argmax(1)
    out: dict[str, dict[str, float]] = {}
    names = [o for o in dict.fromkeys(outlets) if o]
    for name in names:
        idx = np.flatnonzero(np.asarray(outlets) == name)
        if len(idx) < min_n:
            continue
        s = classification_scores(y[idx], pred[idx], labels)
        out[name] = {
            "n": int(len(idx)),
            "accuracy": s["accuracy"],
            "weighted_f1": s["weighted_f1"],
            "macro_f1": s["macro_f1"],
        }
    return dict(sorted(out.items(), key=lambda kv: (-kv[1]["n"], kv[0])))


def _clip(text: str, limit: int = 400) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def single_label_errors(
    texts: Sequence[str],
    y: np.ndarray,
    proba: np.ndarray,
    labels: Sequence[str],
    k: int = 10,
    spans: Sequence[tuple[int, int]] | None = None,
) -> list[dict[str, Any]]:
    """The ``k`` wrong predictions made with the highest confidence, with text (and target mention)."""
    proba = np.asarray(proba)
    pred = proba.argmax(1)
    wrong = np.flatnonzero(pred != y)
    order = wrong[np.argsort(-proba[wrong, pred[wrong]], kind="stable")][:k]
    out = []
    for i in order:
        row = {
            "text": _clip(texts[i]),
            "true": labels[y[i]],
            "predicted": labels[pred[i]],
            "confidence": round(float(proba[i, pred[i]]), 4),
        }
        if spans is not None:
            s, e = spans[i]
            row["target"] = texts[i][s:e]
        out.append(row)
    return out


def multi_label_errors(
    texts: Sequence[str],
    y: np.ndarray,
    proba: np.ndarray,
    thresholds: Sequence[float],
    labels: Sequence[str],
    columns: Sequence[int],
    k: int = 10,
) -> list[dict[str, Any]]:
    """The ``k`` most confident wrong frame decisions: false positives with the highest probability and false
    negatives with the lowest, ranked by distance between probability and truth."""
    cols = np.asarray(columns)
    p, t = np.asarray(proba)[:, cols], np.asarray(y)[:, cols].astype(bool)
    decided = p >= np.asarray(thresholds)[cols][None, :]
    wrong_r, wrong_c = np.nonzero(decided != t)
    dist = np.abs(p[wrong_r, wrong_c] - t[wrong_r, wrong_c])
    out = []
    for j in np.argsort(-dist, kind="stable")[:k]:
        r, c = wrong_r[j], wrong_c[j]
        out.append(
            {
                "text": _clip(texts[r]),
                "frame": labels[cols[c]],
                "error": "false positive" if decided[r, c] else "false negative",
                "probability": round(float(p[r, c]), 4),
            }
        )
    return out
