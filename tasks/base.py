"""The `Task` contract and the two data shapes every task speaks: training `Example`s and evaluation `Split`s.

A task is one labelled corpus read through one model head. Its module says, in one place:

* what it reads: ``name`` (the `slant.data.registry.load_task` name), ``labels(config)`` (read from the model's
  label maps), ``columns`` (which of those are scored);
* how it trains: ``examples`` (rows -> `Example`s), ``batch_size``, ``setup`` (class weights, output priors),
  ``loss``;
* how it is scored: ``dev_score`` (model selection), ``split`` (rows -> `Split` arrays), ``logits`` (the
  `Predictor` call that scores a split), ``kind`` and ``headline``, the test splits ``tests``;
* how it is calibrated: ``head`` (its key in calibration.json) and ``calibrate``;
* how it is cross-validated and benched: ``cv`` with ``cv_folds``/``fold_overrides``, ``bench_metrics``.

Example:
    >>> from slant.tasks.registry import get_task
    >>> get_task("bias").headline
    'weighted_f1'
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

Splitter = Callable[[str], list[str]]


@dataclass
class Example:
    """One training unit: a sentence (with targets), or an article bag of sentences."""

    text: str
    spans: list[tuple[int, int]]
    label: int = -1  # bias class
    stance: list[int] | None = None  # one class per span
    mentions: list[list[tuple[int, int]]] | None = None  # per span: the target's other mentions
    frames: np.ndarray | None = None  # (14,) multi-hot
    frame_mask: np.ndarray | None = None  # (14,) 1 where the label is known
    sentences: list[str] | None = None  # article bags only
    # stance: the sentence this one is a name-swapped copy of (`name_swapped`), for the consistency term
    swapped_from: Example | None = field(default=None, repr=False, compare=False)

    @property
    def length(self) -> int:
        return sum(len(s) for s in self.sentences) if self.sentences else len(self.text)


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
    # sentences read inside their article: per row, the sentences of its whole article (rows of one article share
    # the tuple); None when the rows are read alone
    contexts: list[tuple[str, ...]] | None = None

    def __len__(self) -> int:
        return len(self.texts)


@dataclass
class Fit:
    """What calibration fits, head by head: ``cal`` (calibration.json content) and ``report`` (how)."""

    frame_labels: list[str]  # the model's frame names, in column order
    min_positives: int  # dev positives a frame needs for a threshold of its own
    cal: dict[str, Any]
    report: dict[str, Any]

    def temperature(self, head: str, z: np.ndarray, y: np.ndarray, kind: str) -> float:
        """Fit and record head's temperature (``kind`` "softmax" or "sigmoid") with dev NLL before and after."""
        from slant.eval.calibration import fit_temperature, sigmoid_nll, softmax_nll

        nll = softmax_nll if kind == "softmax" else sigmoid_nll
        t = fit_temperature(z, y, kind)
        self.cal["temperature"][head] = t
        self.report["nll_before"][head] = nll(z, y, 1.0)
        self.report["nll_after"][head] = nll(z, y, t)
        return t


@dataclass(frozen=True)
class CVProtocol:
    """How `slant evaluate --protocol cv` cross-validates a task: per fold, a model trained on the other folds."""

    key: str  # metrics.json ``cv.<key>`` and the fold models' directory prefix
    test_set: str  # the split of each fold's DatasetDict that is scored
    description: str
    metrics: tuple[str, ...]  # summarised over folds (mean, std)


def outlets(ds: Any) -> list[str]:
    """The rows' outlet column (empty when the dataset has none)."""
    return list(ds["outlet"]) if "outlet" in ds.column_names else []


