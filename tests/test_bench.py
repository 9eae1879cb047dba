"""`slant bench` on a tiny random model and synthetic articles: every field is produced; int8 stays close to fp32."""

from __future__ import annotations

import importlib.util
import json

import numpy as np
import pytest
from datasets import Dataset

from slant.eval.bench import BenchConfig, bench, main, render_markdown
from slant.eval.bench_systems import naive_model_dir
from slant.model import Predictor
from slant.model.tiny import build_tiny_model

ARTICLES = [
    {
        "id": "a1",
        "text": "President Biden said the economy is great.\n\nPolice said crime was bad. The court ruled on guns.",
    },
    {
        "id": "a2",
        "text": "Mr. Xi met President Trump. They said the war was terrible. Voters want jobs and money.",
    },
    {
        "id": "a3",
        "text": "The government report on health and school safety was calm. The party lost the vote.",
    },
]
SYSTEM_FIELDS = {
    "system",
    "load_seconds",
    "sentences",
    "run_seconds",
    "cpu_seconds",
    "sentences_per_second",
    "cpu_sentences_per_second",
    "peak_rss_mb",
}
HAS_ONNX = (
    importlib.util.find_spec("onnx") is not None and importlib.util.find_spec("onnxruntime") is not None
)


def _rows(n: int, with_spans: bool) -> Dataset:
    texts = [ARTICLES[i % 3]["text"].split("\n")[0] for i in range(n)]
    return Dataset.from_dict(
        {
            "text": texts,
            "label": [i % (3 if with_spans else 2) for i in range(n)],
            "target_start": [0 if with_spans else -1] * n,
            "target_end": [5 if with_spans else -1] * n,
            "mentions": [[] for _ in range(n)],
        }
    )


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def test_bench_writes_every_field(tiny, tmp_path):
    cfg = BenchConfig(
        model=str(tiny),
        out=str(tmp_path / "out"),
        repeats=2,
        isolate=False,
        progress=False,
        threads=1,
        quality_samples=6,
    )
    quality = {"bias": _rows(6, False), "stance": _rows(6, True), "stance_mt": _rows(4, True)}
    report = bench(cfg, articles=ARTICLES, quality_tasks=quality)

    onnx = (["slant-default"], ["slant-onnx-int8"]) if HAS_ONNX else ([], [])
    expected = ["slant-fp32", *onnx[0], "slant-int8", *onnx[1], "slant-bf16", "naive"]
    assert list(report["systems"]) == expected
    n_sent = report["workload"]["sentences"]
    assert n_sent >= len(ARTICLES)
    for system, row in report["systems"].items():
        assert set(row) == SYSTEM_FIELDS, system
        assert row["sentences"] == n_sent  # every system sees the same sentences
        assert len(row["run_seconds"]) == 2 and all(t > 0 for t in row["run_seconds"])
        assert row["peak_rss_mb"] > 0 and row["load_seconds"] > 0
    assert set(report["ratios"]) == set(expected) - {"naive"}
    assert report["workload"]["targets"] > 0
    q = report["quality"]
    assert q["n"] == {"bias": 6, "stance": 6, "stance_mt": 4}
    for system in expected[1:-1]:
        row = q["systems"][system]
        assert set(row["delta_points"]) == {
            "bias_weighted_f1",
            "bias_macro_f1",
            "stance_macro_f1",
            "stance_mt_macro_f1",
        }
        assert all(0.0 <= row["agreement"][t] <= 1.0 for t in ("bias", "stance", "stance_mt"))

    on_disk = json.loads((tmp_path / "out" / "bench.json").read_text())
    assert on_disk["ratios"] == report["ratios"]
    md = (tmp_path / "out" / "bench.md").read_text()
    assert md == render_markdown(report)
    assert "| naive |" in md and "Quantisation and bf16 check" in md and "bfloat16 matrix units" in md
    # each metric row carries its own test set's delta and agreement
    line = (
        f"| {expected[-2]} | stance_mt_macro_f1 | {row['stance_mt_macro_f1']:.2f} | "
        f"{row['delta_points']['stance_mt_macro_f1']} | {row['agreement']['stance_mt']} |"
    )
    assert line in md


