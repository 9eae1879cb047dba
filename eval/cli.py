"""`slant evaluate`: held-out test metrics with calibration, baselines and anchors, or full cross-validation.

Example:
    $ slant evaluate --model artifacts/model --out artifacts/eval
    $ slant evaluate --model artifacts/model --out artifacts/eval --protocol cv --cv-tasks bias --cv-preset quick
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from slant.eval.harness import ALL_TASKS, EvalConfig
from slant.model.hub import default_model

PROG = "slant evaluate"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=PROG, description="Evaluate a Slant model on the published test protocols."
    )
    p.add_argument(
        "--model",
        default=default_model(),
        help="trained model directory (default: $SLANT_MODEL or artifacts/model)",
    )
    p.add_argument("-o", "--output", "--out", dest="out", default="artifacts/eval",
                   help="output directory (default artifacts/eval; --out is an alias)")  # fmt: skip
    p.add_argument(
        "--protocol",
        choices=("heldout", "cv"),
        default="heldout",
        help="heldout: test splits of the trained model; cv: retrain per fold (slow, opt-in)",
    )
    p.add_argument("--tasks", nargs="+", choices=ALL_TASKS, default=list(ALL_TASKS), help="tasks to evaluate")
    p.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for 95%% CIs (0 = none)")
    p.add_argument(
        "--seed", type=int, default=None, help="data and bootstrap seed (default: the training seed)"
    )
    p.add_argument(
        "--skip-leaning", action="store_true", help="skip the Article-Bias-Prediction leaning probe"
    )
    p.add_argument("--leaning-train", type=int, default=1500, help="ABP train articles sampled per split")
    p.add_argument("--leaning-test", type=int, default=1000, help="ABP test articles sampled per split")
    p.add_argument("--leaning-sentences", type=int, default=4, help="sentences per ABP article for the probe")
    p.add_argument("--top-errors", type=int, default=10, help="most confident errors listed per test set")
    p.add_argument("--batch-size", type=int, default=64, help="sentences per model batch")
    p.add_argument("--no-progress", action="store_true", help="no progress bars")
    p.add_argument(
        "--no-model-update",
        action="store_true",
        help="do not write calibration.json, metrics.json and README.md into the model directory",
    )
    p.add_argument(
        "--cv-tasks",
        nargs="+",
        choices=("bias", "frames"),
        default=["bias", "frames"],
        help="--protocol cv: which CV protocols to run",
    )
    p.add_argument(
        "--cv-preset", default="quick", help="--protocol cv: training preset per fold (quick | full)"
    )
    p.add_argument(
        "--cv-folds", type=int, nargs="+", default=None, help="--protocol cv: only these fold numbers"
    )
    p.add_argument(
        "--cv-set",
        action="append",
        default=[],
        metavar="OPTION=VALUE",
        help="--protocol cv: a training option for every fold over the preset, e.g. max_steps=200 (repeatable)",
    )
    return p


def parse_overrides(items: list[str]) -> dict[str, object]:
    """``["max_steps=200", "lr=5e-5"]`` -> ``{"max_steps": 200, "lr": 5e-05}`` (JSON values, else strings)."""
    out: dict[str, object] = {}
    for item in items:
        name, sep, value = item.partition("=")
        if not sep or not name.strip():
            raise ValueError(f"--cv-set {item!r} is invalid; expected OPTION=VALUE, e.g. max_steps=200")
        try:
            out[name.strip()] = json.loads(value)
        except json.JSONDecodeError:
            out[name.strip()] = value
    return out


def _check_model_dir(model: str) -> str | None:
    d = Path(model)
    if not d.is_dir():
        return f"model directory {d} not found; expected the output of `slant train` (e.g. artifacts/model)"
    missing = [f for f in ("config.json", "model.safetensors") if not (d / f).is_file()]
    if missing:
        return f"{d} is not a Slant model directory: missing {', '.join(missing)}"
    return None


def main(argv: list[str] | None = None) -> int:
    """Entry point of `slant evaluate`; returns the exit status."""
    args = build_parser().parse_args(argv)
    tasks = tuple(t for t in args.tasks if not (args.skip_leaning and t == "leaning"))
    problem = _check_model_dir(args.model)
    if problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    try:
        cfg = EvalConfig(
            model_dir=args.model,
            out_dir=args.out,
            tasks=tasks or ("stance",),
            bootstrap=args.bootstrap,
            seed=args.seed,
            leaning_train=args.leaning_train,
            leaning_test=args.leaning_test,
            leaning_sentences=args.leaning_sentences,
            top_errors=args.top_errors,
            batch_size=args.batch_size,
            progress=not args.no_progress,
            update_model_dir=not args.no_model_update,
        )
        if not tasks:
            raise ValueError("--tasks leaves nothing to evaluate after --skip-leaning")
    except ValueError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    try:
        if args.protocol == "cv":
            from slant.eval.cv import CVConfig, run_cv

            cv_cfg = CVConfig(
                tasks=tuple(args.cv_tasks),
                preset=args.cv_preset,
                folds=tuple(args.cv_folds or ()),
                work_dir=str(Path(args.out) / "cv_models"),
                train_overrides=parse_overrides(args.cv_set),
            )
            metrics = run_cv(cfg, cv_cfg)
        else:
            from slant.eval.harness import evaluate

            metrics = evaluate(cfg)
    except (ValueError, OSError) as err:  # ModelDirError and DataError are ValueErrors
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 1
    _summary(metrics, Path(args.out))
    return 0


def _summary(metrics: dict, out: Path) -> None:
    for task, sets in (metrics.get("tasks") or {}).items():
        for test_set, entry in sets.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("model"), dict):
                continue
            head = entry.get("headline", "macro_f1")
            cells = [f"{s} {entry[s][head]:.3f}" for s in ("model", "tfidf_lr", "majority") if s in entry]
            print(f"{task}.{test_set}: {head} " + ", ".join(cells))
    if metrics.get("stance_suite"):
        from slant.eval.suite import summary_line

        print(summary_line(metrics["stance_suite"]))
    print(f"{PROG}: wrote {out / 'metrics.json'} and {out / 'report.md'}")
