"""Generate a model directory's README.md (model card) from the JSON files beside the weights."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from slant.model.io import read_json

HEADLINES = ("macro_f1", "micro_f1", "weighted_f1", "accuracy", "mcc")
LICENCE_NOTE = (
    "Slant's code is MIT-licensed. These weights were trained on corpora whose licences differ (AGPL-3.0, MIT, "
    "Apache-2.0, and several with no licence stated; see 'Data and licences' below): check them before any use "
    "beyond research."
)


def _table(rows: list[list[Any]], header: list[str]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(lines)


def _train_seed(info: dict[str, Any]) -> str:
    """ " (training draws seeded N)" when the run reseeded its draws apart from the data splits, else ""."""
    t = info.get("train_seed")
    return "" if t is None or t == info.get("seed") else f" (training draws seeded {t})"


def _fmt(v: Any) -> str:
    return f"{v:.3f}" if isinstance(v, float) else str(v)


def held_out_metric_rows(metrics: dict[str, Any]) -> list[list[str]]:
    """Rows of task / test set / system / headline metrics from eval's metrics.json."""
    rows = []
    for task, sets in (metrics.get("tasks") or {}).items():
        for test_set, systems in sets.items():
            for system, m in systems.items():
                if not isinstance(m, dict):
                    continue
                keys = [
                    k for k in ("macro_f1", "micro_f1", "weighted_f1", "accuracy", "mcc", "ece") if k in m
                ]
                ci = m.get("ci95")
                rows.append(
                    [
                        task,
                        test_set,
                        system,
                        ", ".join(f"{k} {_fmt(m[k])}" for k in keys),
                        f"[{ci[0]:.3f}, {ci[1]:.3f}]" if ci else "",
                    ]
                )
    return rows


def cv_metric_rows(metrics: dict[str, Any]) -> list[list[str]]:
    """Rows of protocol / folds / system / headline mean ± std from the ``cv`` part of metrics.json."""
    rows = []
    for key, entry in (metrics.get("cv") or {}).items():
        head = entry.get("headline", "")
        for system in ("model", "tfidf_lr", "majority"):
            s = (entry.get("summary") or {}).get(f"{system}.{head}")
            if s:
                rows.append(
                    [key, str(len(s["per_fold"])), system, f"{head} {s['mean']:.3f} ± {s['std']:.3f}"]
                )
    return rows


def hub_metadata(cfg: dict[str, Any], info: dict[str, Any], metrics: dict[str, Any]) -> dict[str, Any]:
    """The Hugging Face YAML block of the card: licence (with the data caveat), base model, data sets, language,
    library, pipeline tag, tags and a ``model-index`` with the model's own test scores from ``metrics.json``."""
    name = info.get("name") or "slant"
    results = []
    for task, sets in (metrics.get("tasks") or {}).items():
        for test_set, systems in sets.items():
            m = systems.get("model") if isinstance(systems, dict) else None
            if not isinstance(m, dict):
                continue
            scores = [{"type": k, "value": round(float(m[k]), 4), "name": k.replace("_", " ")}
                      for k in HEADLINES if isinstance(m.get(k), int | float)]  # fmt: skip
            if scores:
                results.append({"task": {"type": "text-classification", "name": task},
                                "dataset": {"name": test_set, "type": test_set, "split": "test"},
                                "metrics": scores})  # fmt: skip
    meta: dict[str, Any] = {
        "license": "other",
        "license_name": "mit-code-mixed-data",
        "base_model": cfg.get("encoder_name") or "sentence-transformers/all-MiniLM-L6-v2",
        "datasets": [s.get("name") for s in info.get("data_sources", []) if s.get("name")],
        "language": ["en"],
        "library_name": "slant",
        "pipeline_tag": "text-classification",
        "tags": ["slant", "stance-detection", "framing", "media-bias", "news", "multi-task"],
    }
    if results:
        meta["model-index"] = [{"name": name, "results": results}]
    return meta


