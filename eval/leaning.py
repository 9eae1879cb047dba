"""Article-Bias-Prediction (left/center/right) on its media and random splits, through a probe on our heads.

No Slant head predicts leaning, so the model is scored by a probe: each article becomes the mean and maximum of
its sentences' calibrated bias and frame probabilities (plus the share of sentences called biased) over its first
``n_sentences`` sentences, and a class-balanced logistic regression (standardised features, C = 1) is fitted on a
seeded sample of the split's train part and scored on a seeded sample of its test part. Majority and TF-IDF + LR
(C chosen on a seeded dev sample) use the same samples. The media split holds out whole outlets, the random split
does not; the macro-F1 gap between them shows how much a system leans on recognising outlets.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np

from slant.data.labels import LEANING_LABELS
from slant.eval.baselines import majority, tfidf_lr
from slant.eval.calibration import sigmoid, softmax
from slant.eval.entries import single_label_entry
from slant.tasks.frames_semeval import article_bag

SPLITS = {"abp_media": "leaning_media", "abp_random": "leaning_random"}


def sample_rows(n_rows: int, n: int, seed: int) -> np.ndarray:
    """Sorted indices of a seeded sample of ``min(n, n_rows)`` rows without replacement."""
    if n_rows <= n:
        return np.arange(n_rows)
    return np.sort(np.random.default_rng(seed).choice(n_rows, n, replace=False))


def article_features(pred: Any, texts: list[str], n_sentences: int, *, progress: bool = False) -> np.ndarray:
    """(n_articles, 31) probe features from the model's calibrated sentence probabilities (see module doc)."""
    # Only the first sentences are used, so split only the start of long articles.
    bags = [article_bag(t[: n_sentences * 600], n_sentences) for t in texts]
    flat = [s for b in bags for s in b]
    bias_z, frames_z, _ = pred.logits(flat, progress=progress)
    temps = pred.calibration.temperature
    p_biased = softmax(bias_z, temps.get("bias", 1.0))[:, 1]
    p_frames = sigmoid(frames_z, temps.get("frames", 1.0))
    feats, k = [], 0
    for b in bags:
        pb, pf = p_biased[k : k + len(b)], p_frames[k : k + len(b)]
        k += len(b)
        feats.append(np.concatenate([[pb.mean(), pb.max(), (pb >= 0.5).mean()], pf.mean(0), pf.max(0)]))
    return np.asarray(feats, np.float64)


def _probe(x_train: np.ndarray, y_train: np.ndarray, seed: int) -> Any:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return make_pipeline(
        StandardScaler(), LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced", random_state=seed)
    ).fit(x_train, y_train)


def evaluate_leaning(
    pred: Any,
    datasets: dict[str, Any],
    *,
    n_train: int,
    n_test: int,
    n_sentences: int,
    seed: int,
    n_boot: int,
    c_grid: tuple[float, ...] = (0.1, 1.0, 10.0),
    progress: bool = False,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Score probe, TF-IDF + LR and majority on each ABP split present in ``datasets``.

    Args:
        datasets: ``leaning_media`` and/or ``leaning_random`` DatasetDicts (splits train/dev/test).

    Returns:
        (``tasks.leaning`` entries keyed by test set plus ``media_random_gap``, info with sample sizes and timing).
    """
    entries: dict[str, Any] = {}
    info: dict[str, Any] = {
        "n_sentences_per_article": n_sentences,
        "probe": "mean/max calibrated bias and frame "
        "probabilities -> standardised class-balanced logistic regression (C=1)",
        "splits": {},
    }
    for test_set, task in SPLITS.items():
        if task not in datasets:
            continue
        t0 = time.perf_counter()
        dd = datasets[task]
        tr = sample_rows(len(dd["train"]), n_train, seed)
        te = sample_rows(len(dd["test"]), n_test, seed + 1)
        dv = sample_rows(len(dd["dev"]), min(n_test, 500), seed + 2)
        train, test, dev = dd["train"].select(tr), dd["test"].select(te), dd["dev"].select(dv)
        y_tr, y_te = np.asarray(train["label"]), np.asarray(test["label"])
        x_tr = article_features(pred, list(train["text"]), n_sentences, progress=progress)
        x_te = article_features(pred, list(test["text"]), n_sentences, progress=progress)
        probe = _probe(x_tr, y_tr, seed)
        tfidf = tfidf_lr(
            train["text"],
            y_tr,
            dev["text"],
            np.asarray(dev["label"]),
            labels=LEANING_LABELS,
            metric="macro_f1",
            seed=seed,
            c_grid=c_grid,
            max_features=50_000,
        )
        maj = majority(y_tr, len(LEANING_LABELS))
        probas = {
            "model": probe.predict_proba(x_te),
            "tfidf_lr": tfidf.proba(test["text"]),
            "majority": maj.proba(test["text"]),
        }
        entries[test_set] = {
            system: single_label_entry(y_te, p, LEANING_LABELS, headline="macro_f1", n_boot=n_boot, seed=seed)
            for system, p in probas.items()
        }
        entries[test_set].update(n=len(te), units=len(te), headline="macro_f1")
        entries[test_set]["model"]["system_note"] = "probe on Slant sentence probabilities (no leaning head)"
        info["splits"][test_set] = {
            "n_train": len(tr),
            "n_test": len(te),
            "n_dev_tfidf": len(dv),
            "train_pool": len(dd["train"]),
            "test_pool": len(dd["test"]),
            "tfidf_lr": tfidf.info,
            "seconds": round(time.perf_counter() - t0, 1),
        }
    if len(entries) == 2:
        entries["media_random_gap"] = {
            s: entries["abp_random"][s]["macro_f1"] - entries["abp_media"][s]["macro_f1"]
            for s in ("model", "tfidf_lr", "majority")
        }
    return entries, info
