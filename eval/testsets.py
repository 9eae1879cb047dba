"""Turn task DatasetDicts into arrays to score, and get the model's raw (uncalibrated) logits for them."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from slant.data.labels import BIAS_LABELS, FRAME_LABELS, GVFC_FRAMES, STANCE_LABELS
from slant.data.schema import mention_spans
from slant.eval.baselines import stance_text

# data task -> (report task, single|multi, test splits, headline metric per test split, calibration head)
TASK_SPECS: dict[str, dict[str, Any]] = {
    "stance": {
        "report_task": "stance",
        "kind": "single",
        "tests": ("newsmtsc_rw", "newsmtsc_mt"),
        "headline": "macro_f1",
        "head": "stance",
    },
    "bias": {
        "report_task": "bias",
        "kind": "single",
        "tests": ("babe",),
        "headline": "weighted_f1",
        "head": "bias",
    },
    "frames_gvfc": {
        "report_task": "frames",
        "kind": "multi",
        "tests": ("gvfc_framed", "gvfc"),
        "headline": "macro_f1",
        "head": "frames",
    },
    "frames_semeval": {
        "report_task": "frames",
        "kind": "multi",
        "tests": ("semeval2023_en",),
        "headline": "micro_f1",
        "head": "frames_article",
    },
}
# `--tasks` names -> data tasks
REPORT_TASKS: dict[str, tuple[str, ...]] = {
    "stance": ("stance",),
    "bias": ("bias",),
    "frames": ("frames_gvfc", "frames_semeval"),
    "leaning": (),
}


@dataclass
class Split:
    """One split of one task as arrays: model inputs, labels, bootstrap units, outlets, baseline inputs."""

    texts: list[str]
    y: np.ndarray  # (n,) class indices or (n, 14) multi-hot
    spans: list[tuple[int, int]] | None = None  # stance: one target span per row
    mentions: list[list[tuple[int, int]]] | None = None  # stance: the target's other mentions per row
    groups: list[str] | None = None  # bootstrap units when several rows share one (stance: the sentence)
    outlets: list[str] = field(default_factory=list)
    baseline_texts: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.texts)


@dataclass
class TaskData:
    """A task's train/dev/test splits plus how it is scored."""

    name: str
    labels: tuple[str, ...]
    splits: dict[str, Split]
    spec: dict[str, Any]

    @property
    def columns(self) -> list[int]:
        """Frame columns scored: the 9 GVFC frames for GVFC, all 14 otherwise (and for single-label tasks)."""
        if self.name == "frames_gvfc":
            return [FRAME_LABELS.index(f) for f in GVFC_FRAMES]
        return list(range(len(self.labels)))


def _split(task: str, ds: Any) -> Split:
    texts = list(ds["text"])
    outlets = list(ds["outlet"])
    if task == "stance":
        spans = [(int(s), int(e)) for s, e in zip(ds["target_start"], ds["target_end"])]
        return Split(
            texts,
            np.asarray(ds["label"], np.int64),
            spans=spans,
            mentions=[mention_spans(m) for m in ds["mentions"]],
            groups=texts,
            outlets=outlets,
            baseline_texts=[stance_text(t, s, e) for t, (s, e) in zip(texts, spans)],
        )
    if task == "bias":
        return Split(texts, np.asarray(ds["label"], np.int64), outlets=outlets, baseline_texts=texts)
    frames = np.asarray(list(ds["frames"]), np.int64).reshape(len(texts), len(FRAME_LABELS))
    return Split(texts, frames, outlets=outlets, baseline_texts=texts)


def task_data(task: str, dd: Any) -> TaskData:
    """Check a task's DatasetDict has the splits it needs and convert it.

    Raises:
        ValueError: a split is missing (names the task, the expected and the found splits).
    """
    spec = TASK_SPECS[task]
    need = ("train", "dev", *spec["tests"])
    missing = [s for s in need if s not in dd]
    if missing:
        raise ValueError(f"task {task}: missing split(s) {missing}; expected {list(need)}, found {list(dd)}")
    labels = {"stance": STANCE_LABELS, "bias": BIAS_LABELS}.get(task, FRAME_LABELS)
    return TaskData(task, labels, {s: _split(task, dd[s]) for s in need}, spec)


def article_sentences(text: str, cap: int, splitter: Callable[[str], list[str]] | None = None) -> list[str]:
    """An article's first ``cap`` sentences longer than 2 characters, as training builds SemEval bags."""
    if splitter is None:
        from slant.text.sentences import split_sentences

        def splitter(t: str) -> list[str]:
            return [s.text for s in split_sentences(t)]

    return [s for s in splitter(text) if len(s) > 2][:cap] or [text[:500]]


def model_logits(
    pred: Any, td: TaskData, split: str, *, article_cap: int, progress: bool = False
) -> np.ndarray:
    """Raw logits of the head that scores ``td`` on one split: (n, 3) stance, (n, 2) bias, (n, 14) frames."""
    sp = td.splits[split]
    if not len(sp):
        width = {"stance": 3, "bias": 2}.get(td.name, len(FRAME_LABELS))
        return np.zeros((0, width), np.float32)
    if td.name == "stance":
        return pred.stance_logits(sp.texts, sp.spans, mentions=sp.mentions, progress=progress)
    if td.name == "bias":
        return pred.logits(sp.texts, progress=progress)[0]
    if td.name == "frames_gvfc":
        return pred.logits(sp.texts, progress=progress)[1]
    bags = [article_sentences(t, article_cap) for t in sp.texts]
    return pred.article_frames_logits(bags, progress=progress)
