"""Write the evaluation outputs: metrics.json, PNG plots, report.md (with anchors), and the model dir's copy + card."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from slant.eval.anchors import anchors_for, load_anchors
from slant.eval.plots import confusion_png, frame_f1_png, reliability_png

SYSTEMS = ("model", "tfidf_lr", "majority")
SUMMARY = ("accuracy", "macro_f1", "weighted_f1", "micro_f1", "mcc", "ece")


def _f(v: Any) -> str:
    return "" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return out + ["| " + " | ".join(_f(c) for c in r) + " |" for r in rows]


def make_plots(metrics: dict[str, Any], plot_data: dict[str, Any], out_dir: Path) -> dict[str, list[str]]:
    """Draw every figure; returns test-set key -> relative PNG paths."""
    fig_dir = out_dir / "plots"
    fig_dir.mkdir(parents=True, exist_ok=True)
    made: dict[str, list[str]] = {}
    for task, sets in metrics["tasks"].items():
        for test_set, entry in sets.items():
            if not isinstance(entry, dict) or not isinstance(entry.get("model"), dict):
                continue
            key, m = f"{task}.{test_set}", entry["model"]
            paths = made.setdefault(key, [])
            if "confusion_matrix" in m:
                p = confusion_png(
                    m["confusion_matrix"],
                    list(m["per_class"]),
                    f"{key} — model",
                    fig_dir / f"confusion_{task}_{test_set}.png",
                )
                paths.append(str(p.relative_to(out_dir)))
            if "per_label" in m:
                tables = {s: entry[s]["per_label"] for s in SYSTEMS if s in entry}
                p = frame_f1_png(tables, f"{key} — F1 per frame", fig_dir / f"frame_f1_{task}_{test_set}.png")
                paths.append(str(p.relative_to(out_dir)))
            if key in plot_data:
                p = reliability_png(
                    plot_data[key]["before"],
                    plot_data[key]["after"],
                    f"{key} — reliability",
                    fig_dir / f"reliability_{task}_{test_set}.png",
                    m.get("ece_uncalibrated"),
                    m.get("ece"),
                )
                paths.append(str(p.relative_to(out_dir)))
    return made


def _test_set_section(
    task: str, test_set: str, entry: dict[str, Any], anchors: list[dict[str, Any]], plots: list[str]
) -> list[str]:
    head = entry.get("headline", "")
    units = f", {entry['units']} bootstrap units" if entry.get("units") not in (None, entry.get("n")) else ""
    lines = [
        f"### {task} — {test_set}",
        "",
        f"{entry.get('n', '?')} test rows{units}; headline metric **{head}** with a 95% bootstrap CI.",
        "",
    ]
    rows = []
    for s in SYSTEMS:
        if s in entry:
            m = entry[s]
            ci = m.get("ci95")
            rows.append(
                [s, f"{m.get(head, 0):.3f}" + (f" [{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "")]
                + [m.get(k) for k in SUMMARY]
            )
    lines += _table(["system", f"{head} (95% CI)", *SUMMARY], rows)
    if "model" in entry and "ece_uncalibrated" in entry["model"]:
        lines += [
            "",
            f"Model ECE before calibration {entry['model']['ece_uncalibrated']:.3f}, after "
            f"{entry['model']['ece']:.3f}.",
        ]
    if "system_note" in entry.get("model", {}):
        lines += ["", f"`model` here is a {entry['model']['system_note']}."]
    if anchors:
        lines += ["", "Published numbers (anchors):", ""]
        lines += _table(
            ["model", "metric", "value", "tag", "source"],
            [[a["model"], a["metric"], a["value"], a["tag"], a["source"]] for a in anchors],
        )
        notes = list(dict.fromkeys(a.get("protocol_note", "") for a in anchors if a.get("protocol_note")))
        lines += [""] + [f"*Protocol:* {n}" for n in notes]
    m = entry.get("model", {})
    if "per_class" in m:
        lines += ["", "Per class (model):", ""]
        lines += _table(
            ["class", "precision", "recall", "f1", "support"],
            [[c, v["precision"], v["recall"], v["f1"], v["support"]] for c, v in m["per_class"].items()],
        )
    if "per_label" in m:
        lines += ["", "Per frame (model; thresholds from calibration):", ""]
        lines += _table(
            ["frame", "precision", "recall", "f1", "support", "threshold"],
            [
                [f, v["precision"], v["recall"], v["f1"], v["support"], (m.get("thresholds") or {}).get(f)]
                for f, v in m["per_label"].items()
            ],
        )
    if m.get("per_outlet"):
        lines += ["", "Per outlet (model):", ""]
        lines += _table(
            ["outlet", "n", "accuracy", "weighted_f1", "macro_f1"],
            [[o, v["n"], v["accuracy"], v["weighted_f1"], v["macro_f1"]] for o, v in m["per_outlet"].items()],
        )
    if m.get("errors"):
        lines += ["", f"Most confident model errors (top {len(m['errors'])}):", ""]
        for e in m["errors"]:
            what = (
                f"true {e['true']}, predicted {e['predicted']} ({e['confidence']:.2f})"
                if "true" in e
                else f"{e['error']} {e['frame']} (p={e['probability']:.2f})"
            )
            target = f" — target “{e['target']}”" if e.get("target") else ""
            lines.append(f"- {what}{target}: {e['text'].replace(chr(10), ' ')}")
    if plots:
        lines += [""] + [f"![{Path(p).stem}]({p})" for p in plots]
    return lines + [""]


def render_report(metrics: dict[str, Any], plots: dict[str, list[str]]) -> str:
    """report.md text: model, calibration, every test set with anchors, leaning probe, CV, timing."""
    anchors = load_anchors()
    mod = metrics.get("model", {})
    lines = [
        f"# Slant evaluation — {mod.get('name', '')} ({mod.get('version', '')})",
        "",
        f"Protocol `{metrics.get('protocol')}`; model `{mod.get('dir')}` (preset {mod.get('preset')}, "
        f"training seed {mod.get('training_seed')}); data seed {metrics.get('data', {}).get('seed')}, SemEval "
        f"fold {metrics.get('data', {}).get('semeval_fold')}; {metrics.get('bootstrap', {}).get('resamples')} "
        f"bootstrap resamples. Created {metrics.get('created')}.",
        "",
    ]
    cal = metrics.get("calibration")
    if cal:
        rep = cal.get("report", {})
        lines += ["## Calibration (fitted on dev splits only)", ""]
        lines += _table(
            ["head", "temperature", "dev NLL before", "dev NLL after", "fitted on"],
            [
                [
                    h,
                    t,
                    rep.get("nll_before", {}).get(h),
                    rep.get("nll_after", {}).get(h),
                    (cal.get("fitted_on") or {}).get(h, "not fitted in this run"),
                ]
                for h, t in cal.get("temperature", {}).items()
            ],
        )
        lines += [
            "",
            "ECE: top-label, 15 equal-width bins; for frames every (item, frame) pair is one binary "
            "prediction, pooled. Sentence frame thresholds: per GVFC frame on GVFC dev (frames with few dev "
            "positives share one), 0.5 for the 5 frames GVFC cannot express; article thresholds: one global "
            "value chosen on SemEval dev.",
            "",
        ]
    lines += ["## Test sets", ""]
    for task, sets in metrics.get("tasks", {}).items():
        for test_set, entry in sets.items():
            if isinstance(entry, dict) and isinstance(entry.get("model"), dict):
                lines += _test_set_section(
                    task,
                    test_set,
                    entry,
                    anchors_for(anchors, task, test_set),
                    plots.get(f"{task}.{test_set}", []),
                )
    if metrics.get("stance_suite"):
        from slant.eval.suite import render_suite

        lines += render_suite(metrics["stance_suite"])
    lean = metrics.get("leaning") or {}
    if lean.get("splits"):
        gap = metrics["tasks"].get("leaning", {}).get("media_random_gap")
        lines += [
            "## Leaning probe sample sizes",
            "",
            f"Probe: {lean.get('probe')}; first {lean.get('n_sentences_per_article')} sentences per article.",
            "",
        ]
        lines += _table(
            ["split", "train sample", "test sample", "train pool", "test pool", "seconds"],
            [
                [s, v["n_train"], v["n_test"], v["train_pool"], v["test_pool"], v["seconds"]]
                for s, v in lean["splits"].items()
            ],
        )
        if gap:
            lines += [
                "",
                "Macro-F1 gap, random minus media split (how much a system gains from seen outlets): "
                + ", ".join(f"{s} {v:+.3f}" for s, v in gap.items())
                + ".",
            ]
        lines.append("")
    if metrics.get("cv"):
        lines += render_cv(metrics["cv"])
    if metrics.get("pages"):
        from slant.eval.pages import render_pages

        lines += render_pages(metrics["pages"])
    if metrics.get("timing_seconds"):
        lines += ["## Timing (seconds)", ""]
        lines += _table(["step", "seconds"], [[k, v] for k, v in metrics["timing_seconds"].items()])
    return "\n".join(lines) + "\n"


def render_cv(cv: dict[str, Any]) -> list[str]:
    lines = ["## Cross-validation", ""]
    for name, res in cv.items():
        lines += [f"### {name}", "", res.get("protocol", ""), ""]
        rows = [
            [s, f"{v['mean']:.3f} ± {v['std']:.3f}", ", ".join(f"{x:.3f}" for x in v["per_fold"])]
            for s, v in res.get("summary", {}).items()
        ]
        lines += _table(["system / metric", "mean ± std", "per fold"], rows) + [""]
    return lines


def write_outputs(
    metrics: dict[str, Any], plot_data: dict[str, Any], out_dir: Path, model_dir: Path | None
) -> None:
    """metrics.json + plots + report.md into ``out_dir``; a metrics.json copy and a fresh card into ``model_dir``.

    Cross-validation results already in ``out_dir/metrics.json`` are kept: they describe a training recipe (its
    preset and overrides are recorded with them), not the model evaluated here, and take an hour to recompute."""
    from slant.model.io import read_json, write_json

    out_dir.mkdir(parents=True, exist_ok=True)
    earlier = (read_json(out_dir / "metrics.json", None) or {}).get("cv")
    if earlier and "cv" not in metrics:
        metrics["cv"] = earlier
    plots = make_plots(metrics, plot_data, out_dir)
    metrics["plots"] = plots
    write_json(out_dir / "metrics.json", metrics)
    (out_dir / "report.md").write_text(render_report(metrics, plots), encoding="utf-8")
    if model_dir is not None:
        shutil.copyfile(out_dir / "metrics.json", model_dir / "metrics.json")
        from slant.model.card import write_model_card

        write_model_card(model_dir)
