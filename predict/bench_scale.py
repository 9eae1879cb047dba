"""`make bench-scale`: `slant predict --format jsonl` on growing slices of a real corpus, as a user runs it.

For each size N (default 400 and 4,000), the first N articles of a seeded permutation of Article-Bias-Prediction
(read with the project's loader from the corpus mirror; each cut to its first 6,000 characters) are written to a
JSONL file and scored by a separate ``python -m slant predict`` process (``--max-sentences 40``). Measured:
wall time, the process's peak RSS (VmHWM, as the process reads it at the end into its run record, and as
``/proc/<pid>/status`` shows it while it runs: the larger),
articles/s and sentences/s (end to end, and scoring only, from the output's run record).

Then the kill check, on the smallest size: the same command is started again, killed with SIGKILL once about
half of the articles are committed, restarted with ``--resume``, and its output compared byte for byte with the
uninterrupted run's.

Checks (exit 1 when one fails): peak RSS at the largest size <= 1.1x peak RSS at the smallest; the resumed output
equals the uninterrupted one; with ``--reference-sps`` (the ``make bench`` figure of the same backend), scoring
sentences/s at the largest size >= it. Writes ``bench_scale.json`` and ``bench_scale.md`` to ``--out``.

Example:
    $ python -m slant.predict.bench_scale --model artifacts/model --sizes 100,400 --backend onnx --quantize
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

CORPUS_ARTICLES = 37_554  # Article-Bias-Prediction, for the projection
RSS_RATIO_MAX = 1.1


def write_articles(path: Path, n: int, *, seed: int, chars: int) -> int:
    """The first ``n`` articles of a seeded permutation of Article-Bias-Prediction as JSONL; returns how many."""
    import numpy as np

    from slant.data.registry import load_source

    parsed, _ = load_source("article_bias_prediction")
    rows = parsed.parts["all"]
    order = np.random.default_rng(seed).permutation(len(rows))[:n]
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        for k in order:
            r = rows[int(k)]
            fh.write(json.dumps({"id": r["id"], "outlet": r["outlet"], "text": r["text"][:chars]}) + "\n")
    return len(order)


def _vm_hwm_kb(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def run_predict(
    cmd: list[str], *, kill_at_rows: int | None = None, record: Path | None = None
) -> dict[str, Any]:
    """Run one predict process; peak RSS in MB, wall seconds, exit code (and ``killed_at`` rows when killed)."""
    t0 = time.perf_counter()
    with tempfile.TemporaryFile("w+") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=log, text=True)
        hwm, killed_at = 0, None
        while True:
            # Not ru_maxrss: Linux counts the forking parent's memory in the child's maximum.
            pid, status = os.waitpid(proc.pid, os.WNOHANG)
            if pid:
                break
            hwm = max(hwm, _vm_hwm_kb(proc.pid))
            if kill_at_rows is not None and killed_at is None and record is not None and record.is_file():
                try:
                    rows = json.loads(record.read_text())["rows"]
                except (ValueError, KeyError, OSError):
                    rows = 0
                if rows >= kill_at_rows:
                    os.kill(proc.pid, signal.SIGKILL)
                    killed_at = rows
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        err = log.read()
    return {"rc": proc.returncode, "wall_s": time.perf_counter() - t0,
            "peak_rss_mb": hwm / 1024, "killed_at": killed_at, "stderr": err[-2000:]}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    from slant.model.defaults import PRECISIONS

    p = argparse.ArgumentParser(
        prog="python -m slant.predict.bench_scale", description=__doc__.split("\n")[0]
    )
    p.add_argument("--model", default="artifacts/model")
    p.add_argument("--out", default="artifacts/bench-scale")
    p.add_argument(
        "--sizes", default="400,4000", help="comma-separated article counts (default: %(default)s)"
    )
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--chars", type=int, default=6000, help="characters kept per article")
    p.add_argument("--max-sentences", type=int, default=40)
    p.add_argument("--backend", default="onnx")
    p.add_argument("--quantize", action="store_true")
    p.add_argument("--precision", default="fp32", choices=PRECISIONS)
    p.add_argument("--workers", type=int, default=1)
    p.add_argument(
        "--chunk-size",
        type=int,
        default=64,
        help="articles per chunk (at most a quarter of the smallest size)",
    )
    p.add_argument("--reference-sps", type=float, default=None, help="`make bench` sentences/s, same backend")
    p.add_argument("--bench-json", default=None,
                   help="`make bench`'s bench.json: its sentences/s of the same system is the reference")  # fmt: skip
    a = p.parse_args(argv)
    reference = a.reference_sps or reference_sps(
        a.bench_json, bench_system(a.backend, a.quantize, a.precision)
    )
    sizes = sorted({int(s) for s in a.sizes.split(",") if s.strip()})
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    base = [sys.executable, "-m", "slant", "predict", "--model", a.model, "--format", "jsonl", "--backend", a.backend,
            "--max-sentences", str(a.max_sentences), "--workers", str(a.workers), "--no-progress"]  # fmt: skip
    base += ["--quantize"] if a.quantize else []
    base += ["--precision", a.precision] if a.precision != "fp32" else []
    # The kill check needs several chunks in the smallest run; every run uses the same chunking.
    base += ["--chunk-size", str(max(1, min(a.chunk_size, sizes[0] // 4)))]
    if a.backend == "onnx":  # export the graph once, outside the measured runs
        from slant.model.onnx import export_onnx

        export_onnx(a.model, quantize=a.quantize)

    rows = []
    for n in sizes:
        src = out / f"articles-{n}.jsonl"
        got = write_articles(src, n, seed=a.seed, chars=a.chars)
        res = out / f"predicted-{n}.jsonl"
        r = run_predict([*base, str(src), "-o", str(res)])
        if r["rc"] != 0:
            print(
                f"bench-scale: slant predict failed on {n} articles (exit {r['rc']}):\n{r['stderr']}",
                file=sys.stderr,
            )
            return 1
        stats = json.loads((out / f"predicted-{n}.jsonl.slant.json").read_text())["stats"]
        rows.append({"articles": got, "sentences": stats["sentences"], "distinct_sentences": stats["unique_sentences"],
                     "wall_s": round(r["wall_s"], 1), "scoring_s": stats["seconds"],
                     "articles_per_s": round(got / r["wall_s"], 2),
                     "sentences_per_s": round(stats["sentences"] / r["wall_s"], 1),
                     "scoring_articles_per_s": round(got / stats["seconds"], 2),
                     "scoring_sentences_per_s": round(stats["sentences"] / stats["seconds"], 1),
                     "prepare_s": stats["prepare_s"], "model_s": stats["score_s"],
                     "peak_rss_mb": round(max(r["peak_rss_mb"], stats.get("peak_rss_mb") or 0), 1)})  # fmt: skip
        print(f"bench-scale: {rows[-1]}", file=sys.stderr)

    n = sizes[0]
    part = out / f"killed-{n}.jsonl"
    record = out / f"killed-{n}.jsonl.slant.json"
    for stale in (part, record):
        stale.unlink(missing_ok=True)
    cmd = [*base, str(out / f"articles-{n}.jsonl"), "-o", str(part)]
    first = run_predict(cmd, kill_at_rows=n // 2, record=record)
    committed = json.loads(record.read_text())["committed"]["results"]
    tail = part.stat().st_size - committed
    second = run_predict([*cmd, "--resume"])
    equal = second["rc"] == 0 and part.read_bytes() == (out / f"predicted-{n}.jsonl").read_bytes()
    kill = {"articles": n, "killed_at_rows": first["killed_at"], "uncommitted_tail_bytes": tail,
            "resume_rc": second["rc"], "equal": equal}  # fmt: skip

    small, large = rows[0], rows[-1]
    checks = {
        "rss_ratio": round(large["peak_rss_mb"] / small["peak_rss_mb"], 3),
        "rss_flat": large["peak_rss_mb"] <= RSS_RATIO_MAX * small["peak_rss_mb"],
        "resume_equal": equal,
        # start-up (imports, model load) once, then the steady scoring rate of the largest run
        "projected_corpus_h": round(
            (large["wall_s"] - large["scoring_s"] + CORPUS_ARTICLES / large["scoring_articles_per_s"]) / 3600,
            2,
        ),
    }
    if reference:
        checks["reference_sps"] = reference
        checks["throughput_ok"] = large["scoring_sentences_per_s"] >= reference
    report = {
        "command": " ".join(base),
        "seed": a.seed,
        "chars": a.chars,
        "rows": rows,
        "kill": kill,
        "checks": checks,
    }
    (out / "bench_scale.json").write_text(json.dumps(report, indent=2) + "\n")
    (out / "bench_scale.md").write_text(render(report))
    print(render(report))
    ok = checks["rss_flat"] and checks["resume_equal"] and checks.get("throughput_ok", True)
    return 0 if ok else 1


def bench_system(backend: str, quantize: bool, precision: str = "fp32") -> str:
    """The `make bench` row that times what ``slant predict --backend B [--quantize] [--precision P]`` runs."""
    if precision == "bf16":
        return "slant-bf16"
    if backend == "onnx":
        return "slant-onnx-int8" if quantize else "slant-default"
    return "slant-int8" if quantize else "slant-fp32"


def reference_sps(bench_json: str | None, system: str) -> float | None:
    """Sentences/s of ``system`` in a `make bench` report, or None (with a note) when it is not there."""
    if not bench_json:
        return None
    try:
        systems = json.loads(Path(bench_json).read_text(encoding="utf-8"))["systems"]
        return float(systems[system]["sentences_per_second"])
    except (OSError, ValueError, KeyError, TypeError) as err:
        print(f"bench-scale: no `make bench` figure for {system} in {bench_json} ({type(err).__name__}: {err}); "
              "the throughput check is skipped", file=sys.stderr)  # fmt: skip
        return None


def render(report: dict[str, Any]) -> str:
    lines = [
        "| articles | sentences (distinct) | wall | articles/s | sentences/s | scoring sentences/s | reading+cleaning "
        "| model | peak RSS |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in report["rows"]:
        lines.append(f"| {r['articles']:,} | {r['sentences']:,} ({r['distinct_sentences']:,}) | {r['wall_s']:.0f} s | "
                     f"{r['articles_per_s']:.2f} | {r['sentences_per_s']:.0f} | {r['scoring_sentences_per_s']:.0f} | "
                     f"{r['prepare_s']:.0f} s | {r['model_s']:.0f} s | {r['peak_rss_mb']:.0f} MB |")  # fmt: skip
    k, c = report["kill"], report["checks"]
    lines += [
        "",
        f"Kill check ({k['articles']} articles): SIGKILL at {k['killed_at_rows']} committed rows "
        f"({k['uncommitted_tail_bytes']} bytes of the chunk in flight past the commit), `--resume` exit "
        f"{k['resume_rc']}, output equal to the uninterrupted run: {'yes' if k['equal'] else 'NO'}.",
        f"Peak RSS largest/smallest: {c['rss_ratio']} (target <= {RSS_RATIO_MAX}: {'met' if c['rss_flat'] else 'MISSED'}). "
        f"Projected Article-Bias-Prediction ({CORPUS_ARTICLES:,} articles; start-up once, then the largest run's "
        "scoring rate): "
        f"{c['projected_corpus_h']} h.",
        f"Command: `{report['command']}`",
    ]
    if "reference_sps" in c:
        ok = "met" if c["throughput_ok"] else "MISSED"
        lines.insert(-1, f"Scoring rate of the largest run vs `make bench` for the same system: "
                         f"{report['rows'][-1]['scoring_sentences_per_s']:.0f} vs {c['reference_sps']:.0f} sentences/s ({ok}).")  # fmt: skip
    return "\n".join(lines) + "\n"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
