"""The held-out evaluation: model logits -> calibration on dev -> test metrics beside baselines -> files.

Example:
    >>> from slant.eval.harness import EvalConfig, evaluate
    >>> metrics = evaluate(EvalConfig(model_dir="artifacts/model", out_dir="artifacts/eval"))  # doctest: +SKIP
    >>> metrics["tasks"]["bias"]["babe"]["model"]["weighted_f1"]  # doctest: +SKIP
"""

from __future__ import annotations

import os
import time
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from slant.eval.baselines import majority, tfidf_lr
from slant.eval.calibration import fit_calibration, sigmoid, softmax
from slant.eval.entries import (
    multi_label_entry,
    multi_label_errors,
    per_outlet,
    single_label_entry,
    single_label_errors,
)
from slant.eval.metrics import binary_pairs, reliability
from slant.eval.testsets import TaskData, model_logits, task_data
from slant.tasks.registry import REGISTRY, REPORT_TASKS

ALL_TASKS = (*REPORT_TASKS, "leaning")
SCHEMA = "slant.eval/1"


@dataclass(frozen=True)
class EvalConfig:
    """Options of one `slant evaluate` run."""

    model_dir: str = field(
        default="artifacts/model", metadata={"help": "trained model directory", "flag": "--model"}
    )
    out_dir: str = field(
        default="artifacts/eval",
        metadata={"help": "where metrics.json, report.md, plots go", "flag": "--out"},
    )
    tasks: tuple[str, ...] = field(
        default=ALL_TASKS, metadata={"help": "tasks to evaluate", "choices": ALL_TASKS}
    )
    bootstrap: int = field(
        default=1000, metadata={"help": "bootstrap resamples for 95% CIs (0 = none, else 100..100000)"}
    )
    seed: int | None = field(
        default=None, metadata={"help": "data/bootstrap seed (default: the model's training seed)"}
    )
    leaning_train: int = field(
        default=1500, metadata={"help": "ABP train articles sampled per split (10..100000)"}
    )
    leaning_test: int = field(
        default=1000, metadata={"help": "ABP test articles sampled per split (10..100000)"}
    )
    leaning_sentences: int = field(
        default=4, metadata={"help": "sentences per ABP article for the probe (1..64)"}
    )
    top_errors: int = field(default=10, metadata={"help": "confident errors listed per test set (0..1000)"})
    ece_bins: int = field(default=15, metadata={"help": "equal-width ECE bins (1..100)"})
    c_grid: tuple[float, ...] = field(
        default=(0.1, 1.0, 10.0), metadata={"help": "TF-IDF + LR C values tried on dev"}
    )
    batch_size: int = field(default=64, metadata={"help": "sentences per model batch (1..1024)"})
    progress: bool = field(default=True, metadata={"help": "show progress bars (--no-progress: none)"})
    update_model_dir: bool = field(
        default=True,
        metadata={
            "help": "write calibration.json/metrics.json/README.md into the model dir (--no-model-update: don't)",
            "flag": "--model-update",
        },
    )

    def __post_init__(self) -> None:
        def need(ok: bool, name: str, allowed: str) -> None:
            if not ok:
                raise ValueError(f"{name}={getattr(self, name)!r} is invalid; expected {allowed}")

        object.__setattr__(self, "tasks", tuple(self.tasks))
        object.__setattr__(self, "c_grid", tuple(self.c_grid))
        need(
            bool(self.tasks) and all(t in ALL_TASKS for t in self.tasks),
            "tasks",
            f"a non-empty subset of {ALL_TASKS}",
        )
        need(self.bootstrap == 0 or 100 <= self.bootstrap <= 100_000, "bootstrap", "0 or 100..100000")
        need(self.seed is None or self.seed >= 0, "seed", "a non-negative integer")
        need(10 <= self.leaning_train <= 100_000, "leaning_train", "10..100000")
        need(10 <= self.leaning_test <= 100_000, "leaning_test", "10..100000")
        need(1 <= self.leaning_sentences <= 64, "leaning_sentences", "1..64")
        need(0 <= self.top_errors <= 1000, "top_errors", "0..1000")
        need(1 <= self.ece_bins <= 100, "ece_bins", "1..100")
        need(
            bool(self.c_grid) and all(c > 0 for c in self.c_grid),
            "c_grid",
            "a non-empty list of positive numbers",
        )
        need(1 <= self.batch_size <= 1024, "batch_size", "1..1024")