class Task:
    """Base class of a task; a subclass sets the class attributes and the methods its head needs.

    Attributes:
        name: data task name (`load_task`) and the name training configs use.
        report_task: section of metrics.json and the `slant evaluate --tasks` name it belongs to.
        output: the model output (and label map) it reads: "stance", "bias" or "frames".
        head: its calibration key (temperature and thresholds in calibration.json).
        kind: "single" (one class per row, softmax) or "multi" (independent labels, sigmoid).
        tests: held-out test splits, in report order.
        headline: the metric that summarises a test split.
        units: bootstrap unit per ``report_task[.split]`` key, as metrics.json states it.
        thresholds_key: calibration.json field with its decision thresholds (multi-label tasks).
        cv: its cross-validation protocol for `slant evaluate --protocol cv` (None: none).
        bench_metrics: test metrics `slant bench` compares between fp32 and quantised systems, on the test splits
            of ``bench_splits`` (check name -> split).
        default_weight: multiplier on its temperature-scaled sampling odds in training.
    """

    name: ClassVar[str]
    report_task: ClassVar[str]
    output: ClassVar[str]
    head: ClassVar[str]
    kind: ClassVar[str]
    tests: ClassVar[tuple[str, ...]]
    headline: ClassVar[str]
    units: ClassVar[dict[str, str]]
    thresholds_key: ClassVar[str | None] = None
    cv: ClassVar[CVProtocol | None] = None
    bench_metrics: ClassVar[tuple[str, ...]] = ()
    bench_splits: ClassVar[dict[str, str]] = {}  # bench check name -> test split
    default_weight: ClassVar[float] = 1.0  # multiplier on its temperature-scaled sampling odds in training

    # -- what it reads ----------------------------------------------------------------------------------------
    def labels(self, config: Any = None) -> tuple[str, ...]:
        """The label names of this task's head, read from the model's config (`SlantConfig.heads`); without a
        model, the data's taxonomy (`slant.data.labels`, which new models save as their label maps)."""
        if config is None:
            from slant.data.labels import BIAS_LABELS, FRAME_LABELS, STANCE_LABELS

            return {"stance": STANCE_LABELS, "bias": BIAS_LABELS, "frames": FRAME_LABELS}[self.output]
        return tuple(config.heads[self.output])

    def columns(self, labels: Sequence[str]) -> list[int]:
        """Label columns scored (all of them unless the corpus can express only some)."""
        return list(range(len(labels)))

    def load(self, seed: int, fold: int = 0) -> Any:
        """The task's DatasetDict (``fold`` matters only to tasks with folds)."""
        from slant.data.registry import load_task

        return load_task(self.name, seed=seed)

    # -- training ---------------------------------------------------------------------------------------------
    def examples(self, split: Any, config: Any, splitter: Splitter) -> list[Example]:
        raise NotImplementedError

    def train_examples(self, dd: Any, config: Any, splitter: Splitter) -> list[Example]:
        """The training examples of the task's DatasetDict ``dd`` (default: `examples` of its train split; a task
        whose training units need another part of ``dd``, such as whole articles, overrides this)."""
        return self.examples(dd["train"], config, splitter)

    def augment(self, examples: list[Example], config: Any) -> list[Example]:
        """Training examples plus any augmented copies the config asks for (none by default; dev never)."""
        return examples

    def batch_size(self, config: Any) -> int:
        """Examples per training step."""
        return config.batch_size

    def sampling_size(self, examples: list[Example]) -> int:
        """The size its sampling odds in training grow with (n in ``n^(1/T)``): its training examples."""
        return len(examples)

    def sentences_per_step(self, config: Any) -> int:
        """Sentences one training step encodes (for time estimates)."""
        return self.batch_size(config)

    def setup(self, model: Any, examples: list[Example], config: Any) -> Any:
        """Prepare training before the first step (e.g. the output prior); return the loss weights or None."""
        return None

    def loss(self, trainer: Any, batch: list[Example], step: int) -> Any:
        raise NotImplementedError

    # -- scoring ----------------------------------------------------------------------------------------------
    def dev_score(self, predictor: Any, examples: list[Example]) -> tuple[float, int]:
        """(headline dev score, items scored) for checkpoint selection."""
        raise NotImplementedError

    def splits(self, dd: Any, names: Sequence[str]) -> dict[str, Split]:
        """The named splits of the task's DatasetDict ``dd`` as arrays (a task whose rows need another part of
        ``dd``, such as the articles its sentences come from, overrides this)."""
        return {s: self.split(dd[s]) for s in names}

    def split(self, ds: Any) -> Split:
        """A split of the task's DatasetDict as arrays."""
        texts = list(ds["text"])
        return Split(texts, np.asarray(ds["label"], np.int64), outlets=outlets(ds), baseline_texts=texts)

    def logits(self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False) -> np.ndarray:
        """Raw (uncalibrated) logits of this task's head for every row of ``split``."""
        raise NotImplementedError

    def calibration_logits(
        self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False
    ) -> np.ndarray:
        """The dev logits `calibrate` reads (default: `logits`; a task that calibrates two readings of its rows
        returns both)."""
        return self.logits(predictor, split, article_cap=article_cap, progress=progress)

    def extra_baselines(self, labels: tuple[str, ...]) -> dict[str, Any]:
        """Reference systems of this task's own beside majority and TF-IDF + LR (name -> fitted baseline)."""
        return {}

    def extra_reports(self, predictor: Any) -> dict[str, Any]:
        """Sections of metrics.json this task adds beside its test splits (name -> JSON-able), e.g. a suite."""
        return {}

    # -- cross-validation -------------------------------------------------------------------------------------
    def cv_folds(self, cv: Any, seed: int) -> list[Any]:
        """One DatasetDict per fold (train, dev, and the protocol's test set)."""
        raise NotImplementedError(f"task {self.name} has no cross-validation protocol")

    def fold_overrides(self, k: int) -> dict[str, Any]:
        """Training options a fold model of fold ``k`` needs besides its data."""
        return {}

    # -- calibration ------------------------------------------------------------------------------------------
    def calibrate(self, z: np.ndarray, y: np.ndarray, fit: Fit) -> None:
        """Fit this head's temperature (and thresholds) on dev logits ``z`` and labels ``y`` into ``fit``."""
        fit.temperature(self.head, z, y, "softmax")
        fit.report["fitted_on"][self.head] = f"{self.head} dev ({len(y)} rows)"
