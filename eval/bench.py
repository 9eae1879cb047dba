"""`slant bench`: sentences per second of the Slant article pipeline against a naive transformers loop.

One run samples real articles (Article-Bias-Prediction, leaning_random test split, seeded), then times, each in a
fresh process: the Slant pipeline end to end (clean -> split -> targets -> batched Predictor -> result JSON) in
torch fp32, ONNX Runtime fp32, torch int8 and ONNX Runtime int8, and a naive
`transformers.pipeline("text-classification")` loop over the same sentences one at a time. It reports load times,
throughput (median of repeats, warm-up excluded), the Slant/naive ratio, peak RSS per system and what quantisation
costs in accuracy (bias and stance F1 on the BABE and NewsMTSC rw/mt test sets, torch fp32 vs every other system,
and how often their predictions agree).

Example:
    $ slant bench --model artifacts/model --out artifacts/bench --articles 40 --threads 2
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant.eval.bench_systems import (
    NAIVE,
    ONNX_SYSTEMS,
    SLANT_SYSTEMS,
    build_predictor,
    run_isolated,
    run_system,
    temp_naive_dir,
)
from slant.model.defaults import BATCH_SIZE, BATCH_SIZE_BF16
from slant.options import add_options, build, options_from_args
from slant.tasks.registry import REGISTRY

# quality-check name -> (task, test split), from each task's `bench_splits`
QUALITY_SPLITS: dict[str, tuple[str, str]] = {
    check: (t.name, split) for t in REGISTRY.values() for check, split in t.bench_splits.items()
}


@dataclass(frozen=True)
class BenchConfig:
    """What `slant bench` measures.

    Attributes:
        model: Model directory written by `slant train`.
        out: Directory for bench.json and bench.md.
        articles: Real articles sampled (seeded) from the Article-Bias-Prediction test split.
        seed: Seed of every sample.
        threads: CPU threads every system may use.
        batch_size: Sentences per forward pass of the Slant predictor.
        repeats: Timed runs per system (the median is reported); a warm-up run is never timed.
        quantize: Also measure the quantised systems (torch int8, ONNX Runtime int8 when available).
        bf16: Also measure torch with bfloat16 weights (fast where the CPU has AMX or AVX512-BF16 units).
        skip_naive: Do not time the naive loop (no ratio then).
        quality_samples: Rows per task for the quantisation metric check: a seeded sample when the test set is
            larger, the whole set otherwise (the default covers all of BABE and NewsMTSC rw/mt); 0 skips it.
        isolate: Run each system in a fresh process (separate peak memory); off only for tests.
        progress: Show tqdm bars.
    """

    model: str = field(
        default="artifacts/model", metadata={"help": "model directory written by `slant train`"}
    )
    out: str = field(default="artifacts/bench", metadata={"help": "where bench.json and bench.md go"})
    articles: int = field(
        default=40, metadata={"help": "real articles sampled (seeded) from the ABP test split"}
    )
    seed: int = field(default=13, metadata={"help": "seed of the article and test-set samples"})
    threads: int = field(default=2, metadata={"help": "CPU threads every system may use"})
    batch_size: int | None = field(
        default=None,
        metadata={"help": f"sentences per forward pass (default: {BATCH_SIZE}; {BATCH_SIZE_BF16} for bf16)"},
    )
    repeats: int = field(default=3, metadata={"help": "timed runs per system; the median is reported"})
    quantize: bool = field(
        default=True, metadata={"help": "also time the int8 systems (--no-quantize: only fp32)"}
    )
    bf16: bool = field(default=True, metadata={"help": "also time bfloat16 weights (--no-bf16: skip)"})
    skip_naive: bool = field(default=False, metadata={"help": "do not time the naive transformers loop"})
    quality_samples: int = field(
        default=5000,
        metadata={"help": "rows per task for the int8 metric check (whole test set when smaller; 0: skip)"},
    )
    isolate: bool = field(default=True, metadata={"cli": False})
    progress: bool = field(default=True, metadata={"help": "show progress bars (--no-progress: none)"})

    def __post_init__(self) -> None:
        for name, lo, hi in (
            ("articles", 1, 100_000),
            ("threads", 1, 512),
            ("repeats", 1, 100),
            ("quality_samples", 0, 1_000_000),
        ):
            value = getattr(self, name)
            if not isinstance(value, int) or not lo <= value <= hi:
                raise ValueError(f"{name}={value!r} invalid; expected an integer in {lo}..{hi}")
        if self.batch_size is not None and not (
            isinstance(self.batch_size, int) and 1 <= self.batch_size <= 4096
        ):
            raise ValueError(
                f"batch_size={self.batch_size!r} invalid; expected an integer in 1..4096 or None"
            )


def sample_articles(n: int, seed: int) -> list[dict[str, Any]]:
    """`n` seeded Article-Bias-Prediction test articles as pipeline inputs ({id, text, outlet})."""
    from slant.data.registry import load_task

    test = load_task("leaning_random", seed=seed)["test"]
    idx = np.random.default_rng(seed).choice(len(test), size=min(n, len(test)), replace=False)
    return [
        {"id": test[int(i)]["id"], "text": test[int(i)]["text"], "outlet": test[int(i)]["outlet"]}
        for i in idx
    ]


def systems_for(cfg: BenchConfig) -> list[str]:
    """Systems to time: torch fp32 always, slant-default (ONNX fp32) when onnxruntime and onnx are importable; the int8
    ones if quantising; slant-bf16 unless switched off."""
    out = ["slant-fp32"]
    onnx = _onnx_ready(cfg.model)
    if onnx:
        out.append("slant-default")
    if cfg.quantize:
        out.append("slant-int8")
        if onnx:
            out.append("slant-onnx-int8")
    if cfg.bf16:
        out.append("slant-bf16")
    if not cfg.skip_naive:
        out.append(NAIVE)
    return out


def _onnx_ready(model_dir: str) -> bool:
    import importlib.util

    from slant.model.onnx import onnx_path

    if importlib.util.find_spec("onnxruntime") is None:
        return False
    return onnx_path(model_dir, quantize=True).is_file() or importlib.util.find_spec("onnx") is not None


# -- quantisation metric check ----------------------------------------------------------------------------------
def _sample(ds, n: int, seed: int):  # type: ignore[no-untyped-def]
    if n >= len(ds):
        return ds
    return ds.select(sorted(np.random.default_rng(seed).choice(len(ds), size=n, replace=False).tolist()))


def quality_check(
    cfg: BenchConfig, systems: list[str], tasks: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The test metrics of torch fp32 and every other Slant system (`Task.bench_metrics`, in points), with how
    often each system's predictions agree with fp32's.

    `tasks` maps a name of `QUALITY_SPLITS` to a `datasets.Dataset` in the row schema; by default: BABE test
    ("bias"), NewsMTSC devtest_rw ("stance") and devtest_mt ("stance_mt") from `slant.data.registry.load_task`,
    seeded samples when larger than `cfg.quality_samples`.
    """
    from slant.eval.metrics import classification_scores
    from slant.tasks.registry import get_task

    if tasks is None:
        from slant.data.registry import load_task

        tasks = {
            name: _sample(load_task(task, seed=cfg.seed)[split], cfg.quality_samples, cfg.seed)
            for name, (task, split) in QUALITY_SPLITS.items()
        }
    unknown = sorted(set(tasks) - set(QUALITY_SPLITS))
    if unknown:
        raise ValueError(f"quality task(s) {unknown}: expected names among {tuple(QUALITY_SPLITS)}")
    quantised = [s for s in systems if s in SLANT_SYSTEMS and s != "slant-fp32"]
    out: dict[str, Any] = {"n": {t: len(ds) for t, ds in tasks.items()}, "systems": {}}
    preds: dict[str, dict[str, np.ndarray]] = {}
    for system in ["slant-fp32", *quantised]:
        pred = build_predictor(system, cfg.model, batch_size=cfg.batch_size, threads=cfg.threads)
        res, preds[system] = {}, {}
        for name, ds in tasks.items():
            task = get_task(QUALITY_SPLITS[name][0])
            labels = task.labels(pred.config)
            if labels != task.labels():
                raise ValueError(
                    f"{cfg.model}: {task.output} labels {list(labels)}; expected the data's {list(task.labels())}"
                )
            split = task.split(ds)
            y = np.argmax(task.logits(pred, split, article_cap=0), axis=1)
            scores = classification_scores(split.y, y, labels)
            res.update({f"{name}_{m}": 100 * scores[m] for m in task.bench_metrics})
            preds[system][name] = y
        out["systems"][system] = {k: round(v, 2) for k, v in res.items()}
    base = out["systems"]["slant-fp32"]
    for system in quantised:
        row = out["systems"][system]
        row["delta_points"] = {k: round(row[k] - base[k], 2) for k in base}
        row["agreement"] = {
            t: round(float(np.mean(preds[system][t] == preds["slant-fp32"][t])), 4) for t in preds[system]
        }
    return out