def data_tasks(tasks: tuple[str, ...]) -> list[str]:
    """The data tasks (`load_task` names) behind the report tasks asked for."""
    # a task without test splits (a training signal such as frames_distill) has nothing to calibrate or score
    out = [t for rt in tasks for t in REPORT_TASKS.get(rt, ()) if REGISTRY[t].tests]
    if "leaning" in tasks:
        out += ["leaning_media", "leaning_random"]
    return out


def load_datasets(tasks: list[str], seed: int, fold: int) -> dict[str, Any]:
    """DatasetDicts of the data tasks asked for: registered tasks through their own loader, others (the leaning
    probe's) through `load_task`."""
    from slant.data.registry import load_task

    return {t: REGISTRY[t].load(seed, fold) if t in REGISTRY else load_task(t, seed=seed) for t in tasks}


def _calibrated(td: TaskData, z: np.ndarray, temps: dict[str, float], t: float | None = None) -> np.ndarray:
    temp = temps[td.task.head] if t is None else t
    return softmax(z, temp) if td.task.kind == "single" else sigmoid(z, temp)


def _merge_calibration(model_dir: Path, fitted: dict[str, Any], report: dict[str, Any]) -> dict[str, Any]:
    """Keep heads this run did not fit (a `--tasks` subset) from an existing calibration.json."""
    from slant.model.io import read_json
    from slant.model.predictor import DEFAULT_TEMPERATURES, context_fallback

    old = read_json(model_dir / "calibration.json", {}) or {}
    temps = dict(old.get("temperature") or {})
    temps.update({h: fitted["temperature"][h] for h in report["fitted_on"]})
    merged = {
        **old,
        **{k: v for k, v in fitted.items() if k != "temperature"},
        "temperature": {**DEFAULT_TEMPERATURES, **temps},
    }
    merged["fitted_on"] = {**(old.get("fitted_on") or {}), **report["fitted_on"]}
    merged["created"] = datetime.now(UTC).isoformat(timespec="seconds")
    if "frames" in report["fitted_on"] and "frames_context" not in report["fitted_on"]:
        # sentence frames refitted without in-article reading: the in-article calibration follows them
        merged["temperature"].pop("frames_context", None)
        merged.pop("frame_context_thresholds", None)
    return context_fallback(merged)


def baseline_systems(td: TaskData, seed: int, c_grid: tuple[float, ...]) -> dict[str, Any]:
    tr, dv = td.splits["train"], td.splits["dev"]
    kind = td.task.kind
    metric = td.task.headline
    out = {"majority": majority(tr.y, len(td.labels) if kind == "single" else None)}
    out["tfidf_lr"] = tfidf_lr(
        tr.baseline_texts,
        tr.y,
        dv.baseline_texts,
        dv.y,
        labels=td.labels,
        metric=metric,
        seed=seed,
        c_grid=c_grid,
        score_columns=td.columns if kind == "multi" else None,
    )
    out.update(td.task.extra_baselines(td.labels))
    return out


