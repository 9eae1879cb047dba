"""`--protocol cv` plumbing with injected folds and a stand-in training function (no corpus, no real training)."""

from __future__ import annotations

import json

import pytest
from test_eval_harness import fixture_datasets

from slant.eval.cli import parse_overrides
from slant.eval.cv import (
    EVAL_MINUTES_PER_FOLD,
    CVConfig,
    estimate_minutes,
    fold_tasks,
    run_cv,
    summarise,
)
from slant.eval.harness import EvalConfig
from slant.model.io import write_json
from slant.model.tiny import build_tiny_model


def _fake_train(calls: list):
    def train(config, datasets=None, **kwargs):
        calls.append((config.tasks, config.output_dir, config.semeval_fold, sorted(datasets)))
        d = build_tiny_model(config.output_dir, seed=len(calls))
        write_json(d / "training_config.json", config.to_dict())
        return d

    return train


@pytest.mark.slow  # four tiny-model folds with baselines: ~20 s on an idle 2-core machine
def test_cv_runs_every_fold_and_merges_into_metrics(tmp_path, capsys):
    model = build_tiny_model(tmp_path / "model")
    write_json(model / "training_config.json", {"seed": 13, "article_sentences": 3})
    write_json(model / "metrics.json", {"schema": "slant.eval/1", "tasks": {"bias": {"babe": {"n": 3}}}})
    out = tmp_path / "eval"
    out.mkdir()
    write_json(out / "metrics.json", {"schema": "slant.eval/1", "protocol": "heldout", "tasks": {}})
    ds = fixture_datasets(seed=1, n=18)
    bias_folds = [ds["bias"], fixture_datasets(seed=2, n=18)["bias"]]
    frame_folds = [ds["frames_semeval"], fixture_datasets(seed=3, n=18)["frames_semeval"]]
    calls: list = []
    cfg = EvalConfig(model_dir=str(model), out_dir=str(out), bootstrap=100, c_grid=(1.0,), progress=False)
    cv = CVConfig(
        tasks=("bias", "frames"),
        preset="quick",
        work_dir=str(tmp_path / "cv"),
        train_overrides={"max_steps": 5},
    )
    metrics = run_cv(
        cfg, cv, fold_data={"bias": bias_folds, "frames": frame_folds}, train_fn=_fake_train(calls)
    )
    printed = capsys.readouterr().out
    assert "cross-validation retrains one model per fold" in printed and "min" in printed
    assert [c[0] for c in calls] == [("bias",), ("bias",), ("frames_semeval",), ("frames_semeval",)]
    assert [c[2] for c in calls[2:]] == [0, 1]  # each SemEval fold trains with its own held-out fold
    written = json.loads((out / "metrics.json").read_text())
    assert written["protocol"] == "heldout"  # merged, not replaced
    babe = written["cv"]["babe_5fold"]
    assert len(babe["folds"]) == 2 and babe["headline"] == "weighted_f1"
    s = babe["summary"]["model.weighted_f1"]
    assert len(s["per_fold"]) == 2 and s["std"] >= 0
    assert {"tfidf_lr.weighted_f1", "majority.weighted_f1", "model.mcc"} <= set(babe["summary"])
    assert written["cv"]["semeval_5fold"]["summary"]["model.micro_f1"]["per_fold"]
    assert babe["train_overrides"] == {"max_steps": 5}
    assert "Cross-validation" in (out / "report.md").read_text()
    assert metrics["cv"].keys() == written["cv"].keys()
    own = json.loads((model / "metrics.json").read_text())  # the model's held-out numbers survive
    assert own["tasks"] == {"bias": {"babe": {"n": 3}}} and own["cv"].keys() == written["cv"].keys()
    card = (model / "README.md").read_text()
    assert "## Cross-validation" in card and "semeval_5fold | 2 | model | micro_f1" in card


