"""Frames of unlabelled news sentences as a frozen teacher reads them: distillation into the sentence-frames head.

The targets are probabilities, not labels: `slant.training.teacher` fits a frozen encoder (all-mpnet-base-v2) with
one logistic regression per frame on the prose training sentences and reads sentences of SemEval-2023 training
articles that no prose dev or test article shares. The student learns them with binary cross-entropy on soft
targets, each sentence read alone. The task has no dev or test split: it is a training signal, and checkpoint
selection, calibration and evaluation read only the labelled tasks.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from slant.tasks.base import Example, Splitter, Task


class DistilledFramesTask(Task):
    name = "frames_distill"
    report_task = "frames"
    output = "frames"
    head = "frames"
    kind = "multi"
    tests = ()  # nothing to score: `slant evaluate` leaves the task out
    headline = "micro_f1"
    units: dict[str, str] = {}
    default_weight = 0.6
    # in the default recipe; it needs the teacher's weights (`make install-mpnet`, which `make train` runs)

    def load(self, seed: int, fold: int = 0) -> Any:
        """Unlabelled sentences of the fold's SemEval training articles with the teacher's frame probabilities as
        ``frames`` (train), and an empty dev split."""
        import datasets

        from slant.data.registry import load_task
        from slant.training.teacher import distillation_rows

        prose = load_task("frames_prose", seed=seed, fold=fold)
        semeval = load_task("frames_semeval", seed=seed, fold=fold)["train"]
        texts, probs, report = distillation_rows(prose, semeval)
        print(
            f"slant train: {self.name}: {report['sentences']} unlabelled sentences from SemEval training articles "
            f"({report['articles_left_out']} articles with prose dev/test sentences left out), targets from "
            f"{report['teacher']} fitted on {report['fitted_on']}",
            flush=True,
        )
        source = sorted(set(semeval["source"]))[:1] or ["semeval2023_task3"]
        train = {"text": texts, "frames": probs.tolist(), "source": source * len(texts)}
        empty = {"text": [], "frames": [], "source": []}
        return datasets.DatasetDict(
            {"train": datasets.Dataset.from_dict(train), "dev": datasets.Dataset.from_dict(empty)}
        )

    def examples(self, split: Any, config: Any, splitter: Splitter) -> list[Example]:
        return [Example(text=r["text"], spans=[], frames=np.asarray(r["frames"], np.float32)) for r in split]

    def loss(self, trainer: Any, batch: list[Example], step: int) -> torch.Tensor:
        """Binary cross-entropy of the sentences' frame logits against the teacher's probabilities (no class
        weights: the targets carry the teacher's own balance)."""
        out, enc = trainer.forward([e.text for e in batch], trainer.augmented_spans(batch, step))
        rows = torch.tensor(enc.text_rows, device=out["frames"].device)
        soft = torch.from_numpy(np.stack([e.frames for e in batch])).to(rows.device)
        return F.binary_cross_entropy_with_logits(out["frames"][rows].float(), soft)
