"""Task examples and deterministic, resumable batch streams for multi-task training."""

from __future__ import annotations

import re

import numpy as np

from slant.tasks.base import Example, Splitter
from slant.tasks.registry import get_task
from slant.training.config import TrainConfig

_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


def name_spans(text: str, limit: int = 2) -> list[tuple[int, int]]:
    """Capitalised name-like spans (not sentence-initial) for marker augmentation."""
    return [m.span() for m in _NAME.finditer(text)][:limit]


def subsample(rows: list, cap: int, seed: int) -> list:
    if not cap or len(rows) <= cap:
        return rows
    keep = np.sort(np.random.default_rng(seed).choice(len(rows), cap, replace=False))
    return [rows[i] for i in keep]


class BatchStream:
    """Length-grouped batches of one task whose order is a pure function of (seed, epoch).

    `batch(k)` returns the k-th batch ever drawn from this task, so resuming needs only the counter k.
    """

    def __init__(self, examples: list[Example], batch_size: int, seed: int, task_index: int) -> None:
        if not examples:
            raise ValueError(f"task {task_index} has no training examples; expected at least one")
        self.examples, self.batch_size, self.seed, self.task_index = examples, batch_size, seed, task_index
        self.n_batches = max(1, -(-len(examples) // batch_size))
        self._epoch, self._order = -1, []

    def _plan(self, epoch: int) -> list[list[int]]:
        rng = np.random.default_rng([self.seed, self.task_index, epoch])
        idx = rng.permutation(len(self.examples))
        chunk = self.batch_size * 50  # sort by length inside chunks: little padding, still random
        batches = []
        for k in range(0, len(idx), chunk):
            part = sorted(idx[k : k + chunk], key=lambda i: self.examples[i].length)
            batches += [part[j : j + self.batch_size] for j in range(0, len(part), self.batch_size)]
        return [batches[i] for i in rng.permutation(len(batches))]

    def batch(self, k: int) -> list[Example]:
        epoch, pos = divmod(k, self.n_batches)
        if epoch != self._epoch:
            self._epoch, self._order = epoch, self._plan(epoch)
        return [self.examples[i] for i in self._order[pos % len(self._order)]]


def task_probabilities(
    sizes: dict[str, int], temperature: float, weights: dict[str, float] | None = None
) -> dict[str, float]:
    """p(task) proportional to w_task * n^(1/T): T=1 proportional to size, larger T flattens towards uniform;
    w (default 1) shifts steps between tasks that learn at different speeds."""
    weights = weights or {}
    w = {t: weights.get(t, 1.0) * n ** (1.0 / temperature) for t, n in sizes.items()}
    total = sum(w.values())
    return {t: v / total for t, v in w.items()}


def choose_task(step: int, tasks: list[str], probs: list[float], seed: int) -> str:
    return tasks[np.random.default_rng([seed, 7919, step]).choice(len(tasks), p=probs)]


def augment_markers(ex: Example, step: int, seed: int, rate: float) -> list[tuple[int, int]]:
    """Sometimes mark names in bias/frames sentences so those heads also see marked input, as at prediction."""
    if rate <= 0 or np.random.default_rng([seed, 104729, step, len(ex.text)]).random() >= rate:
        return []
    return name_spans(ex.text)


def class_weights(labels: list[int], n_classes: int) -> np.ndarray:
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=n_classes).astype(np.float64)
    w = counts.sum() / (n_classes * np.maximum(counts, 1))
    return (w / w.mean()).astype(np.float32)


def frame_pos_weights(frames: np.ndarray, cap: float = 8.0) -> np.ndarray:
    """Per-frame positive weights sqrt(negatives / positives), clipped to [1, cap]; 1 for frames never seen.

    GVFC headlines are 56% unframed and a frame like Legality has ~3% positives, so plain BCE learns to predict
    nothing for rare frames; the square root keeps the correction moderate.
    """
    pos = frames.sum(0)
    neg = len(frames) - pos
    w = np.where(pos > 0, np.sqrt(neg / np.maximum(pos, 1)), 1.0)
    return np.clip(w, 1.0, cap).astype(np.float32)


def frame_prior_logits(frames: np.ndarray, mask: np.ndarray, pos_weights: np.ndarray) -> np.ndarray:
    """Starting bias of each frame output: the constant logit that minimises its weighted BCE, log(w * pos / neg).

    A frames head that starts at p = 0.5 spends its first few hundred steps learning that frames are rare; starting
    at the prior skips that. Frames the sentence data never labels get the mean of the labelled ones.
    """
    seen = mask.sum(0)
    pos = (frames * mask).sum(0)
    neg = seen - pos
    ok = (pos > 0) & (neg > 0)
    logits = np.zeros(frames.shape[1], dtype=np.float64)
    logits[ok] = np.log(pos_weights[ok] * pos[ok] / neg[ok])
    if ok.any():
        logits[~ok] = logits[ok].mean()
    return logits.astype(np.float32)


def build_examples(config: TrainConfig, datasets: dict, splitter: Splitter) -> tuple[dict, dict]:
    """(train examples per task, dev examples per task) from the tasks' DatasetDicts."""
    train, dev = {}, {}
    for i, name in enumerate(config.tasks):
        task, dd = get_task(name), datasets[name]
        train[name] = subsample(
            task.train_examples(dd, config, splitter), config.max_train_examples, config.seed + i
        )
        train[name] = task.augment(train[name], config)
        dev[name] = subsample(
            task.examples(dd["dev"], config, splitter), config.max_dev_examples, config.seed + 100 + i
        )
    return train, dev