def write_model_card(model_dir: str | Path) -> Path:
    d = Path(model_dir)
    cfg = read_json(d / "config.json", {}) or {}
    info = read_json(d / "run_info.json", {}) or {}
    dev = read_json(d / "dev_metrics.json", {}) or {}
    metrics = read_json(d / "metrics.json", {}) or {}
    cal = read_json(d / "calibration.json", None)
    tc = read_json(d / "training_config.json", {}) or {}
    meta = yaml.safe_dump(hub_metadata(cfg, info, metrics), sort_keys=False, allow_unicode=True, width=1000)
    parts = [
        "---",
        "# " + LICENCE_NOTE,
        meta.rstrip("\n"),
        "---",
        "",
        f"# {info.get('name', 'slant')} ({info.get('version', cfg.get('slant_version', ''))})",
        "",
        "A Slant multi-task model: for each sentence of a news article, stance toward each marked target "
        f"({', '.join(cfg.get('stance_labels') or [])}), the 14 generic policy frames of the Media Frames Corpus "
        f"(multi-label), and media bias of the wording ({', '.join(cfg.get('bias_labels') or [])}).",
        "",
        "## Intended use",
        "Research and journalism analysis of English news text: profiling how an article or outlet frames a story, "
        "where its wording is loaded, and how it treats the people and organisations it names. Scores are "
        "probabilistic and sentence-level; aggregate over many sentences and articles before drawing conclusions. "
        "Not for judging individual authors, moderating content, or any automated decision about people.",
        "",
        "## How to use",
        "```python",
        "from slant import Slant  # pip install slant",
        "",
        'slant = Slant.from_pretrained("path/or/owner-name")  # a local directory or a Hub id',
        'result = slant.predict("Mayor Ruth Calder said the harbor fee would pay for buses.")',
        "articles, sentences, stance = result.to_pandas()",
        "```",
        "From the command line: `slant predict article.txt --model DIR`; `slant serve --model DIR` opens a page to "
        "paste articles into. `transformers` loads the network alone with "
        "`AutoModel.from_pretrained(DIR, trust_remote_code=True)` (the two modules it runs only re-export Slant's "
        "classes, so Slant must be installed).",
        "",
        "## Model",
        f"- Encoder: `{cfg.get('encoder_name', '')}` ({(cfg.get('encoder') or {}).get('num_hidden_layers', '?')} layers, "
        f"hidden {(cfg.get('encoder') or {}).get('hidden_size', '?')}), fine-tuned with three heads.",
        f"- Stance input: `{cfg.get('stance_input')}`, head `{cfg.get('stance_head', 'concat')}`; article frames: `{cfg.get('article_frames', 'pool')}` (sentence pooling `{cfg.get('mil_pooling')}`); "
        f"max {cfg.get('max_length')} tokens per sentence; a sentence's frames read its article with weight "
        f"{cfg.get('frame_context', 0.0)} (`frame_context`; 0 = the sentence alone).",
        f"- Calibration: {'temperature scaling per head, fitted on dev data (calibration.json)' if cal else 'none yet (run `slant evaluate`)'}.",
        "",
        "## Training run",
        f"- Preset `{info.get('preset', tc.get('preset', ''))}`, seed {info.get('seed', tc.get('seed', ''))}"
        f"{_train_seed(info)}, "
        f"{info.get('steps', '?')} steps on {info.get('device', '?')} with {info.get('threads', '?')} threads.",
        f"- Wall time {info.get('train_seconds', 0) / 60:.1f} min; peak memory {info.get('peak_memory_mb', '?')} MB; "
        f"stopped: {info.get('stopped', '?')}.",
        f"- Best dev {info.get('selection', 'mean')} score "
        f"{_fmt(info.get('best_dev_score', info.get('best_dev_mean', dev.get('mean', ''))))} "
        f"at step {info.get('best_step', dev.get('step', ''))}: "
        + ", ".join(f"{k} {_fmt(v)}" for k, v in dev.items() if k not in ("step", "mean", "weighted")),
        *([f"- Reselected after the run: {info['reselected']}."] if info.get("reselected") else []),
        f"- Git commit `{info.get('git_commit', '')}`; command `{info.get('command', '')}`.",
        f"- Versions: {', '.join(f'{k} {v}' for k, v in (info.get('versions') or {}).items())}.",
        "",
        "## Data and licences",
        LICENCE_NOTE,
        "",
        "The model saw these corpora (train splits only; test splits and their near-duplicates held out). "
        "Licences differ and several are unstated: check them before using the model beyond research.",
        "",
        _table(
            [[s.get("name"), s.get("licence"), s.get("origin")] for s in info.get("data_sources", [])],
            ["corpus", "licence as written", "origin"],
        ),
        *(
            [
                "",
                f"Frames teacher (`{t.get('task')}`): `{t.get('encoder')}`, {t.get('licence')}; {t.get('use')}.",
            ]
            if (t := info.get("teacher"))
            else []
        ),
        "",
        "## Test metrics",
    ]
    rows = held_out_metric_rows(metrics)
    parts.append(
        _table(rows, ["task", "test set", "system", "metrics", "95% CI (headline)"])
        if rows
        else "Not evaluated yet: run `slant evaluate --model DIR` (`make eval`)."
    )
    cv_rows = cv_metric_rows(metrics)
    if cv_rows:
        parts += [
            "",
            "## Cross-validation (each fold retrains a model; its tasks are in metrics.json)",
            "",
            _table(cv_rows, ["protocol", "folds", "system", "mean ± std (headline)"]),
        ]
    parts += [
        "",
        "## Limitations",
        "- Trained on US/UK English news of 2010-2020 (NewsMTSC, BABE/MBIC, GVFC, SemEval-2023): other languages, "
        "genres and periods are out of distribution.",
        "- Sentence frames are learnt from gun-violence headlines (9 of the 14 frames) and from article-level "
        "SemEval labels by multiple-instance pooling: per-sentence frame scores are weakly supervised.",
        "- Bias labels reflect BABE's expert annotators' judgement of loaded wording, not factual accuracy.",
        "- Stance is sentiment toward a mentioned target as NewsMTSC defines it, not agreement with a claim.",
        "",
    ]
    out = d / "README.md"
    out.write_text("\n".join(parts), encoding="utf-8")
    return out