# -- the whole run -----------------------------------------------------------------------------------------------
def bench(
    cfg: BenchConfig,
    articles: list[dict[str, Any]] | None = None,
    quality_tasks: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Run every system, the quantisation check, and write bench.json and bench.md to `cfg.out`.

    Args:
        cfg: what to measure.
        articles: article dicts ({id, text}); by default `sample_articles(cfg.articles, cfg.seed)`.
        quality_tasks: datasets for `quality_check`; by default seeded test-set samples.

    Returns:
        The report dict that bench.json holds.
    """
    from slant.predict.pipeline import ArticlePipeline

    articles = articles if articles is not None else sample_articles(cfg.articles, cfg.seed)
    systems = systems_for(cfg)
    if any(s in ONNX_SYSTEMS for s in systems):  # build the ONNX files up front: no timed run pays
        from slant.model.onnx import export_onnx

        export_onnx(cfg.model, quantize="slant-onnx-int8" in systems)
    # The pipeline's own cleaning and splitting decide the sentences every system sees.
    pipe = ArticlePipeline(
        build_predictor("slant-fp32", cfg.model, batch_size=cfg.batch_size, threads=cfg.threads)
    )
    prepared = [pipe.prepare(a) for a in articles]
    del pipe
    sentences = [s.text for p in prepared for s in p.sentences]
    job = {
        "model_dir": str(cfg.model),
        "articles": articles,
        "sentences": sentences,
        "batch_size": cfg.batch_size,
        "threads": cfg.threads,
        "repeats": cfg.repeats,
        "progress": cfg.progress,
        "naive_dir": None,
        "max_length": _max_length(cfg.model),
    }
    results: dict[str, Any] = {}
    tmp = temp_naive_dir(cfg.model) if NAIVE in systems else None
    try:
        job["naive_dir"] = tmp.name if tmp else None
        for system in systems:
            results[system] = (run_isolated if cfg.isolate else run_system)(system, job)
            _print_row(results[system])
    finally:
        if tmp:
            tmp.cleanup()
    report = {
        "config": asdict(cfg),
        "workload": {
            "articles": len(articles),
            "sentences": len(sentences),
            "targets": sum(len(sp) for p in prepared for sp in p.spans()),
            "source": "article_bias_prediction leaning_random test (seeded sample)",
        },
        "machine": {
            "cpus": os.cpu_count(),
            "affinity": len(os.sched_getaffinity(0)),
            "load_avg": os.getloadavg(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            "bf16_units": bf16_units(),
        },
        "systems": results,
        "ratios": _ratios(results),
        "quality": quality_check(cfg, systems, quality_tasks) if cfg.quality_samples else None,
    }
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "bench.json").write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    (out / "bench.md").write_text(render_markdown(report), encoding="utf-8")
    return report


def bf16_units() -> list[str]:
    """The CPU's bfloat16 matrix features (``amx_bf16``, ``avx512_bf16``) from /proc/cpuinfo: without them bf16
    weights run slower than fp32, so the bench row of slant-bf16 only means something beside this."""
    try:
        with open("/proc/cpuinfo", encoding="ascii", errors="replace") as f:
            flags = next((line.split(":", 1)[1].split() for line in f if line.startswith("flags")), [])
    except OSError:
        return []
    return [u for u in ("amx_bf16", "avx512_bf16") if u in flags]


def _batch_text(batch_size: int | None) -> str:
    return str(batch_size) if batch_size is not None else f"{BATCH_SIZE} ({BATCH_SIZE_BF16} for bf16)"


def _max_length(model_dir: str) -> int:
    raw = json.loads((Path(model_dir) / "config.json").read_text(encoding="utf-8"))
    return int(raw.get("max_length", 128))


def _ratios(results: dict[str, Any]) -> dict[str, float]:
    naive = results.get(NAIVE)
    if not naive:
        return {}
    return {
        s: round(r["sentences_per_second"] / naive["sentences_per_second"], 2)
        for s, r in results.items()
        if s != NAIVE
    }


def _print_row(r: dict[str, Any]) -> None:
    print(
        f"{r['system']:<16} load {r['load_seconds']:6.2f} s  {r['sentences_per_second']:8.1f} sent/s  "
        f"(cpu-time {r['cpu_sentences_per_second']:7.1f})  peak RSS {r['peak_rss_mb']:7.0f} MiB",
        file=sys.stderr,
    )


def render_markdown(report: dict[str, Any]) -> str:
    """bench.md: the workload, one row per system, ratios and the quantisation check."""
    w, m = report["workload"], report["machine"]
    lines = [
        "# Slant prediction benchmark",
        "",
        f"{w['articles']} articles, {w['sentences']} sentences, {w['targets']} target mentions ({w['source']}); "
        f"{report['config']['threads']} threads, batch size {_batch_text(report['config']['batch_size'])}, "
        f"{report['config']['repeats']} timed runs per system (median; warm-up excluded). "
        f"Machine: {m['affinity']} usable CPUs, load average {', '.join(f'{x:.1f}' for x in m['load_avg'])}; "
        f"bfloat16 matrix units: {', '.join(m.get('bf16_units') or []) or 'none'}.",
        "",
        "| system | load s | sentences/s (wall) | sentences/s (CPU time) | × naive | peak RSS MiB | runs s |",
        "|---|---|---|---|---|---|---|",
    ]
    for s, r in report["systems"].items():
        ratio = report["ratios"].get(s, "")
        lines.append(
            f"| {s} | {r['load_seconds']:.2f} | {r['sentences_per_second']:.1f} | "
            f"{r['cpu_sentences_per_second']:.1f} | {ratio} | {r['peak_rss_mb']:.0f} | "
            f"{', '.join(f'{x:.1f}' for x in r['run_seconds'])} |"
        )
    lines += [
        "",
        "Slant systems run the whole article pipeline (clean, split, targets, all three heads, result "
        "JSON); the naive loop classifies the same sentences, one `pipeline()` call each, with one 2-way head.",
        "Peak RSS is each system's own process high-water mark (imports included).",
    ]
    q = report.get("quality")
    if q:
        lines += [
            "",
            f"## Quantisation and bf16 check (test rows: {q['n']})",
            "",
            "| system | metric | value | Δ points vs fp32 | agreement with fp32 |",
            "|---|---|---|---|---|",
        ]
        for s, row in q["systems"].items():
            for k, v in row.items():
                if k in ("delta_points", "agreement"):
                    continue
                delta = row.get("delta_points", {}).get(k, "")
                task = max((t for t in q["n"] if k.startswith(t + "_")), key=len, default="")
                agree = row.get("agreement", {}).get(task, "")
                lines.append(f"| {s} | {k} | {v:.2f} | {delta} | {agree} |")
    return "\n".join(lines) + "\n"


def build_parser() -> argparse.ArgumentParser:
    """BenchConfig's fields as flags (`slant.options`; also --config FILE)."""
    p = argparse.ArgumentParser(prog="slant bench", description=__doc__.split("\n\n")[0])
    add_options(p, BenchConfig)
    p.add_argument("-o", "--output", dest="out", default=None, help=argparse.SUPPRESS)  # aliases of --out
    return p


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        cfg = build(BenchConfig, options_from_args(BenchConfig, args))
        if not Path(cfg.model).is_dir():
            raise ValueError(f"{cfg.model}: no such model directory; expected the output of `slant train`")
        report = bench(cfg)
    except (ValueError, OSError) as exc:  # ModelDirError and DataError are ValueErrors
        print(f"slant bench: error: {exc}", file=sys.stderr)
        return 1
    print(render_markdown(report))
    return 0


if __name__ == "__main__":
    sys.exit(main())
