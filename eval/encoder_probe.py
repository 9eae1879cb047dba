"""Dev-only probe: how much frame information does an encoder's frozen sentence vector carry, and does it add to a
trained model?

Each prose training sentence is encoded once by a frozen encoder (mean of its last hidden states, L2-normalised; with
``--layers``, one such block per hidden-state index, concatenated, as the `frames_distill` teacher reads) and one
logistic regression per frame is fitted on those vectors (balanced class weights unless ``--unweighted``, as the
teacher fits them; ``C`` from ``--c``). ``--train-cv`` also scores the top frame by article-grouped 5-fold
cross-validation on the training sentences, a larger sample than dev for choosing a teacher. On prose
dev it reports the share of framed sentences whose top frame is acceptable, and the held-out micro/macro-F1 of one
shared threshold fitted on half of the dev articles (`slant.eval.threshold_cv`, 100 half splits). With ``--model``
it also scores that model the way `make eval` reads prose (sentence logits plus ``frame_context`` times the
article's pooled logits) and the sum of the two logit sets, ``model + a * probe``, for a few ``a``. No test sentence
is read. docs/RESULTS.md reports the runs.

Run:
    python -m slant.eval.encoder_probe --encoder sentence-transformers/all-MiniLM-L6-v2
    python -m slant.eval.encoder_probe --encoder sentence-transformers/all-mpnet-base-v2 --model artifacts/model
    python -m slant.eval.encoder_probe --encoder sentence-transformers/all-mpnet-base-v2 --layers -5 -3 -1 \
        --unweighted --train-cv
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence

import numpy as np

from slant.training.teacher import frozen_vectors, probe_logits


def main(argv: Sequence[str] | None = None) -> None:
    from slant.data.registry import load_task
    from slant.eval.threshold_cv import context_weight_cv
    from slant.tasks.registry import get_task

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--encoder", default="sentence-transformers/all-MiniLM-L6-v2", help="hub name or local path"
    )
    ap.add_argument(
        "--c", type=float, default=3.0, help="inverse regularisation of the per-frame regressions"
    )
    ap.add_argument(
        "--layers", type=int, nargs="+", default=[-1], help="hidden-state indices read and concatenated"
    )
    ap.add_argument("--unweighted", action="store_true", help="no class weights (the teacher's setting)")
    ap.add_argument(
        "--train-cv", action="store_true", help="also article-grouped 5-fold CV on the training sentences"
    )
    ap.add_argument("--model", help="a trained model directory to score and to add the probe to")
    ap.add_argument("--repeats", type=int, default=100)
    args = ap.parse_args(argv)
    dd, task = load_task("frames_prose"), get_task("frames_prose")
    splits = task.splits(dd, ["train", "dev"])
    train, dev = splits["train"], splits["dev"]
    y, groups = np.asarray(dev.y).astype(int), list(dd["dev"]["article_id"])
    t0 = time.time()
    vectors = frozen_vectors(list(train.texts) + list(dev.texts), args.encoder, layers=args.layers)
    rate = len(vectors) / (time.time() - t0)
    x_train, y_train, weighted = vectors[: len(train)], np.asarray(train.y).astype(int), not args.unweighted
    probe = probe_logits(x_train, y_train, vectors[len(train) :], args.c, balanced=weighted)

    def report(name: str, z: np.ndarray) -> None:
        micro, macro, top = context_weight_cv(
            z, np.zeros_like(z), y, groups, weights=(0.0,), repeats=args.repeats
        )[0.0]
        print(f"  {name:38s} top frame {top:.4f}  held-out micro-F1 {micro:.4f}  macro-F1 {macro:.4f}")

    print(
        f"prose dev: {len(y)} sentences, {int(y.any(1).sum())} framed, {len(set(groups))} articles; "
        f"frozen {args.encoder}: {vectors.shape[1]} dims, {rate:.0f} sentences/s encoded"
    )
    report(f"frozen vectors + LR (C={args.c:g})", probe)
    if args.train_cv:
        from sklearn.model_selection import GroupKFold

        from slant.eval.metrics import top_label_acceptable

        z_cv = np.zeros(y_train.shape)
        for fit, held in GroupKFold(5).split(x_train, y_train, list(dd["train"]["article_id"])):
            z_cv[held] = probe_logits(x_train[fit], y_train[fit], x_train[held], args.c, balanced=weighted)
        top, n = top_label_acceptable(y_train, z_cv)
        print(f"  training sentences, article-grouped 5-fold CV: top frame {top:.4f} ({n} framed)")
    if args.model:
        from slant.model.predictor import Predictor

        pred = Predictor.from_pretrained(args.model)
        w = pred.model.config.frame_context
        z = task.logits(pred, dev, article_cap=0)  # as `make eval` reads prose sentences
        report(f"model (frame_context {w:g})", z)
        for a in (0.25, 0.5, 1.0):
            report(f"model + {a:g} * probe", z + a * probe)


if __name__ == "__main__":
    main()
