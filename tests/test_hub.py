"""A Hub-ready model directory: card metadata, `transformers` auto classes in a fresh process, Hub ids read from a
pre-filled Hugging Face cache while offline (nothing downloaded), `$SLANT_MODEL`, checkpoints outside the model."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from slant.model import ModelDirError, load_model
from slant.model.card import write_model_card
from slant.model.hub import resolve_model
from slant.model.tiny import build_tiny_model

COMMIT = "0123456789abcdef0123456789abcdef01234567"
METRICS = {"tasks": {"stance": {"newsmtsc_rw": {"model": {"macro_f1": 0.712, "accuracy": 0.8, "ci95": [0.6, 0.8]},
                                                "majority": {"macro_f1": 0.2}}}}}  # fmt: skip


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    d = build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")
    (d / "metrics.json").write_text(json.dumps(METRICS))
    (d / "run_info.json").write_text(
        json.dumps({"name": "slant-tiny", "data_sources": [{"name": "newsmtsc"}]})
    )
    write_model_card(d)
    return d


def fill_cache(cache: Path, repo: str, model_dir: Path) -> Path:
    """The layout huggingface_hub writes: refs/main names a commit whose snapshot holds the files."""
    root = cache / ("models--" + repo.replace("/", "--"))
    (root / "refs").mkdir(parents=True)
    (root / "refs" / "main").write_text(COMMIT)
    snap = root / "snapshots" / COMMIT
    shutil.copytree(model_dir, snap)
    return snap


def test_card_starts_with_hub_metadata(model_dir) -> None:
    text = (model_dir / "README.md").read_text()
    assert text.startswith("---\n")
    meta = yaml.safe_load(text.split("---\n")[1])
    assert meta["library_name"] == "slant" and meta["license"] == "other" and meta["language"] == ["en"]
    assert meta["base_model"] == "tiny-random-bert" and meta["datasets"] == ["newsmtsc"]
    assert meta["pipeline_tag"] == "text-classification" and "stance-detection" in meta["tags"]
    (result,) = meta["model-index"][0]["results"]
    assert result["dataset"]["name"] == "newsmtsc_rw"
    assert {m["type"]: m["value"] for m in result["metrics"]} == {"macro_f1": 0.712, "accuracy": 0.8}
    assert "licences differ" in text.split("---\n", 2)[2]  # the caveat is in the text too


def test_model_dir_has_ordinary_permissions_and_no_checkpoints(model_dir) -> None:
    assert not (model_dir / "checkpoints").exists()
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in model_dir.iterdir()), (
        "files should be group/other readable"
    )


def test_auto_classes_in_a_fresh_process_and_hub_id_from_the_cache(model_dir, tmp_path) -> None:
    fill_cache(tmp_path / "hub", "acme/slant-tiny", model_dir)
    (tmp_path / "a.txt").write_text("Mayor Ruth Calder said the fee would pay for buses.\n")
    script = textwrap.dedent(f"""
        import json, sys, torch
        from transformers import AutoConfig, AutoModel
        config = AutoConfig.from_pretrained({str(model_dir)!r}, trust_remote_code=True)
        model = AutoModel.from_pretrained({str(model_dir)!r}, trust_remote_code=True).eval()
        ids = torch.tensor([[2, 40, 41, 42, 3]])
        with torch.no_grad():
            bias = model(ids, torch.ones_like(ids))["bias"].tolist()
        print(json.dumps({{"config": type(config).__name__, "model": type(model).__name__, "bias": bias}}))
        from slant.predict.cli import main  # --model defaults to $SLANT_MODEL, a Hub id in the cache
        sys.exit(main(["a.txt", "--backend", "torch", "--format", "jsonl"]))
    """)
    env = {**os.environ, "HF_HUB_CACHE": str(tmp_path / "hub"), "HF_HUB_OFFLINE": "1",
           "SLANT_MODEL": "acme/slant-tiny", "TQDM_DISABLE": "1"}  # fmt: skip
    proc = subprocess.run([sys.executable, "-c", script], cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=300)  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-2000:]
    auto, result = (json.loads(line) for line in proc.stdout.splitlines()[-2:])
    assert auto["config"] == "SlantConfig" and auto["model"] == "SlantModel"
    ours, _ = load_model(model_dir)
    import torch

    ids = torch.tensor([[2, 40, 41, 42, 3]])
    with torch.no_grad():
        want = ours(ids, torch.ones_like(ids))["bias"]
    assert torch.allclose(torch.tensor(auto["bias"]), want, atol=1e-5)
    assert result["model"]["name"] == "slant-tiny" and result["sentences"][0]["text"].startswith("Mayor")
    assert not list((tmp_path / "hub").glob("*/blobs/*")), "nothing should have been downloaded"


def test_hub_id_not_cached_while_offline_says_so(tmp_path, monkeypatch) -> None:
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "empty"))
    monkeypatch.setattr(constants, "HF_HUB_OFFLINE", True)
    with pytest.raises(
        ModelDirError, match="acme/missing: not in the Hugging Face cache and HF_HUB_OFFLINE=1"
    ):
        load_model("acme/missing")
    with pytest.raises(ModelDirError, match="no such model directory.*Hub id like owner/name"):
        load_model(str(tmp_path / "nowhere" / "deeper" / "model"))


def test_hub_id_resolves_to_the_cached_snapshot_and_is_checked(model_dir, tmp_path, monkeypatch) -> None:
    from huggingface_hub import constants

    snap = fill_cache(tmp_path / "hub", "acme/slant-tiny", model_dir)
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(tmp_path / "hub"))
    assert resolve_model("acme/slant-tiny") == snap
    (snap / "extra.bin").write_bytes(b"\x80\x04pickle")  # the checked loader refuses pickles here too
    with pytest.raises(ModelDirError, match="pickle"):
        load_model("acme/slant-tiny")


def test_a_read_only_model_dir_gets_its_onnx_graph_in_a_shadow(model_dir, tmp_path, monkeypatch) -> None:
    pytest.importorskip("onnxruntime")
    from slant.model import hub
    from slant.predict.pipeline import ArticlePipeline

    shared = tmp_path / "shared" / "model"
    shutil.copytree(model_dir, shared)
    real = os.access
    monkeypatch.setattr(hub.os, "access", lambda p, mode: False if Path(p) == shared else real(p, mode))
    monkeypatch.setenv("SLANT_CACHE", str(tmp_path / "cache"))
    pipe = ArticlePipeline.from_pretrained(shared, backend="onnx")
    assert not (shared / "model.onnx").exists()  # the shared directory is left as it was
    (graph,) = (tmp_path / "cache" / "models").glob("model-*/model.onnx")
    assert (graph.parent / "model.safetensors").resolve() == (shared / "model.safetensors").resolve()
    assert pipe.score_article({"text": "The council met."})["sentences"][0]["text"] == "The council met."
