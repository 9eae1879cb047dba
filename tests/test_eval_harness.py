"""End-to-end `slant evaluate` on a tiny random model and tiny synthetic DatasetDicts (no corpus, no downloads)."""

from __future__ import annotations

import json

import datasets
import numpy as np
import pytest

from slant.data.labels import FRAME_LABELS, GVFC_FRAMES
from slant.data.schema import FEATURES, make_row
from slant.eval.cli import main
from slant.eval.harness import EvalConfig, evaluate
from slant.model.io import write_json
from slant.model.tiny import build_tiny_model

WORDS = (
    "the police said tax war court law health school gun rights vote election party crime safety money jobs "
    "bad good terrible great calm report"
).split()
NAMES = ("Biden", "Trump", "Xi")
OUTLETS = ("alpha", "beta", "gamma")


def _sentence(rng: np.random.Generator, n: int = 8) -> str:
    return " ".join(rng.choice(WORDS, n)).capitalize() + "."


def _dd(splits: dict[str, list[dict]]) -> datasets.DatasetDict:
    return datasets.DatasetDict(
        {k: datasets.Dataset.from_list(v, features=FEATURES) for k, v in splits.items()}
    )


def fixture_datasets(seed: int = 0, n: int = 24) -> dict[str, datasets.DatasetDict]:
    rng = np.random.default_rng(seed)

    def stance(split: str) -> list[dict]:
        rows = []
        for i in range(n):
            name = NAMES[i % 3]
            text = f"{_sentence(rng, 4)[:-1]} {name} and {NAMES[(i + 1) % 3]} {_sentence(rng, 3)}"
            s = text.index(name)
            rows.append(
                make_row(
                    id=f"{split}-{i}",
                    text=text,
                    source="fixture",
                    label=int(rng.integers(3)),
                    target_start=s,
                    target_end=s + len(name),
                )
            )
            if i % 4 == 0:  # a second target in the same sentence
                other = NAMES[(i + 1) % 3]
                s2 = text.index(other, s + len(name))
                rows.append(
                    make_row(
                        id=f"{split}-{i}b",
                        text=text,
                        source="fixture",
                        label=int(rng.integers(3)),
                        target_start=s2,
                        target_end=s2 + len(other),
                    )
                )
        return rows

    def bias(split: str) -> list[dict]:
        return [
            make_row(
                id=f"{split}-{i}",
                text=_sentence(rng),
                source="fixture",
                label=int(i % 3 == 0),
                outlet=OUTLETS[i % 3],
            )
            for i in range(n)
        ]

    gvfc_cols = [FRAME_LABELS.index(f) for f in GVFC_FRAMES]

    def gvfc(split: str) -> list[dict]:
        rows = []
        for i in range(n):
            frames = [0] * 14
            for c in rng.choice(gvfc_cols, int(rng.integers(0, 3)), replace=False):
                frames[int(c)] = 1
            rows.append(make_row(id=f"{split}-{i}", text=_sentence(rng), source="fixture", frames=frames))
        return rows

    def semeval(split: str) -> list[dict]:
        rows = []
        for i in range(max(6, n // 3)):
            frames = [int(x) for x in rng.random(14) < 0.3]
            text = " ".join(_sentence(rng) for _ in range(5))
            rows.append(
                make_row(
                    id=f"{split}-{i}", text=text, source="fixture", frames=frames, article_id=f"a{split}{i}"
                )
            )
        return rows

    def prose(split: str) -> list[dict]:
        rows = []
        for i in range(n):
            frames = [int(x) for x in rng.random(14) < 0.15]
            rows.append(
                make_row(id=f"{split}-{i}", text=_sentence(rng), source="fixture", frames=frames,
                         article_id=f"p{split}{i // 4}")
            )  # fmt: skip
        return rows

    def leaning(split: str) -> list[dict]:
        return [
            make_row(
                id=f"{split}-{i}",
                text=" ".join(_sentence(rng) for _ in range(4)),
                source="fixture",
                label=i % 3,
                outlet=OUTLETS[i % 3],
                article_id=f"{split}{i}",
            )
            for i in range(n)
        ]

    return {
        "stance": _dd({s: stance(s) for s in ("train", "dev", "newsmtsc_rw", "newsmtsc_mt")}),
        "bias": _dd({s: bias(s) for s in ("train", "dev", "babe")}),
        "frames_gvfc": _dd({s: gvfc(s) for s in ("train", "dev", "gvfc_framed", "gvfc")}),
        "frames_semeval": _dd({s: semeval(s) for s in ("train", "dev", "semeval2023_en")}),
        "frames_prose": _dd({s: prose(s) for s in ("train", "dev", "frames_prose")}),
        "leaning_media": _dd({s: leaning(s) for s in ("train", "dev", "test")}),
        "leaning_random": _dd({s: leaning(s) for s in ("train", "dev", "test")}),
    }


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory):
    d = build_tiny_model(tmp_path_factory.mktemp("model") / "tiny")
    write_json(
        d / "training_config.json", {"seed": 13, "semeval_fold": 0, "article_sentences": 3, "preset": "quick"}
    )
    return d


@pytest.fixture(scope="module")
def run(tiny_model, tmp_path_factory):
    out = tmp_path_factory.mktemp("eval")
    cfg = EvalConfig(
        model_dir=str(tiny_model),
        out_dir=str(out),
        bootstrap=200,
        leaning_train=18,
        leaning_test=12,
        leaning_sentences=2,
        top_errors=3,
        c_grid=(1.0,),
        progress=False,
    )
    return evaluate(cfg, datasets=fixture_datasets()), out


CONTRACT = {
    ("stance", "newsmtsc_rw"): ("accuracy", "macro_f1", "weighted_f1"),
    ("stance", "newsmtsc_mt"): ("accuracy", "macro_f1", "weighted_f1"),
    ("bias", "babe"): ("accuracy", "macro_f1", "weighted_f1", "mcc"),
    ("frames", "gvfc_framed"): ("accuracy", "macro_f1", "weighted_f1", "micro_f1"),
    ("frames", "gvfc"): ("accuracy", "macro_f1", "weighted_f1", "micro_f1"),
    ("frames", "semeval2023_en"): ("accuracy", "macro_f1", "weighted_f1", "micro_f1"),
    ("frames", "frames_prose"): ("accuracy", "macro_f1", "weighted_f1", "micro_f1", "top_frame_acceptable"),
    ("leaning", "abp_media"): ("accuracy", "macro_f1", "weighted_f1"),
    ("leaning", "abp_random"): ("accuracy", "macro_f1", "weighted_f1"),
}


def test_every_contract_key_is_written(run):
    metrics, out = run
    written = json.loads((out / "metrics.json").read_text())
    prose = written["tasks"]["frames"][
        "frames_prose"
    ]  # the prose test set also gets the always-Political line
    assert prose["always_political"]["per_label"]["Political"]["recall"] == 1.0
    assert 0.0 <= prose["always_political"]["top_frame_acceptable"] <= 1.0
    for (task, test_set), names in CONTRACT.items():
        entry = written["tasks"][task][test_set]
        head = entry["headline"]
        for system in ("model", "tfidf_lr", "majority"):
            m = entry[system]
            for name in (*names, "ece", "ci95"):
                assert name in m, f"tasks.{task}.{test_set}.{system}.{name} missing"
            lo, hi = m["ci95"]
            assert 0.0 <= lo <= hi <= 1.0
            assert m["headline"] == head
        if task != "leaning":  # the leaning probe's probabilities are not temperature-scaled
            assert "ece_uncalibrated" in entry["model"]
    assert written["tasks"]["bias"]["babe"]["headline"] == "weighted_f1"
    assert set(written["tasks"]["bias"]["babe"]["model"]["cis"]) >= {"weighted_f1", "macro_f1"}
    assert written["tasks"]["frames"]["semeval2023_en"]["headline"] == "micro_f1"
    assert "media_random_gap" in written["tasks"]["leaning"]


def test_tables_errors_outlets_calibration(run, tiny_model):
    metrics, out = run
    babe = metrics["tasks"]["bias"]["babe"]["model"]
    assert set(babe["per_class"]) == {"neutral", "biased"}
    assert np.asarray(babe["confusion_matrix"]).sum() == metrics["tasks"]["bias"]["babe"]["n"] == 24
    assert sum(v["n"] for v in babe["per_outlet"].values()) == 24
    assert len(babe["errors"]) <= 3
    gvfc = metrics["tasks"]["frames"]["gvfc"]["model"]
    assert list(gvfc["per_label"]) == list(GVFC_FRAMES)  # scored over the 9 GVFC frames only
    stance_err = metrics["tasks"]["stance"]["newsmtsc_rw"]["model"]["errors"]
    assert all(e["target"] in NAMES for e in stance_err)
    # several targets share a sentence: fewer bootstrap units than rows
    rw = metrics["tasks"]["stance"]["newsmtsc_rw"]
    assert rw["units"] < rw["n"]
    cal = json.loads((tiny_model / "calibration.json").read_text())
    assert set(cal["temperature"]) == {"stance", "bias", "frames", "frames_context", "frames_article"}
    assert len(cal["frame_thresholds"]) == 14 and len(cal["article_frame_thresholds"]) == 14
    # sentence-frame temperature and thresholds come from the prose dev sentences (all 14 frames), not headlines,
    # for sentences read alone and read inside their article
    assert cal["fitted_on"]["frames"].startswith("prose dev")
    assert cal["fitted_on"]["frames_context"].startswith("prose dev")
    assert len(set(cal["frame_thresholds"])) == 1  # one threshold shared by the 14 frames
    assert len(cal["frame_context_thresholds"]) == 14 and len(set(cal["frame_context_thresholds"])) == 1
    info = metrics["leaning"]["splits"]["abp_media"]
    assert (info["n_train"], info["n_test"]) == (18, 12)


def test_report_plots_and_model_card(run, tiny_model):
    metrics, out = run
    report = (out / "report.md").read_text()
    for heading in (
        "stance — newsmtsc_rw",
        "bias — babe",
        "frames — gvfc",
        "frames — semeval2023_en",
        "leaning — abp_media",
        "Calibration",
    ):
        assert heading in report
    assert "0.804" in report  # BABE anchor beside our number
    pngs = [p for paths in metrics["plots"].values() for p in paths]
    assert any("reliability" in p for p in pngs) and any("confusion" in p for p in pngs)
    assert any("frame_f1" in p for p in pngs)
    for p in pngs:
        assert (out / p).read_bytes()[:4] == b"\x89PNG"
        assert p in report
    assert json.loads((tiny_model / "metrics.json").read_text())["tasks"].keys() == metrics["tasks"].keys()
    assert "bias | babe | model" in (tiny_model / "README.md").read_text()


def test_cli_missing_model_is_one_line_error(tmp_path, capsys):
    assert main(["--model", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("slant evaluate: error: model directory") and "\n" not in err


def test_cli_invalid_model_dir_and_options(tmp_path, capsys):
    (tmp_path / "m").mkdir()
    assert main(["--model", str(tmp_path / "m")]) == 2
    assert "missing config.json, model.safetensors" in capsys.readouterr().err
    d = build_tiny_model(tmp_path / "tiny")
    assert main(["--model", str(d), "--bootstrap", "5"]) == 2
    assert "bootstrap=5 is invalid" in capsys.readouterr().err


def test_cli_missing_data_is_one_line_error(tmp_path, capsys, monkeypatch):
    d = build_tiny_model(tmp_path / "tiny")
    monkeypatch.setenv("SLANT_DATA_DIR", str(tmp_path / "no-mirror"))
    monkeypatch.setattr("slant.data.mirror.download", _no_download)
    code = main(["--model", str(d), "--out", str(tmp_path / "o"), "--tasks", "bias", "--no-progress"])
    err = capsys.readouterr().err.strip()
    assert code == 1 and err.startswith("slant evaluate: error:") and "\n" not in err


def _no_download(*args, **kwargs):
    raise OSError("downloads are disabled in tests")


def test_a_new_heldout_run_keeps_earlier_cv_results(tiny_model, tmp_path):
    out = tmp_path / "eval"
    out.mkdir()
    cv = {
        "semeval_5fold": {"protocol": "semeval_5fold", "preset": "full", "train_overrides": {}, "folds": []}
    }
    write_json(out / "metrics.json", {"schema": "slant.eval/1", "tasks": {}, "cv": cv})
    cfg = EvalConfig(
        model_dir=str(tiny_model),
        out_dir=str(out),
        tasks=("bias",),
        bootstrap=0,
        c_grid=(1.0,),
        progress=False,
        update_model_dir=False,
    )
    metrics = evaluate(cfg, datasets=fixture_datasets())
    written = json.loads((out / "metrics.json").read_text())
    assert metrics["cv"] == written["cv"] == cv
    assert set(written["tasks"]) == {"bias"}  # the held-out numbers themselves are the new run's


def test_stance_suite_is_scored_beside_newsmtsc(run):
    metrics, out = run
    suite = metrics["stance_suite"]
    assert set(suite["splits"]) == {"dev", "test"}
    assert suite["splits"]["dev"]["cases"] + suite["splits"]["test"]["cases"] >= 300
    report = (out / "report.md").read_text()
    assert "## Stance suite (behavioural tests)" in report and "contrast: both targets right" in report
    assert json.loads((out / "metrics.json").read_text())["stance_suite"]["splits"]["test"]["cases"] > 0
