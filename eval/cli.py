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

from slant.eval.cv import PROTOCOLS
from slant.eval.harness import ALL_TASKS, EvalConfig
from slant.options import add_options, build, options_from_args

PROG = "slant evaluate"


def build_parser() -> argparse.ArgumentParser:
    """EvalConfig's fields as flags (`slant.options`: also --config FILE), plus the protocol and CV options."""
    p = argparse.ArgumentParser(
        prog=PROG, description="Evaluate a Slant model on the published test protocols."
    )
    add_options(p, EvalConfig)
    p.add_argument("-o", "--output", dest="out", default=None, help=argparse.SUPPRESS)  # aliases of --out
    p.add_argument(
        "--protocol",
        choices=("heldout", "cv"),
        default="heldout",
        help="heldout: test splits of the trained model; cv: retrain per fold (slow, opt-in)",
    )
    p.add_argument(
        "--skip-leaning", action="store_true", help="skip the Article-Bias-Prediction leaning probe"
    )
    p.add_argument(
        "--cv-tasks",
        nargs="+",
        choices=tuple(PROTOCOLS),
        default=list(PROTOCOLS),
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
    try:
        values = options_from_args(EvalConfig, args)
        tasks = tuple(t for t in values.get("tasks", ALL_TASKS) if not (args.skip_leaning and t == "leaning"))
        if not tasks:
            raise ValueError("--tasks leaves nothing to evaluate after --skip-leaning")
        cfg = build(EvalConfig, {**values, "tasks": tasks})
    except ValueError as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    problem = _check_model_dir(cfg.model_dir)
    if problem:
        print(f"{PROG}: error: {problem}", file=sys.stderr)
        return 2
    try:
        if args.protocol == "cv":
            from slant.eval.cv import CVConfig, run_cv

            cv_cfg = CVConfig(
                tasks=tuple(args.cv_tasks),
                preset=args.cv_preset,
                folds=tuple(args.cv_folds or ()),
                work_dir=str(Path(cfg.out_dir) / "cv_models"),
                train_overrides=parse_overrides(args.cv_set),
            )
            metrics = run_cv(cfg, cv_cfg)
        else:
            from slant.eval.harness import evaluate

            metrics = evaluate(cfg)
    except (ValueError, OSError) as err:  # ModelDirError and DataError are ValueErrors
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 1
    _summary(metrics, Path(cfg.out_dir))
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