def score_test_split(
    td: TaskData,
    split: str,
    z: np.ndarray,
    temps: dict[str, float],
    thresholds: np.ndarray,
    baselines: dict[str, Any],
    cfg: EvalConfig,
    seed: int,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Entries for model and baselines on one test split, plus plot data."""
    sp = td.splits[split]
    head, kind = td.task.headline, td.task.kind
    p_cal, p_raw = _calibrated(td, z, temps), _calibrated(td, z, temps, 1.0)
    probas = {"model": p_cal, **{name: b.proba(sp.baseline_texts) for name, b in baselines.items()}}
    entries: dict[str, Any] = {}
    for system, p in probas.items():
        if kind == "single":
            e = single_label_entry(
                sp.y,
                p,
                td.labels,
                headline=head,
                groups=sp.groups,
                n_boot=cfg.bootstrap,
                seed=seed,
                n_bins=cfg.ece_bins,
            )
        else:
            th = thresholds if system == "model" else np.full(len(td.labels), 0.5)
            e = multi_label_entry(
                sp.y,
                p,
                th,
                td.labels,
                td.columns,
                headline=head,
                n_boot=cfg.bootstrap,
                seed=seed,
                n_bins=cfg.ece_bins,
            )
        entries[system] = e
    model = entries["model"]
    cols = td.columns
    if kind == "single":
        from slant.eval.metrics import ece

        model["ece_uncalibrated"] = ece(p_raw, sp.y, cfg.ece_bins) if len(sp) else 0.0
        model["errors"] = single_label_errors(sp.texts, sp.y, p_cal, td.labels, cfg.top_errors, sp.spans)
        if any(sp.outlets):
            for system, p in probas.items():
                entries[system]["per_outlet"] = per_outlet(sp.y, p, sp.outlets, td.labels)
        rel = {
            "before": reliability(p_raw, sp.y, cfg.ece_bins),
            "after": reliability(p_cal, sp.y, cfg.ece_bins),
        }
    else:
        from slant.eval.metrics import multilabel_ece

        model["ece_uncalibrated"] = (
            multilabel_ece(p_raw[:, cols], sp.y[:, cols], cfg.ece_bins) if len(sp) else 0.0
        )
        model["thresholds"] = {td.labels[c]: float(thresholds[c]) for c in cols}
        model["errors"] = multi_label_errors(
            sp.texts, sp.y, p_cal, thresholds, td.labels, cols, cfg.top_errors
        )
        rel = {
            "before": reliability(*binary_pairs(p_raw[:, cols], sp.y[:, cols]), cfg.ece_bins),
            "after": reliability(*binary_pairs(p_cal[:, cols], sp.y[:, cols]), cfg.ece_bins),
        }
    entries["n"] = len(sp)
    entries["units"] = len(set(sp.groups)) if sp.groups is not None else len(sp)
    entries["headline"] = head
    return entries, rel


def evaluate(
    cfg: EvalConfig, *, datasets: dict[str, Any] | None = None, predictor: Any = None
) -> dict[str, Any]:
    """Run the held-out evaluation and write metrics.json, report.md and plots into ``cfg.out_dir``.

    Args:
        cfg: options.
        datasets: data-task name -> DatasetDict, to evaluate on given data instead of `load_task` (tests).
        predictor: an already loaded Predictor (default: load ``cfg.model_dir``).

    Returns:
        The metrics dict written to metrics.json.
    """
    from slant.model.io import read_json, write_json
    from slant.model.predictor import Calibration, Predictor

    t_start = time.perf_counter()
    model_dir, out_dir = Path(cfg.model_dir), Path(cfg.out_dir)
    pred = predictor or Predictor.from_pretrained(model_dir, batch_size=cfg.batch_size)
    tc = read_json(model_dir / "training_config.json", {}) or {}
    seed = cfg.seed if cfg.seed is not None else int(tc.get("seed", 13))
    fold, cap = int(tc.get("semeval_fold", 0)), int(tc.get("article_sentences", 24))
    wanted = data_tasks(cfg.tasks)
    if datasets is None:
        datasets = load_datasets(wanted, seed, fold)
    missing = [t for t in wanted if t not in datasets]
    if missing:
        raise ValueError(f"no data for task(s) {missing}; expected DatasetDicts for {wanted}")
    timing: dict[str, float] = {"model_load": round(getattr(pred, "load_seconds", 0.0), 2)}
    tds = {t: task_data(t, datasets[t], REGISTRY[t].labels(pred.config)) for t in wanted if t in REGISTRY}

    # 1. raw logits on dev and test splits (one pass each; calibration never changes them)
    raw: dict[str, dict[str, np.ndarray]] = {}
    for name, td in tds.items():
        t0 = time.perf_counter()
        raw[name] = {
            s: model_logits(pred, td, s, article_cap=cap, progress=cfg.progress, calibration=s == "dev")
            for s in ("dev", *td.task.tests)
        }
        timing[f"inference_{name}"] = round(time.perf_counter() - t0, 2)

    # 2. calibration on dev only, saved so prediction uses it
    # A head is calibrated on the dev splits of the tasks the model was trained and selected on: a model trained
    # without prose sentences keeps its headline-fitted frame thresholds (and its earlier test numbers).
    trained = set(tc.get("tasks") or tds)
    dev_fit = {
        n: (raw[n]["dev"], td.splits["dev"].y)
        for n, td in tds.items()
        if len(td.splits["dev"]) and n in trained
    }
    fitted, cal_report = fit_calibration(dev_fit, pred.config.frame_labels)
    cal_report["not_fitted_on"] = sorted(set(tds) - set(dev_fit))
    calibration = _merge_calibration(model_dir, fitted, cal_report)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(out_dir / "calibration.json", calibration)
    if cfg.update_model_dir:
        write_json(model_dir / "calibration.json", calibration)
    pred.calibration = Calibration(
        temperature=dict(calibration["temperature"]),
        frame_thresholds=calibration.get("frame_thresholds"),
        frame_context_thresholds=calibration.get("frame_context_thresholds"),
        article_frame_thresholds=calibration.get("article_frame_thresholds"),
    )
    temps = calibration["temperature"]

    # 3. test metrics beside baselines fitted on the same task's train split
    tasks: dict[str, Any] = {}
    plot_data: dict[str, Any] = {}
    baseline_info: dict[str, Any] = {}
    for name, td in tds.items():
        t0 = time.perf_counter()
        bases = baseline_systems(td, seed, cfg.c_grid)
        baseline_info[name] = {b: bases[b].info for b in bases}
        key = td.task.thresholds_key
        thresholds = pred.thresholds(key) if key else np.full(len(td.labels), 0.5)
        for split in td.task.tests:
            entries, rel = score_test_split(td, split, raw[name][split], temps, thresholds, bases, cfg, seed)
            tasks.setdefault(td.task.report_task, {})[split] = entries
            plot_data[f"{td.task.report_task}.{split}"] = rel
        timing[f"baselines_and_metrics_{name}"] = round(time.perf_counter() - t0, 2)

    leaning_info: dict[str, Any] = {}
    if "leaning" in cfg.tasks:
        from slant.eval.leaning import evaluate_leaning

        t0 = time.perf_counter()
        tasks["leaning"], leaning_info = evaluate_leaning(
            pred,
            datasets,
            n_train=cfg.leaning_train,
            n_test=cfg.leaning_test,
            n_sentences=cfg.leaning_sentences,
            seed=seed,
            n_boot=cfg.bootstrap,
            c_grid=cfg.c_grid,
            progress=cfg.progress,
        )
        timing["leaning"] = round(time.perf_counter() - t0, 2)

    timing["total"] = round(time.perf_counter() - t_start, 2)
    # CPU seconds of this process (all threads): steadier than wall time on a shared machine.
    timing["process_cpu"] = round(sum(os.times()[:2]), 1)
    info = read_json(model_dir / "run_info.json", {}) or {}
    metrics = {
        "schema": SCHEMA,
        "protocol": "heldout",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "model": {
            "dir": str(model_dir),
            "name": getattr(pred, "name", ""),
            "version": getattr(pred, "version", ""),
            "preset": tc.get("preset"),
            "encoder": tc.get("encoder"),
            "training_seed": tc.get("seed"),
            "semeval_fold": fold,
            "article_sentences": cap,
            "git_commit": info.get("git_commit"),
        },
        "config": {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(cfg).items()},
        "data": {
            "seed": seed,
            "semeval_fold": fold,
            "sizes": {t: {s: len(dd[s]) for s in dd} for t, dd in datasets.items() if t in wanted},
        },
        "bootstrap": {
            "resamples": cfg.bootstrap,
            "seed": seed,
            "level": 0.95,
            "units": {**{k: v for t in REGISTRY.values() for k, v in t.units.items()}, "leaning": "article"},
        },
        "calibration": {**calibration, "report": cal_report},
        "baselines": baseline_info,
        "leaning": leaning_info,
        "tasks": tasks,
        "timing_seconds": timing,
    }
    for td in tds.values():  # a task's own extra reports (the stance behavioural suite beside NewsMTSC)
        metrics.update(td.task.extra_reports(pred))
    from slant.eval.pages import metrics_entry  # the page suite needs no model: cleaner and targets only
    from slant.eval.report import write_outputs

    metrics["pages"] = metrics_entry()
    write_outputs(metrics, plot_data, out_dir, model_dir if cfg.update_model_dir else None)
    return metrics
