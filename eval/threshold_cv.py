"""Choose how sentence-frame thresholds are fitted, on dev only: fit on half of the dev articles, score the rest.

Prose dev holds a few hundred sentences from about twenty articles, so a threshold per frame is fitted on a handful
of positives. This compares threshold rules without touching a test set: the dev split is cut by article into two
halves (seeded, ``repeats`` times), temperature and thresholds are fitted on one half and micro/macro-F1 measured on
the other, both ways round. docs/RESULTS.md reports the run that chose the shared threshold.

The same half splits choose ``frame_context``, the weight of a sentence's article in its frame logits
(`SlantConfig.frame_context`): for each weight, the temperature and one shared threshold are fitted on one half
of the dev articles and micro/macro-F1 measured on the other; the share of framed dev sentences whose top frame is
acceptable needs no fitting and is read on the whole of dev.

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
    scores: dict[int, list[tuple[float, float]]] = {r: [] for r in rules}
    for fit_rows, eval_rows in half_splits(g, repeats):
        t = fit_temperature(z[fit_rows], y[fit_rows], "sigmoid")
        for r in rules:
            th, _ = best_label_thresholds(sigmoid(z[fit_rows], t), y[fit_rows], min_positives=r)
            pred = sigmoid(z[eval_rows], t) >= np.asarray(th)
            scores[r].append(
                (multilabel_f1(y[eval_rows], pred, "micro"), multilabel_f1(y[eval_rows], pred, "macro"))
            )
    return {r: tuple(float(v) for v in np.mean(scores[r], axis=0)) for r in rules}  # type: ignore[misc]


def half_splits(groups: np.ndarray, repeats: int):  # type: ignore[no-untyped-def]
    """(fit rows, eval rows) boolean masks: ``repeats`` seeded halvings of the groups, both ways round."""
    names = np.unique(groups)
    if len(names) < 2:
        raise ValueError(f"expected at least two groups (articles) to split; found {len(names)}")
    for rep in range(repeats):
        a = np.isin(groups, np.random.default_rng(rep).permutation(names)[: len(names) // 2])
        yield a, ~a
        yield ~a, a


def context_weight_cv(
    logits: np.ndarray,
    context: np.ndarray,
    y: np.ndarray,
    groups: Sequence[str],
    weights: Sequence[float] = (0.0, 0.25, 0.5, 0.75, 1.0),
    repeats: int = 100,
) -> dict[float, tuple[float, float, float]]:
    """Per weight w of the article context (logits + w * context): mean held-out (micro-F1, macro-F1) with one
    shared threshold fitted on the other half, and the top frame acceptable share on all rows.

    Raises:
        ValueError: rows, contexts, labels and groups of different lengths, or fewer than two groups.
    """
    from slant.eval.calibration import best_global_threshold
    from slant.eval.metrics import top_label_acceptable

    z, c, y, g = np.asarray(logits), np.asarray(context), np.asarray(y).astype(int), np.asarray(groups)
    if not len(z) == len(c) == len(y) == len(g):
        raise ValueError(
            f"expected one context, label row and group per logit row; found {len(z)}, {len(c)}, {len(y)}, {len(g)}"
        )
    out: dict[float, tuple[float, float, float]] = {}
    for w in weights:
        m, scores = z + w * c, []
        for fit_rows, eval_rows in half_splits(g, repeats):
            t = fit_temperature(m[fit_rows], y[fit_rows], "sigmoid")
            th = best_global_threshold(sigmoid(m[fit_rows], t), y[fit_rows])
            pred = sigmoid(m[eval_rows], t) >= th
            scores.append(
                (multilabel_f1(y[eval_rows], pred, "micro"), multilabel_f1(y[eval_rows], pred, "macro"))
            )
        micro, macro = (float(v) for v in np.mean(scores, axis=0))
        out[float(w)] = (micro, macro, top_label_acceptable(y, m)[0])
    return out


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", required=True, help="a model directory written by slant train")
    ap.add_argument("--repeats", type=int, default=100)
    args = ap.parse_args(argv)
    from slant.data.registry import load_task
    from slant.model.predictor import Predictor
    from slant.tasks.registry import get_task

    dd = load_task("frames_prose")
    dev, task = dd["dev"], get_task("frames_prose")
    pred = Predictor.from_pretrained(args.model)
    z = pred.logits(list(dev["text"]))[1]  # each sentence alone
    y, groups = np.asarray(dev["frames"]), list(dev["article_id"])
    result = threshold_rule_cv(z, y, groups, repeats=args.repeats)
    print(
        f"prose dev: {len(z)} sentences, {len(set(dev['article_id']))} articles, {args.repeats} half splits"
    )
    print("threshold rule (sentences read alone):")
    for rule, (micro, macro) in result.items():
        name = "one shared threshold" if rule == SHARED else f"per frame with >= {rule} dev positives"
        print(f"  {name:40s} micro-F1 {micro:.4f}  macro-F1 {macro:.4f}")
    contexts = task.splits(dd, ["dev"])["dev"].contexts or []
    if contexts:
        unique = list(dict.fromkeys(contexts))
        pooled = dict(zip(unique, pred.article_frames_logits([list(c) for c in unique], frames_head=True)))
        ctx = np.stack([pooled[c] for c in contexts])
        print("article context weight (one shared threshold):")
        for w, (micro, macro, top) in context_weight_cv(z, ctx, y, groups, repeats=args.repeats).items():
            print(
                f"  frame_context {w:<4}  micro-F1 {micro:.4f}  macro-F1 {macro:.4f}  top frame acceptable {top:.4f}"
            )


if __name__ == "__main__":
    main()
