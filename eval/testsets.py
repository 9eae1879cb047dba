"""Turn task DatasetDicts into arrays to score, and get the model's raw (uncalibrated) logits for them.

How a task's rows become arrays and which `Predictor` call scores them is the task's own business
(`slant.tasks`); this module checks the splits are there and that the model's labels are the data's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from slant.tasks.base import Split, Task
from slant.tasks.registry import REPORT_TASKS, get_task

__all__ = ["REPORT_TASKS", "Split", "TaskData", "model_logits", "task_data"]


@dataclass
class TaskData:
    """A task's train/dev/test splits, its labels (the model's) and the task that scores it."""

    task: Task
    labels: tuple[str, ...]
    splits: dict[str, Split]

    @property
    def name(self) -> str:
        return self.task.name

    @property
    def columns(self) -> list[int]:
        """Label columns scored (the 9 GVFC frames for GVFC; every label otherwise)."""
        return self.task.columns(self.labels)


def task_data(name: str, dd: Any, labels: tuple[str, ...] | None = None) -> TaskData:
    """Check a task's DatasetDict has the splits it needs and convert it.

    Args:
        name: registered task name.
        dd: its DatasetDict.
        labels: the model's labels for this task (`Task.labels(model.config)`); default the data's.

    Raises:
        ValueError: a split is missing (names the task, the expected and the found splits), or the model's labels
            differ from the data's.
    """
    task = get_task(name)
    need = ("train", "dev", *task.tests)
    missing = [s for s in need if s not in dd]
    if missing:
        raise ValueError(f"task {name}: missing split(s) {missing}; expected {list(need)}, found {list(dd)}")
    data_labels = task.labels()
    if labels is not None and tuple(labels) != data_labels:
        raise ValueError(
            f"task {name}: the model's labels {list(labels)} differ from the data's {list(data_labels)}; "
            "expected a model trained on this label set"
        )
    return TaskData(task, data_labels, task.splits(dd, need))


def model_logits(
    pred: Any,
    td: TaskData,
    split: str,
    *,
    article_cap: int,
    progress: bool = False,
    calibration: bool = False,
) -> np.ndarray:
    """Raw logits of the head that scores ``td`` on one split: (n, labels); with ``calibration``, what the task's
    `calibrate` reads (`Task.calibration_logits`)."""
    sp = td.splits[split]
    if not len(sp):
        return np.zeros((0, len(td.labels)), np.float32)
    score = td.task.calibration_logits if calibration else td.task.logits
    return score(pred, sp, article_cap=article_cap, progress=progress)
