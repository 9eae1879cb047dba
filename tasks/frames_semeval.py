"""Frames of a whole article (SemEval-2023 Task 3, English): the 14 frames, micro-F1 over articles.

Only article labels exist, so an article is a bag of its first sentences whose frame logits the model pools
(`SlantModel.pool_article_frames`); `article_bag` is the one bag rule training, evaluation and the leaning probe
share.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from slant.data.labels import FRAME_LABELS
from slant.tasks.base import CVProtocol, Example, Fit, Split, Splitter, Task, outlets


def split_text(text: str) -> list[str]:
    """The sentence texts of ``text`` by Slant's splitter."""
    from slant.text.sentences import split_sentences

    return [s.text for s in split_sentences(text)]


def article_bag(text: str, cap: int, splitter: Splitter | None = None) -> list[str]:
    """An article's first ``cap`` sentences longer than 2 characters (its first 500 characters when none)."""
    return [s for s in (splitter or split_text)(text) if len(s) > 2][:cap] or [text[:500]]


class SemevalFramesTask(Task):
    name = "frames_semeval"
    report_task = "frames"
    output = "frames"
    head = "frames_article"
    kind = "multi"
    tests = ("semeval2023_en",)
    default_weight = 1.8  # see DEFAULT_TASK_WEIGHTS in slant.training.config
    headline = "micro_f1"
    units = {"frames.semeval2023_en": "article"}
    thresholds_key = "article_frame_thresholds"
    cv = CVProtocol(
        key="semeval_5fold",
        test_set="semeval2023_en",
        description="SemEval-2023 English training articles, 5 folds grouped by article",
        metrics=("micro_f1", "macro_f1"),
    )

    def load(self, seed: int, fold: int = 0) -> Any:
        from slant.data.registry import load_task

        return load_task(self.name, seed=seed, fold=fold)

    def examples(self, split: Any, config: Any, splitter: Splitter) -> list[Example]:
        return [
            Example(
                text="",
                spans=[],
                frames=np.asarray(r["frames"], np.float32),
                sentences=article_bag(r["text"], config.article_sentences, splitter),
            )
            for r in split
        ]

    def batch_size(self, config: Any) -> int:
        return config.articles_per_step

    def sentences_per_step(self, config: Any) -> int:
        return config.articles_per_step * config.article_sentences

    def cv_folds(self, cv: Any, seed: int) -> list[Any]:
        return [self.load(seed, k) for k in range(5)]

    def fold_overrides(self, k: int) -> dict[str, Any]:
        return {"semeval_fold": k}

    def loss(self, trainer: Any, batch: list[Example], step: int) -> torch.Tensor:
        flat = [s for e in batch for s in e.sentences]
        out, _ = trainer.forward(flat, None)
        logits, k, losses = out["frames"], 0, []
        for e in batch:
            pooled = trainer.model.pool_article_frames(logits[k : k + len(e.sentences)])
            k += len(e.sentences)
            losses.append(
                F.binary_cross_entropy_with_logits(
                    pooled.float(), torch.from_numpy(e.frames).to(pooled.device)
                )
            )
        return torch.stack(losses).mean()

    def dev_score(self, predictor: Any, examples: list[Example]) -> tuple[float, int]:
        """Article micro-F1 at pooled logit 0 of the frames head (what training shapes; a linear article head is
        fitted only after training)."""
        from slant.eval.metrics import multilabel_f1

        pooled = predictor.article_frames_logits([e.sentences for e in examples], frames_head=True)
        gold = np.stack([e.frames for e in examples])
        return multilabel_f1(gold, pooled > 0, "micro"), len(examples)

    def split(self, ds: Any) -> Split:
        texts = list(ds["text"])
        frames = np.asarray(list(ds["frames"]), np.int64).reshape(len(texts), len(FRAME_LABELS))
        return Split(texts, frames, outlets=outlets(ds), baseline_texts=texts)

    def logits(self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False) -> np.ndarray:
        bags = [article_bag(t, article_cap) for t in split.texts]
        return predictor.article_frames_logits(bags, progress=progress)

    def calibrate(self, z: np.ndarray, y: np.ndarray, fit: Fit) -> None:
        """Temperature, then one global threshold over all frames (dev holds too few articles per frame)."""
        from slant.eval.calibration import best_global_threshold, sigmoid

        t = fit.temperature(self.head, z, y, "sigmoid")
        th = best_global_threshold(sigmoid(z, t), y)
        fit.cal[self.thresholds_key] = [th] * len(fit.frame_labels)
        fit.report["fitted_on"][self.head] = f"SemEval dev ({len(y)} articles); one global threshold {th}"