def test_cv_config_validation_and_estimate():
    with pytest.raises(ValueError, match="tasks=\\('stance',\\) is invalid"):
        CVConfig(tasks=("stance",))
    with pytest.raises(ValueError, match="folds=\\(7,\\) is invalid"):
        CVConfig(folds=(7,))
    with pytest.raises(ValueError, match="max_steps=0 is invalid; expected 1..10"):
        CVConfig(train_overrides={"max_steps": 0})
    with pytest.raises(ValueError, match="unknown training option"):
        CVConfig(train_overrides={"max_stepz": 10})
    assert parse_overrides(["max_steps=200", "lr=5e-5", "mil_pooling=mean"]) == {
        "max_steps": 200,
        "lr": 5e-5,
        "mil_pooling": "mean",
    }
    with pytest.raises(ValueError, match="expected OPTION=VALUE"):
        parse_overrides(["max_steps"])
    longer = estimate_minutes(CVConfig(preset="quick", train_overrides={"max_steps": 600}))
    quick = estimate_minutes(CVConfig(preset="quick"))
    assert longer["frames"] > quick["frames"]
    # a SemEval step costs articles_per_step x article_sentences sentences, not one batch
    two = estimate_minutes(
        CVConfig(preset="full", train_overrides={"articles_per_step": 2, "max_minutes": 0})
    )
    four = estimate_minutes(
        CVConfig(preset="full", train_overrides={"articles_per_step": 4, "max_minutes": 0})
    )
    eval_min = 5 * EVAL_MINUTES_PER_FOLD  # per-fold scoring does not scale with the step size
    assert four["frames"] - eval_min == pytest.approx(2 * (two["frames"] - eval_min), abs=0.3)
    assert four["bias"] == two["bias"]
    full = estimate_minutes(CVConfig(preset="full"))
    assert set(quick) == {"bias", "frames"} and full["bias"] > quick["bias"] > 0
    assert estimate_minutes(CVConfig(preset="quick", folds=(0,)))["bias"] == pytest.approx(
        quick["bias"] / 5, rel=0.05
    )


def test_cv_fold_models_can_train_other_tasks_on_their_own_data(tmp_path, monkeypatch):
    import slant.eval.cv as cv_module

    assert fold_tasks("frames_semeval", {}) == ["frames_semeval"]
    assert fold_tasks("frames_semeval", {"tasks": ["frames_gvfc", "frames_semeval"]}) == [
        "frames_semeval",
        "frames_gvfc",
    ]
    loaded: list = []
    other = fixture_datasets(seed=4, n=18)
    monkeypatch.setattr(cv_module, "_other_task", lambda t, seed, fold: loaded.append((t, fold)) or other[t])
    model = build_tiny_model(tmp_path / "model")
    write_json(model / "training_config.json", {"seed": 13, "article_sentences": 3})
    calls: list = []
    cfg = EvalConfig(model_dir=str(model), out_dir=str(tmp_path / "eval"), bootstrap=0, c_grid=(1.0,))
    cv = CVConfig(
        tasks=("frames",),
        folds=(0, 1),
        preset="quick",
        work_dir=str(tmp_path / "cv"),
        train_overrides={"max_steps": 5, "tasks": ["frames_gvfc"]},
    )
    frame_folds = [fixture_datasets(seed=k, n=18)["frames_semeval"] for k in range(2)]
    run_cv(cfg, cv, fold_data={"frames": frame_folds}, train_fn=_fake_train(calls))
    assert calls[0][0] == ("frames_semeval", "frames_gvfc")  # the protocol's task is always trained
    assert calls[0][3] == ["frames_gvfc", "frames_semeval"]
    # each fold reads the other task under its own SemEval fold (prose sentences of the fold's test articles stay
    # out of its training data), once per fold
    assert [c[2] for c in calls] == [0, 1] and loaded == [("frames_gvfc", 0), ("frames_gvfc", 1)]
    # the fold's own data is the fold split, not the task's usual one
    longer = {"max_steps": 600, "max_minutes": 0}
    with_gvfc = {**longer, "tasks": ["frames_gvfc"]}
    more = estimate_minutes(CVConfig(tasks=("frames",), preset="full", train_overrides=with_gvfc))
    alone = estimate_minutes(CVConfig(tasks=("frames",), preset="full", train_overrides=longer))
    # full preset: a SemEval step encodes 2 x 24 sentences, a headline batch 32
    assert more["frames"] < alone["frames"]


def test_summarise_mean_std():
    folds = [{"model": {"micro_f1": 0.2}}, {"model": {"micro_f1": 0.4}}]
    s = summarise(folds, ("micro_f1",))["model.micro_f1"]
    assert s["mean"] == pytest.approx(0.3) and s["std"] == pytest.approx(0.1414, abs=1e-3)
