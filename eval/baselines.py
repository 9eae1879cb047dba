"""Baselines fitted on a task's train split, scored on the same test rows as the model.

* ``majority``: the most frequent training class; for multi-label frames, each frame whose training prevalence is
  above 0.5 (usually none, so it predicts no frame).
* ``tfidf_lr``: TF-IDF (word uni+bigrams, sublinear tf) and logistic regression (class-balanced for single-label;
  one-vs-rest for frames, threshold 0.5). ``C`` is chosen on the dev split only, by the task's headline metric.
  Stance gives the target to the bag of words by wrapping it in marker tokens and appending the words around it
  with a ``near_`` prefix, so the same sentence with two targets yields two different inputs.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from slant.eval.metrics import classification_scores, multilabel_scores

C_GRID: tuple[float, ...] = (0.1, 1.0, 10.0)
_WORD = re.compile(r"\w+")


def stance_text(text: str, start: int, end: int, window: int = 5) -> str:
    """Mark the target and add the ``window`` words on each side as ``near_`` features.

    >>> stance_text("Critics slammed Smith over the plan", 16, 21, window=1)
    'Critics slammed tgtstart Smith tgtend over the plan near_slammed near_over'
    """
    left, right = _WORD.findall(text[:start])[-window:], _WORD.findall(text[end:])[:window]
    marked = f"{text[:start]}tgtstart {text[start:end]} tgtend{text[end:]}"
    return marked + "".join(f" near_{w.lower()}" for w in left + right)


@dataclass
class Baseline:
    """A fitted baseline: ``predict`` gives class indices (or a 0/1 matrix), ``proba`` probabilities."""

    name: str
    model: Any
    multilabel: bool
    info: dict[str, Any] = field(default_factory=dict)

    def proba(self, texts: Sequence[str]) -> np.ndarray:
        return np.asarray(self.model.predict_proba(list(texts)), np.float64)

    def predict(self, texts: Sequence[str]) -> np.ndarray:
        p = self.proba(texts)
        return (p >= 0.5).astype(np.int64) if self.multilabel else p.argmax(1)


class _Constant:
    """Predicts the same probability row for every input (the majority baseline)."""

    def __init__(self, row: np.ndarray) -> None:
        self.row = np.asarray(row, np.float64)

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        return np.tile(self.row, (len(texts), 1))


def constant(name: str, row: np.ndarray) -> Baseline:
    """A fixed answer for every input (e.g. always one frame): ``row`` is its probability row."""
    row = np.asarray(row, np.float64)
    return Baseline(name, _Constant(row), True, {"predicts": row.astype(int).tolist()})


def majority(train_labels: Sequence[int] | np.ndarray, k: int | None = None) -> Baseline:
    """Majority class (``k`` classes), or per-label majority when ``train_labels`` is an ``(n, L)`` 0/1 matrix."""
    y = np.asarray(train_labels)
    if y.ndim == 2:
        prevalence = y.mean(0) if len(y) else np.zeros(y.shape[1])
        row = (prevalence > 0.5).astype(np.float64)
        return Baseline("majority", _Constant(row), True, {"predicts": row.astype(int).tolist()})
    if k is None or not len(y):
        raise ValueError("majority baseline needs a non-empty training split and the number of classes k")
    cls = int(np.bincount(y.astype(np.int64), minlength=k).argmax())
    return Baseline("majority", _Constant(np.eye(k)[cls]), False, {"predicts": cls})


def _pipeline(c: float, seed: int, multilabel: bool, max_features: int) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.multiclass import OneVsRestClassifier
    from sklearn.pipeline import make_pipeline

    vec = TfidfVectorizer(ngram_range=(1, 2), min_df=2, sublinear_tf=True, max_features=max_features)
    if multilabel:
        clf = OneVsRestClassifier(
            LogisticRegression(C=c, solver="liblinear", max_iter=2000, random_state=seed)
        )
    else:
        clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=seed)
    return make_pipeline(vec, clf)


def tfidf_lr(
    train_texts: Sequence[str],
    train_labels: Sequence[int] | np.ndarray,
    dev_texts: Sequence[str],
    dev_labels: Sequence[int] | np.ndarray,
    *,
    labels: Sequence[str],
    metric: str = "macro_f1",
    seed: int = 0,
    c_grid: Sequence[float] = C_GRID,
    max_features: int = 100_000,
    score_columns: Sequence[int] | None = None,
) -> Baseline:
    """Fit TF-IDF + LR for each ``C`` in ``c_grid`` and keep the best by ``metric`` on dev.

    Args:
        labels: class names (single-label) or the frame names of the columns (multi-label, ``(n, L)`` labels).
        metric: dev selection metric (a key of classification_scores / multilabel_scores).
        score_columns: for multi-label, the columns dev selection looks at (e.g. the 9 GVFC frames).
    """
    y_train, y_dev = np.asarray(train_labels), np.asarray(dev_labels)
    multilabel = y_train.ndim == 2
    if not len(train_texts):
        raise ValueError("tfidf_lr needs a non-empty training split")
    best: tuple[float, float, Any] | None = None
    dev_scores: dict[str, float] = {}
    for c in c_grid:
        model = _pipeline(c, seed, multilabel, max_features)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # constant label columns in one-vs-rest, convergence chatter
            model.fit(list(train_texts), y_train)
            base = Baseline("tfidf_lr", model, multilabel)
            pred = base.predict(dev_texts) if len(dev_texts) else np.zeros((0,) + y_dev.shape[1:], np.int64)
        if multilabel:
            cols = list(score_columns) if score_columns is not None else list(range(y_dev.shape[1]))
            score = multilabel_scores(y_dev[:, cols], pred[:, cols], [labels[c_] for c_ in cols])[metric]
        else:
            score = classification_scores(y_dev, pred, labels)[metric]
        dev_scores[str(c)] = float(score)
        if best is None or score > best[0]:
            best = (float(score), c, model)
    assert best is not None
    return Baseline(
        "tfidf_lr", best[2], multilabel, {"C": best[1], f"dev_{metric}": best[0], "dev_by_C": dev_scores}
    )
