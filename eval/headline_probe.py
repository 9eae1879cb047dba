"""Dev-only probe: does a sentence's frame get easier to read when the encoder also reads its article's headline?

Two frames-only models on the prose training sentences, identical (MiniLM, seed 13, batch 32, 400 steps, AdamW with
warm-up and linear decay) except for the input: the sentence alone, or the article's first sentence (its headline,
25 words at most) and the sentence as a text pair, mean-pooled over the sentence's own tokens. Each is scored on
prose dev at logit 0 (micro-F1) and by top frame acceptable. No test sentence is read. docs/RESULTS.md reports it.

``--teacher ENCODER`` adds distillation (sentences read alone): a frozen ``ENCODER`` with one logistic regression
per frame (`slant.eval.encoder_probe`, C = 3, unweighted) is fitted on the prose training sentences, and its frame
probabilities become soft targets for the sentences of SemEval-2023 training articles that are not in any prose
split's articles (six words or more, each once). Every step then adds ``--teacher-weight`` times the binary
cross-entropy of 32 of those sentences against their soft targets.

Run:
    python -m slant.eval.headline_probe --input alone
    python -m slant.eval.headline_probe --input pair
    python -m slant.eval.headline_probe --input alone --teacher sentence-transformers/all-mpnet-base-v2
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F


def main(argv: Sequence[str] | None = None) -> None:
    from transformers import AutoModel, AutoTokenizer

    from slant.data.registry import load_task
    from slant.eval.metrics import multilabel_f1, top_label_acceptable
    from slant.model.io import resolve_encoder
    from slant.tasks.registry import get_task

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--input", choices=("alone", "pair"), required=True)
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--encoder", default="sentence-transformers/all-MiniLM-L6-v2")
    ap.add_argument(
        "--teacher", help="frozen encoder whose per-frame LR gives soft targets (input alone only)"
    )
    ap.add_argument("--teacher-weight", type=float, default=1.0)
    args = ap.parse_args(argv)
    if args.teacher and args.input != "alone":
        ap.error(f"--teacher: expected --input alone; found --input {args.input}")
    torch.manual_seed(13)
    dd = load_task("frames_prose")
    # each row's article as the prose evaluation reads it (its sentences longer than 2 characters)
    splits = get_task("frames_prose").splits(dd, ["train", "dev"])

    def part(name: str) -> tuple[list[str], list[str] | None, np.ndarray]:
        sp = splits[name]
        ctx = [" ".join(c[0].split()[:25]) for c in sp.contexts or []] if args.input == "pair" else None
        return list(sp.texts), ctx, np.asarray(sp.y, np.float32)

    train, dev = part("train"), part("dev")
    soft = teacher_targets(dd, args.teacher) if args.teacher else None
    path = resolve_encoder(args.encoder)
    tok, enc = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path)
    head = torch.nn.Linear(enc.config.hidden_size, dev[2].shape[1])
    lrs = (8e-5, 5e-4)
    opt = torch.optim.AdamW(
        [{"params": enc.parameters(), "lr": lrs[0]}, {"params": head.parameters(), "lr": lrs[1]}],
        weight_decay=0.01,
    )

    def forward(texts: list[str], ctx: list[str] | None) -> torch.Tensor:
        if ctx is None:
            b = tok(texts, truncation=True, max_length=128, padding=True, return_tensors="pt")
            m = b["attention_mask"]
        else:
            b = tok(ctx, texts, truncation="longest_first", max_length=160, padding=True, return_tensors="pt")
            m = b["attention_mask"] * b["token_type_ids"]  # the sentence's own tokens
        h, m = enc(**b).last_hidden_state, m.unsqueeze(-1).float()
        return head((h * m).sum(1) / m.sum(1).clamp(min=1))

    rng, n, t0 = np.random.default_rng(13), len(train[0]), time.time()
    enc.train()
    for s in range(args.steps):
        idx = rng.choice(n, 32, replace=False)
        ctx = None if train[1] is None else [train[1][i] for i in idx]
        loss = F.binary_cross_entropy_with_logits(
            forward([train[0][i] for i in idx], ctx), torch.from_numpy(train[2][idx])
        )
        if soft is not None:
            u = rng.choice(len(soft[0]), 32, replace=False)
            loss = loss + args.teacher_weight * F.binary_cross_entropy_with_logits(
                forward([soft[0][i] for i in u], None), torch.from_numpy(soft[1][u])
            )
        warm, decay = min(1.0, (s + 1) / (0.1 * args.steps)), max(0.0, (args.steps - s) / (0.9 * args.steps))
        factor = min(1.0, warm * decay)
        for g, base in zip(opt.param_groups, lrs):
            g["lr"] = base * factor
        opt.zero_grad()
        loss.backward()
        opt.step()
    enc.eval()
    with torch.no_grad():
        z = np.concatenate(
            [
                forward(dev[0][k : k + 64], None if dev[1] is None else dev[1][k : k + 64]).numpy()
                for k in range(0, len(dev[0]), 64)
            ]
        )
    y = dev[2].astype(int)
    print(
        f"{args.input}{f' + teacher {args.teacher} x {args.teacher_weight:g}' if soft else ''}: {args.steps} steps in {(time.time() - t0) / 60:.1f} min; prose dev micro-F1 at logit 0 "
        f"{multilabel_f1(y, z > 0, 'micro'):.4f}, top frame acceptable {top_label_acceptable(y, z)[0]:.4f}"
    )


def teacher_targets(dd: Any, teacher: str) -> tuple[list[str], np.ndarray]:
    """(unlabelled sentences, their soft frame targets) from a frozen ``teacher`` fitted on the prose training
    sentences (`slant.training.teacher.distillation_rows`); no prose dev or test article contributes a sentence."""
    from slant.data.registry import load_task
    from slant.training.teacher import distillation_rows

    texts, probs, report = distillation_rows(dd, load_task("frames_semeval")["train"], teacher)
    print(f"teacher {teacher}: {report}")
    return texts, probs


if __name__ == "__main__":
    main()