def test_bench_skip_naive_and_no_quantize(tiny, tmp_path):
    cfg = BenchConfig(
        model=str(tiny),
        out=str(tmp_path),
        repeats=1,
        isolate=False,
        progress=False,
        threads=1,
        skip_naive=True,
        quantize=False,
        bf16=False,
        quality_samples=0,
    )
    report = bench(cfg, articles=ARTICLES[:1])
    assert list(report["systems"]) == ["slant-fp32", *(["slant-default"] if HAS_ONNX else [])]
    assert report["ratios"] == {} and report["quality"] is None


def test_int8_probabilities_close_to_fp32(tiny):
    texts = [a["text"] for a in ARTICLES]
    fp32 = Predictor.from_pretrained(tiny, threads=1).predict_sentences(texts, [[(0, 5)], [], [(4, 10)]])
    int8 = Predictor.from_pretrained(tiny, quantize=True, threads=1).predict_sentences(
        texts, [[(0, 5)], [], [(4, 10)]]
    )
    for a, b in zip(fp32, int8):
        assert np.abs(a.bias - b.bias).max() < 0.02
        assert np.abs(a.frames - b.frames).max() < 0.02
        assert all(np.abs(x - y).max() < 0.02 for x, y in zip(a.stance, b.stance))


def test_naive_model_holds_the_slant_encoder_weights(tiny, tmp_path):
    import torch
    from transformers import AutoModelForSequenceClassification

    from slant.model.io import load_model

    clf = AutoModelForSequenceClassification.from_pretrained(naive_model_dir(tiny, tmp_path / "naive"))
    slant_model, _ = load_model(tiny)
    ours = slant_model.encoder.state_dict()
    theirs = clf.base_model.state_dict()
    assert clf.config.num_labels == 2
    assert all(torch.equal(ours[k], theirs[k]) for k in ours if not k.endswith("position_ids"))


def test_config_and_cli_errors(tmp_path, capsys):
    with pytest.raises(ValueError, match=r"threads=0 invalid; expected an integer in 1\.\.512"):
        BenchConfig(model="m", out="o", threads=0)
    assert main(["--model", str(tmp_path / "missing"), "--out", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("slant bench: error:") and "no such model directory" in err
    assert main(["--model", str(tmp_path), "--articles", "0"]) == 1
    assert "articles=0 invalid" in capsys.readouterr().err


def test_a_spawned_worker_reports_its_own_peak_memory_not_its_parents():
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    from slant.eval.bench_systems import peak_rss_mb

    ballast = np.ones(400 * 2**20 // 8)  # 400 MiB touched in this process
    parent = peak_rss_mb()
    with ProcessPoolExecutor(max_workers=1, mp_context=mp.get_context("spawn")) as pool:
        child = pool.submit(peak_rss_mb).result()
    assert parent > 400 and child < parent - 300, (parent, child)
    del ballast


def test_bench_scale_reads_its_reference_from_the_bench_row_of_the_same_system(tmp_path, capsys):
    from slant.predict.bench_scale import bench_system, reference_sps

    assert bench_system("onnx", True) == "slant-onnx-int8" and bench_system("onnx", False) == "slant-default"
    assert bench_system("torch", True) == "slant-int8" and bench_system("torch", False) == "slant-fp32"
    assert bench_system("torch", False, "bf16") == "slant-bf16"
    report = tmp_path / "bench.json"
    report.write_text(json.dumps({"systems": {"slant-onnx-int8": {"sentences_per_second": 578.7}}}))
    assert reference_sps(str(report), "slant-onnx-int8") == 578.7
    assert reference_sps(None, "slant-onnx-int8") is None
    assert reference_sps(str(report), "slant-bf16") is None
    assert "no `make bench` figure for slant-bf16" in capsys.readouterr().err
