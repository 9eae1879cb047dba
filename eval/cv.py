"""`--protocol cv`: retrain and score per fold, as the papers do (slow; opt-in).

* ``bias``: BABE SG2, 5-fold stratified CV with shuffle seed 42 (Spinde et al. 2021); SG1/MBIC rows join each
  fold's training part (minus that fold's test sentences). Dev (for early stopping and calibration) is a seeded
  stratified 10% of the fold's SG2 training part.
* ``frames``: SemEval-2023 English articles, 5 folds grouped by article (``load_task("frames_semeval", fold=k)``).

Each fold trains a model with a training preset (the protocol's task alone, or with the other tasks named in the
``tasks`` training override, each on its own usual data), fits calibration on the fold's dev split, and scores
the fold's test part with the same code as the held-out protocol, beside majority and TF-IDF + LR fitted on the
same fold. metrics.json gets ``cv.<protocol>`` with per-fold scores and mean ± std.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant.eval.calibration import fit_calibration
from slant.eval.harness import EvalConfig, baseline_systems, score_test_split
from slant.eval.testsets import model_logits, task_data
from slant.tasks.base import Task
from slant.tasks.registry import REGISTRY

# Rough optimizer-step cost of the MiniLM model (batch 32, 2 CPU cores), from `make cv` on 2026-12-04: five frames
# folds of 480 steps took 49.5 min, and this gives 52.5 (2.0 gave 98). A GPU is taken as ~10x faster.
CPU_SECONDS_PER_STEP = 1.0
EVAL_MINUTES_PER_FOLD = 1.5
# `--cv-tasks` name (the report task) -> the task that carries a cross-validation protocol
PROTOCOLS: dict[str, Task] = {t.report_task: t for t in REGISTRY.values() if t.cv is not None}


@dataclass(frozen=True)
class CVConfig:
    """Which CV protocols to run and how each fold trains."""

    tasks: tuple[str, ...] = field(default=("bias", "frames"), metadata={"help": "bias and/or frames"})
    preset: str = field(default="quick", metadata={"help": "training preset per fold"})
    folds: tuple[int, ...] = field(default=(), metadata={"help": "fold numbers to run (empty = all 5)"})
    n_splits: int = field(default=5, metadata={"help": "folds (BABE; SemEval has 5 fixed folds)"})
    babe_seed: int = field(
        default=42, metadata={"help": "shuffle seed of BABE's stratified K-fold (paper: 42)"}
    )
    work_dir: str = field(
        default="artifacts/eval/cv_models", metadata={"help": "where fold models are trained"}
    )
    train_overrides: dict[str, Any] = field(
        default_factory=dict, metadata={"help": "extra TrainConfig fields"}
    )

    def __post_init__(self) -> None:
        from slant.training.config import PRESETS, build_config

        object.__setattr__(self, "tasks", tuple(self.tasks))
        object.__setattr__(self, "folds", tuple(self.folds))
        if not self.tasks or any(t not in PROTOCOLS for t in self.tasks):
            raise ValueError(
                f"tasks={self.tasks!r} is invalid; expected a non-empty subset of {tuple(PROTOCOLS)}"
            )
        if self.preset not in PRESETS:
            raise ValueError(f"preset={self.preset!r} is invalid; expected one of {tuple(PRESETS)}")
        build_config({"preset": self.preset, **self.train_overrides})  # unknown or bad options fail here
        if not 2 <= self.n_splits <= 20:
            raise ValueError(f"n_splits={self.n_splits} is invalid; expected 2..20")
        if any(not 0 <= f < self.n_splits for f in self.folds):
            raise ValueError(
                f"folds={self.folds!r} is invalid; expected fold numbers in 0..{self.n_splits - 1}"
            )


def estimate_minutes(cv: CVConfig, on_gpu: bool = False) -> dict[str, float]:
    """Rough minutes per protocol: folds x (training steps x step cost, capped by the preset's time budget)."""
    from slant.training.config import build_config

    tc = build_config({"preset": cv.preset, **cv.train_overrides})
    per_step = CPU_SECONDS_PER_STEP / (10 if on_gpu else 1)
    n_folds = len(cv.folds) or cv.n_splits
    out = {}
    for t in cv.tasks:
        tasks = fold_tasks(PROTOCOLS[t].name, cv.train_overrides)
        # extra tasks drawn about as often as the fold's own; a SemEval step encodes articles_per_step bags of
        # up to article_sentences sentences, not one batch
        per_batch = np.mean([REGISTRY[x].sentences_per_step(tc) for x in tasks]) / tc.batch_size
        train_min = tc.max_steps * per_step * per_batch / 60
        if tc.max_minutes:
            train_min = min(train_min, tc.max_minutes)
        out[t] = round(n_folds * (train_min + EVAL_MINUTES_PER_FOLD), 1)
    return out


def fold_tasks(task: str, train_overrides: dict[str, Any]) -> list[str]:
    """Tasks a fold model trains: the protocol's own task first, plus any named in ``tasks`` of the overrides.

    The other tasks use their usual training data, read under the fold's SemEval fold (`_other_task`): corpora of
    their own are the same for every fold, and the prose sentences, which come partly from SemEval articles, leave
    out the fold's test articles. A multi-task fold model measures the shipped multi-task recipe more closely than a
    single-task one.
    """
    return list(dict.fromkeys([task, *train_overrides.get("tasks", ())]))


def _other_task(task: str, seed: int, semeval_fold: int) -> Any:
    """A fold model's extra task data, read as training reads it (`slant.training.loop.load_datasets`): a task whose
    rows depend on the SemEval fold (the prose sentences) is split under the fold model's own ``semeval_fold``, so
    that fold's test articles stay out of its training sentences."""
    return REGISTRY[task].load(seed, semeval_fold)


def score_fold(
    pred: Any, task: str, test_set: str, dd: Any, cfg: EvalConfig, seed: int, cap: int
) -> dict[str, Any]:
    """Calibrate on the fold's dev split and score model and baselines on its test split."""
    td = task_data(task, dd, REGISTRY[task].labels(pred.config))
    raw = {s: model_logits(pred, td, s, article_cap=cap) for s in ("dev", test_set)}
    head = td.task.head
    fitted, _ = fit_calibration({task: (raw["dev"], td.splits["dev"].y)}, pred.config.frame_labels)
    key = td.task.thresholds_key
    thresholds = np.asarray((fitted.get(key) if key else None) or [0.5] * len(td.labels))
    bases = baseline_systems(td, seed, cfg.c_grid)
    entries, _ = score_test_split(
        td, test_set, raw[test_set], fitted["temperature"], thresholds, bases, cfg, seed
    )
    entries["temperature"] = fitted["temperature"][head]
    return entries


def summarise(folds: list[dict[str, Any]], metrics: tuple[str, ...]) -> dict[str, dict[str, Any]]:
    """``system.metric`` -> mean, std (ddof=1) and per-fold values."""
    out = {}
    for system in ("model", "tfidf_lr", "majority"):
        for m in metrics:
            vals = [f[system][m] for f in folds if m in f.get(system, {})]
            if vals:
                std = float(np.std(vals, ddof=1)) if len(vals) > 1 else 0.0
                out[f"{system}.{m}"] = {"mean": float(np.mean(vals)), "std": std, "per_fold": vals}
    return out


def run_cv(
    cfg: EvalConfig,
    cv: CVConfig,
    *,
    fold_data: dict[str, list[Any]] | None = None,
    train_fn: Callable[..., Path] | None = None,
) -> dict[str, Any]:
    """Run the chosen CV protocols, merge ``cv`` into ``out_dir/metrics.json`` and re-render report.md.

    Args:
        cfg: evaluation options (``model_dir`` gives the training seed and article cap; ``out_dir`` the output).
        cv: CV options.
        fold_data: protocol task (``bias``/``frames``) -> one DatasetDict per fold, instead of reading the corpora.
        train_fn: training function (default ``slant.training.loop.train``), for tests.
    """
    import torch

    from slant.model.io import read_json
    from slant.model.predictor import Predictor
    from slant.training.config import build_config

    if train_fn is None:
        from slant.training.loop import train as train_fn
    tc = read_json(Path(cfg.model_dir) / "training_config.json", {}) or {}
    seed = cfg.seed if cfg.seed is not None else int(tc.get("seed", 13))
    est = estimate_minutes(cv, on_gpu=torch.cuda.is_available())
    print(
        "slant evaluate: cross-validation retrains one model per fold: "
        + ", ".join(f"{t} ~{m:.0f} min" for t, m in est.items())
        + f" (preset {cv.preset}; rough estimate, total ~{sum(est.values()):.0f} min)",
        flush=True,
    )
    results: dict[str, Any] = {}
    for name in cv.tasks:
        proto_task = PROTOCOLS[name]
        task, key, test_set = proto_task.name, proto_task.cv.key, proto_task.cv.test_set
        if fold_data and name in fold_data:
            folds = fold_data[name]
        else:
            folds = proto_task.cv_folds(cv, seed)
        chosen = cv.folds or tuple(range(len(folds)))
        tasks = fold_tasks(task, cv.train_overrides)
        loaded: dict[tuple[str, int], Any] = {}  # (task, SemEval fold) -> data, each read once
        per_fold = []
        for k in chosen:
            t0 = time.perf_counter()
            out = Path(cv.work_dir) / f"{key}_fold{k}"
            overrides = {
                "preset": cv.preset,
                "output_dir": str(out),
                "seed": seed,
                **cv.train_overrides,
                "tasks": tasks,
            }
            overrides.update(proto_task.fold_overrides(k))
            tc = build_config(overrides)
            for t in tasks[1:]:
                if (t, tc.semeval_fold) not in loaded:
                    loaded[t, tc.semeval_fold] = _other_task(t, seed, tc.semeval_fold)
            others = {t: loaded[t, tc.semeval_fold] for t in tasks[1:]}
            train_fn(tc, datasets={task: folds[k], **others})
            pred = Predictor.from_pretrained(out, batch_size=cfg.batch_size)
            cap = int((read_json(out / "training_config.json", {}) or {}).get("article_sentences", 24))
            entry = score_fold(pred, task, test_set, folds[k], cfg, seed, cap)
            entry.update(fold=k, n_train=len(folds[k]["train"]), seconds=round(time.perf_counter() - t0, 1))
            per_fold.append(entry)
            print(
                f"slant evaluate: {key} fold {k}: {entry['headline']} model {entry['model'][entry['headline']]:.3f}, "
                f"tfidf_lr {entry['tfidf_lr'][entry['headline']]:.3f}",
                flush=True,
            )
        metric_names = proto_task.cv.metrics
        results[key] = {
            "protocol": proto_task.cv.description,
            "preset": cv.preset,
            "train_overrides": dict(cv.train_overrides),
            "headline": per_fold[0]["headline"] if per_fold else "",
            "folds": per_fold,
            "summary": summarise(per_fold, metric_names),
            "estimated_minutes": est[name],
        }
    return _merge(cfg, results)


def _add_cv(metrics: dict[str, Any], results: dict[str, Any]) -> dict[str, Any]:
    """Put ``results`` under ``metrics["cv"]``, keeping protocols run earlier (in place; returns ``metrics``)."""
    metrics["cv"] = {**(metrics.get("cv") or {}), **results}
    return metrics


def _merge(cfg: EvalConfig, results: dict[str, Any]) -> dict[str, Any]:
    from slant.eval.report import render_report
    from slant.model.io import read_json, write_json

    out = Path(cfg.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    metrics = read_json(out / "metrics.json", None) or {
        "schema": "slant.eval/1",
        "protocol": "cv",
        "tasks": {},
        "model": {"dir": cfg.model_dir},
    }
    _add_cv(metrics, results)
    write_json(out / "metrics.json", metrics)
    (out / "report.md").write_text(render_report(metrics, metrics.get("plots") or {}), encoding="utf-8")
    model_dir = Path(cfg.model_dir)
    if cfg.update_model_dir and model_dir.is_dir():
        # merge into the model's own metrics (its held-out numbers stay, whatever out_dir held)
        own = read_json(model_dir / "metrics.json", None) or metrics
        write_json(model_dir / "metrics.json", _add_cv(own, results))
        from slant.model.card import write_model_card

        write_model_card(model_dir)
    return metrics
