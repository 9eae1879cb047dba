"""The systems `slant bench` times, each run in its own process so that peak memory is its own.

Systems:
    ``slant-fp32`` / ``slant-int8``: `ArticlePipeline.score_articles` (clean -> split -> targets -> batched
        `Predictor` -> result JSON) with the torch model, fp32 or int8 dynamic quantisation of the linear layers.
    ``slant-bf16``: the torch pipeline with bfloat16 weights (AMX / AVX512-BF16 matrix units where the CPU has
        them).
    ``slant-default`` / ``slant-onnx-int8``: the same pipeline with the forward pass in ONNX Runtime (fp32
        weights: the default backend of predict, compare, serve and the Python API; or int8 weights for the
        encoder layers that tolerate it).
    ``naive``: `transformers.pipeline("text-classification")` called once per sentence in a Python loop, on a
        plain sequence classifier built from the same encoder weights.
"""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from tqdm.auto import tqdm

SLANT_SYSTEMS = ("slant-fp32", "slant-int8", "slant-bf16", "slant-default", "slant-onnx-int8")
ONNX_SYSTEMS = (
    "slant-default",
    "slant-onnx-int8",
)  # slant-default: ONNX Runtime fp32, what every command runs
NAIVE = "naive"
WARMUP_SENTENCES = 16


def peak_rss_mb() -> float:
    """This process's resident-set high-water mark in MiB.

    On Linux this is VmHWM of /proc/self/status: it belongs to the process's own address space, whereas
    getrusage's ru_maxrss survives fork and exec, so a spawned worker would report at least its parent's peak.
    """
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def set_threads(threads: int) -> None:
    """Intra-op threads for torch; one inter-op thread (allowed only before torch's first parallel work)."""
    import torch

    torch.set_num_threads(threads)
    try:
        torch.set_num_interop_threads(1)
    except RuntimeError:  # already fixed in this process (a second in-process run)
        pass


def build_predictor(system: str, model_dir: str | Path, *, batch_size: int | None, threads: int):  # type: ignore[no-untyped-def]
    """The `Predictor` behind a Slant system (its `load_seconds` is the load time); ``batch_size=None`` takes the
    system's default (`slant.model.defaults`)."""
    from slant.model import Predictor
    from slant.model.defaults import batch_size_for

    if system in ONNX_SYSTEMS:
        from slant.model.onnx import onnx_predictor

        return onnx_predictor(
            model_dir,
            quantize=system.endswith("int8"),
            batch_size=batch_size_for("fp32", batch_size),
            threads=threads,
        )
    return Predictor.from_pretrained(
        model_dir,
        quantize=system == "slant-int8",
        batch_size=batch_size,
        device="cpu",
        threads=threads,
        precision="bf16" if system == "slant-bf16" else "fp32",
    )


def naive_model_dir(model_dir: str | Path, out_dir: str | Path) -> Path:
    """Save a plain `AutoModelForSequenceClassification` (2-way head) holding the Slant model's encoder weights."""
    from transformers import AutoConfig, AutoModelForSequenceClassification

    from slant.model.io import load_model

    model, tokenizer = load_model(model_dir)
    enc_cfg = dict(model.config.encoder)
    cfg = AutoConfig.for_model(
        enc_cfg.pop("model_type"),
        **{
            **enc_cfg,
            "num_labels": 2,
            "id2label": {0: "neutral", 1: "biased"},
            "label2id": {"neutral": 0, "biased": 1},
        },
    )
    clf = AutoModelForSequenceClassification.from_config(cfg)
    base = getattr(clf, clf.base_model_prefix)
    missing, unexpected = base.load_state_dict(model.encoder.state_dict(), strict=False)
    if unexpected or [k for k in missing if not k.endswith("position_ids")]:
        raise ValueError(
            f"encoder weights do not fit a plain {type(clf).__name__}: missing {missing[:3]}, "
            f"unexpected {unexpected[:3]}"
        )
    out = Path(out_dir)
    clf.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    return out


def _time_slant(system: str, job: dict[str, Any]) -> dict[str, Any]:
    from slant.predict.pipeline import ArticlePipeline

    pred = build_predictor(system, job["model_dir"], batch_size=job["batch_size"], threads=job["threads"])
    pipe = ArticlePipeline(pred)
    articles = job["articles"]
    pipe.score_articles(articles[:1])  # warm-up: first-call allocations and lazy imports
    runs, cpu, n_sent = [], [], 0
    for _ in tqdm(range(job["repeats"]), desc=system, unit="run", disable=not job["progress"]):
        c0, t0 = time.process_time(), time.perf_counter()
        results = pipe.score_articles(articles)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        n_sent = sum(len(r["sentences"]) for r in results)
    return {"load_seconds": pred.load_seconds, "sentences": n_sent, "run_seconds": runs, "cpu_seconds": cpu}


def _time_naive(job: dict[str, Any]) -> dict[str, Any]:
    import torch
    from transformers import AutoModelForSequenceClassification, AutoTokenizer, pipeline

    t0 = time.perf_counter()
    model = AutoModelForSequenceClassification.from_pretrained(job["naive_dir"])
    tokenizer = AutoTokenizer.from_pretrained(job["naive_dir"])
    clf = pipeline(
        "text-classification",
        model=model,
        tokenizer=tokenizer,
        device=-1,
        truncation=True,
        max_length=job["max_length"],
    )
    load = time.perf_counter() - t0
    sentences = job["sentences"]
    for s in sentences[:WARMUP_SENTENCES]:
        clf(s)
    runs, cpu = [], []
    for r in range(job["repeats"]):
        c0, t0 = time.process_time(), time.perf_counter()
        with torch.inference_mode():
            for s in tqdm(sentences, desc=f"naive run {r + 1}", unit="sent", disable=not job["progress"]):
                clf(s)
        runs.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    return {"load_seconds": load, "sentences": len(sentences), "run_seconds": runs, "cpu_seconds": cpu}


def run_system(system: str, job: dict[str, Any]) -> dict[str, Any]:
    """Time one system on the job's articles/sentences; returns load time, throughput and peak memory.

    `job` holds: model_dir, naive_dir, articles (article dicts), sentences (their texts), batch_size, threads,
    repeats, max_length, progress. Throughput is the median over repeats of sentences / wall-clock seconds.
    """
    set_threads(job["threads"])
    raw = _time_naive(job) if system == NAIVE else _time_slant(system, job)
    med = statistics.median(raw["run_seconds"])
    return {
        "system": system,
        "load_seconds": round(raw["load_seconds"], 3),
        "sentences": raw["sentences"],
        "run_seconds": [round(x, 3) for x in raw["run_seconds"]],
        "cpu_seconds": [round(x, 3) for x in raw["cpu_seconds"]],
        "sentences_per_second": round(raw["sentences"] / med, 2) if med > 0 else float("inf"),
        "cpu_sentences_per_second": round(
            raw["sentences"] / max(statistics.median(raw["cpu_seconds"]), 1e-9), 2
        ),
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }


def run_isolated(system: str, job: dict[str, Any]) -> dict[str, Any]:
    """`run_system` in a fresh spawned process, so its peak RSS is not shared with the other systems."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        return pool.submit(run_system, system, job).result()


def temp_naive_dir(model_dir: str | Path) -> tempfile.TemporaryDirectory:
    """A temporary directory holding the naive baseline's model (caller cleans it up)."""
    tmp = tempfile.TemporaryDirectory(prefix="slant-bench-naive-")
    naive_model_dir(model_dir, tmp.name)
    return tmp
