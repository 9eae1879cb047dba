"""Dev-only probe: how much frame information does an encoder's frozen sentence vector carry, and does it add to a
trained model?

Each prose training sentence is encoded once by a frozen encoder (mean of its last hidden states, L2-normalised) and
one logistic regression per frame is fitted on those vectors (balanced class weights, ``C`` from ``--c``). On prose
dev it reports the share of framed sentences whose top frame is acceptable, and the held-out micro/macro-F1 of one
shared threshold fitted on half of the dev articles (`slant.eval.threshold_cv`, 100 half splits). With ``--model``
it also scores that model the way `make eval` reads prose (sentence logits plus ``frame_context`` times the
article's pooled logits) and the sum of the two logit sets, ``model + a * probe``, for a few ``a``. No test sentence
is read. docs/RESULTS.md reports the runs.

Run:
    python -m slant.eval.encoder_probe --encoder sentence-transformers/all-MiniLM-L6-v2
    python -m slant.eval.encoder_probe --encoder sentence-transformers/all-mpnet-base-v2 --model artifacts/model
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
    ap.add_argument("--model", help="a trained model directory to score and to add the probe to")
    ap.add_argument("--repeats", type=int, default=100)
    args = ap.parse_args(argv)
    dd, task = load_task("frames_prose"), get_task("frames_prose")
    splits = task.splits(dd, ["train", "dev"])
    train, dev = splits["train"], splits["dev"]
    y, groups = np.asarray(dev.y).astype(int), list(dd["dev"]["article_id"])
    t0 = time.time()
    vectors = frozen_vectors(list(train.texts) + list(dev.texts), args.encoder)
    rate = len(vectors) / (time.time() - t0)
    probe = probe_logits(vectors[: len(train)], train.y, vectors[len(train) :], args.c)

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
