"""Media bias of a sentence (BABE, with SG1/MBIC in training): neutral / biased, weighted F1 on BABE."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from slant.tasks.base import CVProtocol, Example, Split, Task


class BiasTask(Task):
    name = "bias"
    report_task = "bias"
    output = "bias"
    head = "bias"
    kind = "single"
    tests = ("babe",)
    bench_metrics = (
        "weighted_f1",
        "macro_f1",
    )  # compared by `slant bench` between fp32 and quantised systems
    bench_splits = {"bias": "babe"}
    default_weight = 0.6  # see DEFAULT_TASK_WEIGHTS in slant.training.config
    headline = "weighted_f1"
    units = {"bias": "sentence"}
    cv = CVProtocol(
        key="babe_5fold",
        test_set="babe",
        description="BABE SG2 5-fold stratified CV, shuffle seed 42 (Spinde et al. 2021)",
        metrics=("weighted_f1", "macro_f1", "accuracy", "mcc"),
    )

    def examples(self, split: Any, config: Any, splitter: Any) -> list[Example]:
        return [Example(text=r["text"], spans=[], label=r["label"]) for r in split]

    def setup(self, model: Any, examples: list[Example], config: Any) -> torch.Tensor | None:
        from slant.training.data import class_weights

        if not config.class_weighting:
            return None
        return torch.tensor(class_weights([e.label for e in examples], len(self.labels(model.config))))

    def loss(self, trainer: Any, batch: list[Example], step: int) -> torch.Tensor:
        out, enc = trainer.forward([e.text for e in batch], trainer.augmented_spans(batch, step))
        rows = torch.tensor(enc.text_rows, device=out["bias"].device)
        gold = torch.tensor([e.label for e in batch], device=rows.device)
        w = trainer.weights.get(self.name)
        return F.cross_entropy(
            out["bias"][rows].float(), gold, weight=None if w is None else w.to(rows.device)
        )

    def dev_score(self, predictor: Any, examples: list[Example]) -> tuple[float, int]:
        from slant.eval.metrics import macro_f1

        b = predictor.logits([e.text for e in examples])[0]
        k = len(self.labels(predictor.config))
        return macro_f1([e.label for e in examples], b.argmax(1), k), len(examples)

    def logits(self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False) -> np.ndarray:
        return predictor.logits(split.texts, progress=progress)[0]

    def cv_folds(self, cv: Any, seed: int) -> list[Any]:
        """Per fold a DatasetDict with train / dev (10% of the fold's SG2 training part) / babe; SG1/MBIC rows
        join each fold's training part (minus that fold's test sentences)."""
        import datasets

        from slant.data.babe_folds import babe_cv_folds
        from slant.data.schema import FEATURES
        from slant.data.splits import stratified_holdout

        sg2, folds = babe_cv_folds(seed=cv.babe_seed, n_splits=cv.n_splits)
        out = []
        for fold in folds:
            sg2_train = [sg2[i] for i in fold.train_index]
            keep, dev = stratified_holdout([r["label"] for r in sg2_train], 0.1, seed)
            splits = {
                "train": [sg2_train[i] for i in keep] + list(fold.extra_train),
                "dev": [sg2_train[i] for i in dev],
                "babe": [sg2[i] for i in fold.test_index],
            }
            out.append(
                datasets.DatasetDict(
                    {k: datasets.Dataset.from_list(v, features=FEATURES) for k, v in splits.items()}
                )
            )
        return out
