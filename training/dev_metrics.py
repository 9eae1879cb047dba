"""Dev-set scores used for early stopping and model selection (never test data)."""

from __future__ import annotations

import numpy as np

from slant.tasks.base import Example
from slant.tasks.registry import get_task


def weighted_mean(scores: dict[str, float], items: dict[str, int]) -> float:
    """Task scores averaged with weights sqrt(items scored): a task whose dev set is small (and its score noisy,
    standard error ~ 1/sqrt(n)) counts less, but no task is ignored the way inverse-variance weights would."""
    tasks = [t for t in scores if items.get(t, 0) > 0]
    if not tasks:
        return 0.0
    w = np.sqrt([items[t] for t in tasks])
    return float(np.dot(w, [scores[t] for t in tasks]) / w.sum())


def dev_scores(model, tokenizer, dev: dict[str, list[Example]], batch_size: int = 64) -> dict[str, float]:
    """Each task's dev score (`Task.dev_score`: macro-F1 for stance and bias, macro-F1 over GVFC's frames, article
    micro-F1 for SemEval, all at the uncalibrated decision rule), through the same `Predictor` as evaluation.

    Besides the task scores: `mean` (plain average over tasks) and `weighted` (see `weighted_mean`; items are
    targets, sentences, framed headlines and articles)."""
    from slant.model.predictor import Predictor

    was_training = model.training
    model.eval()
    predictor = Predictor(
        model, tokenizer, batch_size=batch_size, device=str(next(model.parameters()).device)
    )
    scores: dict[str, float] = {}
    items: dict[str, int] = {}
    for task, examples in dev.items():
        if examples:
            scores[task], items[task] = get_task(task).dev_score(predictor, examples)
    model.train(was_training)
    task_scores = dict(scores)
    scores["mean"] = float(np.mean(list(task_scores.values()))) if task_scores else 0.0
    scores["weighted"] = weighted_mean(task_scores, items)
    return {k: float(v) for k, v in scores.items()}
