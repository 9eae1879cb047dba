"""Frames of a sentence, learnt from Gun Violence Frame Corpus headlines: 9 of the 14 frames, macro-F1.

GVFC can express only the frames its codes map onto (`slant.data.labels.GVFC_FRAMES`); the loss masks the other
five out and scoring reads only the nine columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from slant.data.labels import FRAME_LABELS, GVFC_FRAMES
from slant.tasks.base import Example, Fit, Split, Task, outlets

# Frames GVFC can express; its headlines say nothing about the other five, so their loss is masked out.
GVFC_MASK = np.array([f in GVFC_FRAMES for f in FRAME_LABELS], dtype=np.float32)


class GvfcFramesTask(Task):
    name = "frames_gvfc"
    report_task = "frames"
    output = "frames"
    head = "frames"
    kind = "multi"
    tests = ("gvfc_framed", "gvfc")
    default_weight = 1.3  # see DEFAULT_TASK_WEIGHTS in slant.training.config
    headline = "macro_f1"
    units = {"frames.gvfc_framed": "headline", "frames.gvfc": "headline"}
    thresholds_key = "frame_thresholds"

    def columns(self, labels: Sequence[str]) -> list[int]:
        """The 9 GVFC frames, in the model's frame order."""
        return [list(labels).index(f) for f in GVFC_FRAMES]

    def examples(self, split: Any, config: Any, splitter: Any) -> list[Example]:
        return [
            Example(
                text=r["text"], spans=[], frames=np.asarray(r["frames"], np.float32), frame_mask=GVFC_MASK
            )
            for r in split
        ]

    def setup(self, model: Any, examples: list[Example], config: Any) -> torch.Tensor | None:
        """Start the frame outputs at the headlines' prior; return the positive weights (class weighting on)."""
        from slant.training.data import frame_pos_weights, frame_prior_logits

        frames = np.stack([e.frames for e in examples])
        pos_w = np.ones(frames.shape[1], np.float32)
        if config.class_weighting:
            pos_w = frame_pos_weights(frames)
        prior = frame_prior_logits(frames, np.stack([e.frame_mask for e in examples]), pos_w)
        model.set_output_bias(self.output, torch.from_numpy(prior))
        return torch.tensor(pos_w) if config.class_weighting else None

    def loss(self, trainer: Any, batch: list[Example], step: int) -> torch.Tensor:
        return self.frame_bce(trainer, *self.frame_batch(trainer, batch, step))

    def frame_batch(
        self, trainer: Any, batch: list[Example], step: int
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """The batch's frame logits (float), gold frames and loss mask, one row per sentence."""
        out, enc = trainer.forward([e.text for e in batch], trainer.augmented_spans(batch, step))
        rows = torch.tensor(enc.text_rows, device=out["bias"].device)
        gold = torch.from_numpy(np.stack([e.frames for e in batch])).to(rows.device)
        mask = torch.from_numpy(np.stack([e.frame_mask for e in batch])).to(rows.device)
        return out["frames"][rows].float(), gold, mask

    def frame_bce(
        self, trainer: Any, z: torch.Tensor, gold: torch.Tensor, mask: torch.Tensor
    ) -> torch.Tensor:
        """Binary cross-entropy per frame (positive weights when class weighting is on), over unmasked frames."""
        w = trainer.weights.get(self.name)
        loss = F.binary_cross_entropy_with_logits(
            z, gold, reduction="none", pos_weight=None if w is None else w.to(z.device)
        )
        return (loss * mask).sum() / mask.sum().clamp(min=1)

    def dev_score(self, predictor: Any, examples: list[Example]) -> tuple[float, int]:
        """Macro-F1 over the GVFC frames at logit 0, scored like the published protocol: only framed headlines."""
        from slant.eval.metrics import multilabel_f1

        cols = self.columns(self.labels(predictor.config))
        examples = [e for e in examples if e.frames[cols].any()] or examples
        f = predictor.logits([e.text for e in examples])[1]
        gold = np.stack([e.frames for e in examples])[:, cols]
        return multilabel_f1(gold, f[:, cols] > 0, "macro"), len(examples)

    def split(self, ds: Any) -> Split:
        texts = list(ds["text"])
        frames = np.asarray(list(ds["frames"]), np.int64).reshape(len(texts), len(FRAME_LABELS))
        return Split(texts, frames, outlets=outlets(ds), baseline_texts=texts)

    def logits(self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False) -> np.ndarray:
        return predictor.logits(split.texts, progress=progress)[1]

    def calibrate(self, z: np.ndarray, y: np.ndarray, fit: Fit) -> None:
        """Temperature on the GVFC frames; per-frame thresholds where dev has enough positives (0.5 elsewhere)."""
        from slant.eval.calibration import best_label_thresholds, sigmoid

        # label order here (scoring keeps GVFC's order): the NLL sums run as they always have, to the last bit
        cols = sorted(self.columns(fit.frame_labels))
        z, y = np.asarray(z)[:, cols], np.asarray(y)[:, cols]
        t = fit.temperature(self.head, z, y, "sigmoid")
        chosen, how = best_label_thresholds(sigmoid(z, t), y, min_positives=fit.min_positives)
        thresholds = [0.5] * len(fit.frame_labels)
        for c, th in zip(cols, chosen):
            thresholds[c] = th
        fit.cal[self.thresholds_key] = thresholds
        fit.report["frame_threshold_rule"] = {fit.frame_labels[c]: h for c, h in zip(cols, how)}
        fit.report["fitted_on"][self.head] = (
            f"GVFC dev ({len(y)} headlines, {len(cols)} GVFC frames); other frames 0.5"
        )
