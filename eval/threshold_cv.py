"""Choose how sentence-frame thresholds are fitted, on dev only: fit on half of the dev articles, score the rest.

Prose dev holds a few hundred sentences from about twenty articles, so a threshold per frame is fitted on a handful
of positives. This compares threshold rules without touching a test set: the dev split is cut by article into two
halves (seeded, ``repeats`` times), temperature and thresholds are fitted on one half and micro/macro-F1 measured on
the other, both ways round. docs/RESULTS.md reports the run that chose the shared threshold.

Run:
    python -m slant.eval.threshold_cv --model artifacts/model
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence

import numpy as np

from slant.eval.calibration import best_label_thresholds, fit_temperature, sigmoid
from slant.eval.metrics import multilabel_f1

SHARED = 10**9  # a min_positives no frame reaches: one threshold for all frames


def threshold_rule_cv(
    logits: np.ndarray,
    y: np.ndarray,
    groups: Sequence[str],
    rules: Sequence[int] = (8, 15, 25, SHARED),
    repeats: int = 100,
) -> dict[int, tuple[float, float]]:
    """Mean held-out (micro-F1, macro-F1) per rule; a rule is the dev positives a frame needs for its own threshold.

    Raises:
        ValueError: fewer than two groups, or rows, labels and groups of different lengths.
    """
    z, y, g = np.asarray(logits), np.asarray(y).astype(int), np.asarray(groups)
    if not len(z) == len(y) == len(g):
        raise ValueError(
            f"expected one label row and group per logit row; found {len(z)}, {len(y)}, {len(g)}"
        )
    names = np.unique(g)
    if len(names) < 2:
        raise ValueError(f"expected at least two groups (articles) to split; found {len(names)}")
    scores: dict[int, list[tuple[float, float]]] = {r: [] for r in rules}
    for rep in range(repeats):
        a = np.isin(g, np.random.default_rng(rep).permutation(names)[: len(names) // 2])
        for fit_rows, eval_rows in ((a, ~a), (~a, a)):
            t = fit_temperature(z[fit_rows], y[fit_rows], "sigmoid")
            for r in rules:
                th, _ = best_label_thresholds(sigmoid(z[fit_rows], t), y[fit_rows], min_positives=r)
                pred = sigmoid(z[eval_rows], t) >= np.asarray(th)
                scores[r].append(
                    (multilabel_f1(y[eval_rows], pred, "micro"), multilabel_f1(y[eval_rows], pred, "macro"))
                )
    return {r: tuple(float(v) for v in np.mean(scores[r], axis=0)) for r in rules}  # type: ignore[misc]


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True, help="a model directory written by slant train")
    ap.add_argument("--repeats", type=int, default=100)
    args = ap.parse_args(argv)
    from slant.data.registry import load_task
    from slant.model.predictor import Predictor

    dev = load_task("frames_prose")["dev"]
    z = Predictor.from_pretrained(args.model).logits(list(dev["text"]))[1]
    result = threshold_rule_cv(z, np.asarray(dev["frames"]), list(dev["article_id"]), repeats=args.repeats)
    print(
        f"prose dev: {len(z)} sentences, {len(set(dev['article_id']))} articles, {args.repeats} half splits"
    )
    for rule, (micro, macro) in result.items():
        name = "one shared threshold" if rule == SHARED else f"per frame with >= {rule} dev positives"
        print(f"{name:40s} micro-F1 {micro:.4f}  macro-F1 {macro:.4f}")


if __name__ == "__main__":
    main()
