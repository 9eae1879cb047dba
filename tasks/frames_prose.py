"""Frames of a sentence of ordinary news prose, from Slant's own annotation: all 14 frames, micro-F1.

The sentences come from SemEval-2023 and Article-Bias-Prediction articles, labelled by reading against
docs/FRAMES_CODEBOOK.md (data card: `slant.data.prose`). Unlike GVFC headlines every frame can be expressed, so
no column is masked. Registered after GVFC, its calibration fits the sentence-frame temperature and thresholds on
prose dev sentences, the text predict sees, instead of on headlines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from slant.data.labels import FRAME_LABELS
from slant.tasks.base import Example, Fit
from slant.tasks.frames_gvfc import GvfcFramesTask

ALL_FRAMES = np.ones(len(FRAME_LABELS), dtype=np.float32)


class ProseFramesTask(GvfcFramesTask):
    """GVFC's sentence loss, split and logits over all 14 frames (no column is masked)."""

    name = "frames_prose"
    report_task = "frames"
    output = "frames"
    head = "frames"
    kind = "multi"
    tests = ("frames_prose",)
    headline = "micro_f1"
    units = {"frames.frames_prose": "sentence"}
    thresholds_key = "frame_thresholds"
    default_weight = 1.3  # drawn as often as GVFC: the two sentence-frame corpora share the head

    def columns(self, labels: Sequence[str]) -> list[int]:
        return list(range(len(labels)))

    def load(self, seed: int, fold: int = 0) -> Any:
        from slant.data.registry import load_task

        return load_task(self.name, seed=seed, fold=fold)

    def examples(self, split: Any, config: Any, splitter: Any) -> list[Example]:
        return [
            Example(
                text=r["text"], spans=[], frames=np.asarray(r["frames"], np.float32), frame_mask=ALL_FRAMES
            )
            for r in split
        ]

    def setup(self, model: Any, examples: list[Example], config: Any) -> torch.Tensor | None:
        """Positive weights sqrt(neg/pos) per frame (class weighting on); the output prior stays GVFC's."""
        from slant.training.data import frame_pos_weights

        if not config.class_weighting:
            return None
        return torch.tensor(frame_pos_weights(np.stack([e.frames for e in examples])))

    def dev_score(self, predictor: Any, examples: list[Example]) -> tuple[float, int]:
        """Micro-F1 over the 14 frames at logit 0 on the prose dev sentences."""
        from slant.eval.metrics import multilabel_f1

        f = predictor.logits([e.text for e in examples])[1]
        return multilabel_f1(np.stack([e.frames for e in examples]), f > 0, "micro"), len(examples)

    def extra_baselines(self, labels: tuple[str, ...]) -> dict[str, Any]:
        """Always answering Political, the most frequent frame of news prose (the issue's reference line)."""
        from slant.eval.baselines import constant

        return {
            "always_political": constant("always_political", np.eye(len(labels))[labels.index("Political")])
        }

    def calibrate(self, z: np.ndarray, y: np.ndarray, fit: Fit) -> None:
        """Sentence-frame temperature and one threshold for all 14 frames, both fitted on prose dev.

        Prose dev holds a few hundred sentences from about 20 articles, so a frame has 5-40 dev positives; on
        article-grouped half splits of dev (fit on one half, score the other; docs/RESULTS.md) per-frame
        thresholds scored 2.5 points of micro-F1 below one shared threshold, at the same macro-F1.
        """
        from slant.eval.calibration import best_global_threshold, sigmoid

        t = fit.temperature(self.head, z, y, "sigmoid")
        shared = best_global_threshold(sigmoid(z, t), y)
        fit.cal[self.thresholds_key] = [float(shared)] * z.shape[1]
        fit.report["frame_threshold_rule"] = dict.fromkeys(fit.frame_labels, "global")
        fit.report["fitted_on"][self.head] = f"prose dev ({len(y)} sentences, all 14 frames)"
