"""Stance toward each marked target of a sentence (NewsMTSC): negative / neutral / positive, macro-F1."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from slant.data.schema import mention_spans
from slant.tasks.base import Example, Split, Task, outlets


class StanceTask(Task):
    name = "stance"
    report_task = "stance"
    output = "stance"
    head = "stance"
    kind = "single"
    tests = ("newsmtsc_rw", "newsmtsc_mt")
    bench_metrics = ("macro_f1",)  # compared by `slant bench` between fp32 and quantised systems
    bench_splits = {"stance": "newsmtsc_rw", "stance_mt": "newsmtsc_mt"}
    headline = "macro_f1"
    units = {"stance": "sentence (all targets of a sentence together)"}

    def examples(self, split: Any, config: Any, splitter: Any) -> list[Example]:
        """Rows are one per target; group them back into sentences so all targets of a sentence share a pass."""
        by_text: dict[str, Example] = {}
        for row in split:
            ex = by_text.setdefault(row["text"], Example(text=row["text"], spans=[], stance=[], mentions=[]))
            span = (row["target_start"], row["target_end"])
            if span in ex.spans:
                continue
            ex.spans.append(span)
            ex.stance.append(row["label"])
            ex.mentions.append(mention_spans(row["mentions"]))
        return list(by_text.values())

    def setup(self, model: Any, examples: list[Example], config: Any) -> torch.Tensor | None:
        from slant.training.data import class_weights

        if not config.class_weighting:
            return None
        n = len(self.labels(model.config))
        return torch.tensor(class_weights([s for e in examples for s in e.stance], n))

    def loss(self, trainer: Any, batch: list[Example], step: int) -> torch.Tensor:
        out, enc = trainer.forward(
            [e.text for e in batch], [e.spans for e in batch], mentions=[e.mentions or [] for e in batch]
        )
        device = out["bias"].device
        keys = [(i, j) for i, e in enumerate(batch) for j in range(len(e.spans))]
        r = torch.tensor([enc.slots[k][0] for k in keys], device=device)
        c = torch.tensor([enc.slots[k][1] for k in keys], device=device)
        gold = torch.tensor([batch[i].stance[j] for i, j in keys], device=device)
        w = trainer.weights.get(self.name)
        return F.cross_entropy(out["stance"][r, c].float(), gold, weight=None if w is None else w.to(device))

    def dev_score(self, predictor: Any, examples: list[Example]) -> tuple[float, int]:
        from slant.eval.metrics import macro_f1

        _, _, st = predictor.logits(
            [e.text for e in examples],
            [e.spans for e in examples],
            mentions=[e.mentions or [] for e in examples],
        )
        pred = [int(np.argmax(v)) for s in st for v in s]
        gold = [g for e in examples for g in e.stance]
        return macro_f1(gold, pred, len(self.labels(predictor.config))), len(gold)

    def split(self, ds: Any) -> Split:
        from slant.eval.baselines import stance_text

        texts = list(ds["text"])
        spans = [(int(s), int(e)) for s, e in zip(ds["target_start"], ds["target_end"])]
        return Split(
            texts,
            np.asarray(ds["label"], np.int64),
            spans=spans,
            mentions=[mention_spans(m) for m in ds["mentions"]],
            groups=texts,
            outlets=outlets(ds),
            baseline_texts=[stance_text(t, s, e) for t, (s, e) in zip(texts, spans)],
        )

    def logits(self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False) -> np.ndarray:
        return predictor.stance_logits(split.texts, split.spans, mentions=split.mentions, progress=progress)
