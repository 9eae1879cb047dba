"""Fit the article head of an ``article_frames="linear"`` model once training has picked its checkpoint.

The head is a logistic regression per frame over the mean of an article's sentence vectors (the encoder's mean-pooled
states, which bias and frames read), fitted on the SemEval training articles' bags. Its L2 strength is chosen by
5-fold cross-validation over those same training articles (micro-F1 at p = 0.5), so no dev or test article is
read. The standardisation is folded into the weights, so the head is one `nn.Linear` applied to each sentence
vector and averaged over the article: the same map of the mean vector.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch

from slant.tasks.base import Example

C_GRID = (0.01, 0.03, 0.1, 0.3, 1.0)
CV_FOLDS = 5


def article_vectors(predictor: Any, bags: Sequence[Sequence[str]]) -> np.ndarray:
    """(n_articles, hidden): the mean sentence vector of each bag (a torch `Predictor`)."""
    flat = [s for bag in bags for s in bag]
    out = predictor.outputs(flat, vectors=True)
    if "pooled" not in out:
        raise ValueError(
            "expected a torch Predictor, which returns sentence vectors; found one without them (ONNX?)"
        )
    pooled = out["pooled"]
    out, k = [], 0
    for bag in bags:
        out.append(pooled[k : k + len(bag)].mean(0))
        k += len(bag)
    return np.stack(out)


def fit_linear(x: np.ndarray, y: np.ndarray, c: float) -> tuple[np.ndarray, np.ndarray]:
    """Per-frame L2 logistic regression on standardised ``x``; returns (weights (k, d), bias (k,)) acting on raw
    ``x``. A frame with one class in ``y`` gets zero weights and the logit of its smoothed prior."""
    from sklearn.linear_model import LogisticRegression

    mu, sd = x.mean(0), x.std(0) + 1e-6
    xs = (x - mu) / sd
    w = np.zeros((y.shape[1], x.shape[1]), np.float64)
    b = np.zeros(y.shape[1], np.float64)
    for j in range(y.shape[1]):
        if y[:, j].min() == y[:, j].max():
            p = (y[:, j].sum() + 0.5) / (len(y) + 1.0)
            b[j] = np.log(p / (1 - p))
            continue
        clf = LogisticRegression(C=c, max_iter=5000).fit(xs, y[:, j])
        w[j], b[j] = clf.coef_[0] / sd, clf.intercept_[0] - (clf.coef_[0] * mu / sd).sum()
    return w.astype(np.float32), b.astype(np.float32)


def choose_c(x: np.ndarray, y: np.ndarray, seed: int, grid: Sequence[float] = C_GRID) -> tuple[float, dict]:
    """The C of ``grid`` with the best mean micro-F1 at p = 0.5 over seeded K-fold splits of the articles."""
    from sklearn.model_selection import KFold

    from slant.eval.metrics import multilabel_f1

    folds = list(KFold(min(CV_FOLDS, len(x)), shuffle=True, random_state=seed).split(x))
    scores = {}
    for c in grid:
        f1 = []
        for tr, te in folds:
            w, b = fit_linear(x[tr], y[tr], c)
            f1.append(multilabel_f1(y[te], x[te] @ w.T + b > 0, "micro"))
        scores[float(c)] = round(float(np.mean(f1)), 4)
    best = max(scores, key=lambda c: (scores[c], -c))  # ties: the stronger penalty
    return best, scores


def fit_article_head(model_dir: str | Path, examples: list[Example], *, seed: int) -> dict[str, Any]:
    """Fit and save the article head of the model in ``model_dir`` on SemEval training bags; returns a report.

    Raises:
        ValueError: the model has no article head, or there are fewer than two training articles.
    """
    from slant.model.io import load_model, save_model
    from slant.model.predictor import Predictor

    model, tokenizer = load_model(model_dir)
    if model.config.article_frames != "linear":
        raise ValueError(
            f"{model_dir}: article_frames={model.config.article_frames!r}; expected 'linear' for an article head"
        )
    articles = [e for e in examples if e.sentences]
    if len(articles) < 2:
        raise ValueError(
            f"expected at least two SemEval training articles to fit the article head; found {len(articles)}"
        )
    y = np.stack([e.frames for e in articles]).astype(int)
    x = article_vectors(Predictor(model.eval(), tokenizer), [e.sentences for e in articles])
    c, scores = choose_c(x, y, seed)
    w, b = fit_linear(x, y, c)
    with torch.no_grad():
        model.article_head.weight.copy_(torch.from_numpy(w))
        model.article_head.bias.copy_(torch.from_numpy(b))
    save_model(model, tokenizer, model_dir)
    return {
        "articles": len(articles),
        "C": c,
        "cv_micro_f1_by_C": scores,
        "fitted_on": "SemEval training articles",
    }
