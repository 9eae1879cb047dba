"""The stance suite: behavioural tests of target-specific stance, scored per capability and per split.

Cases live in ``eval/stance_suite/cases.jsonl`` (built by ``slant.eval.suite_build``; the label rules are in
``eval/stance_suite/README.md``). Every target is scored through the Predictor in sentence mode, with its character
offsets, as ``slant predict --sentences`` would score it.

Example:
    $ slant stance-suite --model artifacts/model                 # dev and test halves, a table per half
    $ slant stance-suite --model artifacts/model --split dev --out suite.json
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from slant.eval.suite_build import CAPABILITIES, CASES_FILE, KINDS, LABELS, SPLITS

PROG = "slant stance-suite"
_CASE_FIELDS = ("id", "capability", "group", "split", "sentence", "targets", "twin")
_TARGET_FIELDS = ("name", "start", "end", "label", "kind", "role")


def load_cases(path: str | Path | None = None, splits: Sequence[str] = SPLITS) -> list[dict[str, Any]]:
    """Read and check the suite's cases (those of `splits`).

    Raises:
        ValueError: a line that is not a valid case, naming the line and what was expected.
    """
    path = Path(path or CASES_FILE)
    if not path.is_file():
        raise ValueError(
            f"stance suite file {path} not found; expected the JSONL written by slant.eval.suite_build"
        )
    cases = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        case = json.loads(line)
        check_case(case, f"{path}:{lineno}")
        if case["split"] in splits:
            cases.append(case)
    return cases


def check_case(case: dict[str, Any], where: str) -> None:
    """Raise ValueError unless `case` has every field, known values, and offsets that point at its names."""
    missing = [f for f in _CASE_FIELDS if f not in case]
    if missing:
        raise ValueError(f"{where}: case lacks {missing}; expected fields {list(_CASE_FIELDS)}")
    if case["capability"] not in CAPABILITIES or case["split"] not in SPLITS:
        raise ValueError(
            f"{where}: capability {case['capability']!r} / split {case['split']!r}; "
            f"expected one of {CAPABILITIES} / {SPLITS}"
        )
    if not case["targets"]:
        raise ValueError(f"{where}: case {case['id']} has no targets; expected at least one")
    text = case["sentence"]
    for t in case["targets"]:
        lacking = [f for f in _TARGET_FIELDS if f not in t]
        if lacking:
            raise ValueError(f"{where}: a target lacks {lacking}; expected fields {list(_TARGET_FIELDS)}")
        if t["label"] not in LABELS or t["kind"] not in KINDS:
            raise ValueError(
                f"{where}: target label {t['label']!r} / kind {t['kind']!r}; expected {LABELS} / {KINDS}"
            )
        if text[t["start"] : t["end"]] != t["name"]:
            raise ValueError(
                f"{where}: offsets ({t['start']}, {t['end']}) give {text[t['start'] : t['end']]!r}, "
                f"expected the target name {t['name']!r}"
            )


def predict_labels(predictor: Any, cases: Sequence[dict[str, Any]], batch_size: int = 64) -> list[list[str]]:
    """Predicted stance label of every target of every case (the Predictor's argmax), in case order."""
    names = list(predictor.labels["stance"])
    missing = [lab for lab in LABELS if lab not in names]
    if missing:
        raise ValueError(f"model stance labels {names} lack {missing}; expected {list(LABELS)}")
    texts = [c["sentence"] for c in cases]
    spans = [[(t["start"], t["end"]) for t in c["targets"]] for c in cases]
    _, _, logits = predictor.logits(texts, spans)
    return [[names[int(np.argmax(z))] for z in per_case] for per_case in logits]


def _rate(hits: int, n: int) -> float | None:
    return round(hits / n, 4) if n else None


def macro_f1(gold: Sequence[str], pred: Sequence[str]) -> float | None:
    """Mean F1 over the three stance labels (a label never gold nor predicted scores 0, as in scikit-learn)."""
    if not gold:
        return None
    f1s = []
    for lab in LABELS:
        tp = sum(g == q == lab for g, q in zip(gold, pred))
        n_gold, n_pred = sum(g == lab for g in gold), sum(q == lab for q in pred)
        f1s.append(2 * tp / (n_gold + n_pred) if n_gold + n_pred else 0.0)
    return round(float(np.mean(f1s)), 4)


def score_cases(cases: Sequence[dict[str, Any]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Pass rates of one split from gold and predicted labels (pure; see `score_suite` for the model side).

    Returns ``cases``, ``targets``, ``target_accuracy``, ``macro_f1`` (over the three labels), ``capabilities``
    {capability: {cases, targets, target_accuracy, case_pass}}, ``kinds`` {kind: {targets, accuracy}},
    ``contrast_both_right`` (contrast cases with every target right), ``name_swap`` {pairs, invariance (both
    sentences of a pair give each position the same label, i.e. the labels swap with the names), both_right}
    and ``failures`` (up to 20 wrong cases).
    """
    by_id = {c["id"]: (c, p) for c, p in zip(cases, predicted)}
    caps: dict[str, list[int]] = defaultdict(
        lambda: [0, 0, 0, 0]
    )  # cases, cases passed, targets, targets right
    kinds: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    gold_all, pred_all, failures = [], [], []
    for c, p in zip(cases, predicted):
        gold = [t["label"] for t in c["targets"]]
        right = [g == q for g, q in zip(gold, p)]
        row = caps[c["capability"]]
        row[0] += 1
        row[1] += all(right)
        row[2] += len(right)
        row[3] += sum(right)
        for t, ok in zip(c["targets"], right):
            kinds[t["kind"]][0] += 1
            kinds[t["kind"]][1] += ok
        gold_all += gold
        pred_all += list(p)
        if not all(right) and len(failures) < 20:
            failures.append({"id": c["id"], "sentence": c["sentence"],
                             "targets": {t["name"]: f"{g} -> {q}" for t, g, q in zip(c["targets"], gold, p)}})  # fmt: skip
    pairs = invariant = both = 0
    for c, p in zip(cases, predicted):
        if c["capability"] == "name_swap" and c["twin"] in by_id:
            _, q = by_id[c["twin"]]
            pairs += 1
            invariant += list(p) == list(q)
            both += list(p) == [t["label"] for t in c["targets"]] and list(q) == [
                t["label"] for t in by_id[c["twin"]][0]["targets"]
            ]
    n_targets = len(gold_all)
    contrast = caps.get("contrast", [0, 0, 0, 0])
    return {
        "cases": len(cases),
        "targets": n_targets,
        "target_accuracy": _rate(sum(g == q for g, q in zip(gold_all, pred_all)), n_targets),
        "macro_f1": macro_f1(gold_all, pred_all),
        "capabilities": {
            cap: {
                "cases": v[0],
                "targets": v[2],
                "target_accuracy": _rate(v[3], v[2]),
                "case_pass": _rate(v[1], v[0]),
            }
            for cap in CAPABILITIES
            if (v := caps.get(cap))
        },
        "kinds": {
            k: {"targets": kinds[k][0], "accuracy": _rate(kinds[k][1], kinds[k][0])}
            for k in KINDS
            if k in kinds
        },
        "contrast_both_right": _rate(contrast[1], contrast[0]),
        "name_swap": {
            "pairs": pairs,
            "invariance": _rate(invariant, pairs),
            "both_right": _rate(both, pairs),
        },
        "failures": failures,
    }


def score_suite(
    predictor: Any, *, path: str | Path | None = None, splits: Sequence[str] = SPLITS
) -> dict[str, Any]:
    """Score a Predictor on the suite: {"file", "splits": {split: score_cases(...)}}."""
    cases = load_cases(path, splits)
    predicted = predict_labels(predictor, cases)
    out: dict[str, Any] = {"file": str(Path(path or CASES_FILE).name), "splits": {}}
    for split in splits:
        idx = [i for i, c in enumerate(cases) if c["split"] == split]
        out["splits"][split] = score_cases([cases[i] for i in idx], [predicted[i] for i in idx])
    return out


def _f(v: Any) -> str:
    return "" if v is None else f"{v:.3f}"


def render_suite(result: dict[str, Any]) -> list[str]:
    """Markdown lines: one table of pass rates with a column per split."""
    splits = list(result.get("splits", {}))
    if not splits:
        return []
    s = result["splits"]
    lines = [
        "## Stance suite (behavioural tests)",
        "",
        "Our own target-specific stance cases (eval/stance_suite/README.md); dev and test halves share no "
        "sentence skeleton and no name. Target accuracy per capability; a case passes when all its targets are right.",
        "",
        "| measure | " + " | ".join(splits) + " |",
        "|---|" + "---|" * len(splits),
        "| contrast: both targets right | "
        + " | ".join(_f(s[x]["contrast_both_right"]) for x in splits)
        + " |",
        "| name swap: labels swap with the names | "
        + " | ".join(_f(s[x]["name_swap"]["invariance"]) for x in splits)
        + " |",
        "| target accuracy (all) | " + " | ".join(_f(s[x]["target_accuracy"]) for x in splits) + " |",
        "| macro-F1 (all targets) | " + " | ".join(_f(s[x]["macro_f1"]) for x in splits) + " |",
    ]
    for cap in CAPABILITIES:
        cells = []
        for x in splits:
            v = s[x]["capabilities"].get(cap)
            cells.append(f"{_f(v['target_accuracy'])} / {_f(v['case_pass'])} (n={v['cases']})" if v else "")
        lines.append(f"| {cap}: targets / cases | " + " | ".join(cells) + " |")
    for kind in KINDS:
        cells = [
            f"{_f(v['accuracy'])} (n={v['targets']})" if (v := s[x]["kinds"].get(kind)) else ""
            for x in splits
        ]
        lines.append(f"| {kind} targets | " + " | ".join(cells) + " |")
    return lines + [""]


def summary_line(result: dict[str, Any]) -> str:
    parts = []
    for split, r in result.get("splits", {}).items():
        parts.append(
            f"{split}: contrast both right {_f(r['contrast_both_right'])}, name-swap invariance "
            f"{_f(r['name_swap']['invariance'])}, target accuracy {_f(r['target_accuracy'])}"
        )
    return "stance suite " + "; ".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Entry point of `slant stance-suite`; returns the exit status."""
    p = argparse.ArgumentParser(prog=PROG, description="Score a Slant model on the stance behavioural suite.")
    p.add_argument(
        "--model", default="artifacts/model", help="trained model directory (default artifacts/model)"
    )
    p.add_argument(
        "--split", choices=(*SPLITS, "both"), default="both", help="which half to score (default both)"
    )
    p.add_argument("--cases", default=None, help=f"cases file (default {CASES_FILE.name} shipped with Slant)")
    p.add_argument("--out", default=None, help="also write the full result (with failures) as JSON here")
    args = p.parse_args(argv)
    from slant.model.io import ModelDirError
    from slant.model.predictor import Predictor

    splits = SPLITS if args.split == "both" else (args.split,)
    try:
        predictor = Predictor.from_pretrained(args.model)
        result = score_suite(predictor, path=args.cases, splits=splits)
    except (ValueError, ModelDirError, OSError) as err:
        print(f"{PROG}: error: {err}", file=sys.stderr)
        return 2
    print("\n".join(render_suite(result)))
    print(summary_line(result))
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{PROG}: wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
