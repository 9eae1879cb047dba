"""Temperature scaling and thresholds on synthetic over-confident models; baselines; anchors file."""

from __future__ import annotations

import numpy as np
import pytest

from slant.data.labels import FRAME_LABELS, GVFC_FRAMES
from slant.eval.anchors import REQUIRED, anchors_for, load_anchors
from slant.eval.baselines import majority, stance_text, tfidf_lr
from slant.eval.calibration import (
    best_global_threshold,
    best_label_thresholds,
    fit_calibration,
    fit_temperature,
    sigmoid,
    softmax,
)
from slant.eval.metrics import ece, multilabel_ece


def _calibrated_softmax_data(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Logits whose softmax is the true label distribution: a perfectly calibrated generator."""
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=1.5, size=(n, 3))
    u = rng.random(n)[:, None]
    y = (u > np.cumsum(softmax(z), 1)).sum(1)
    return z, y


def test_temperature_undoes_overconfidence_and_lowers_ece():
    z_dev, y_dev = _calibrated_softmax_data(3000, 0)
    z_test, y_test = _calibrated_softmax_data(3000, 1)
    t = fit_temperature(z_dev * 3, y_dev, "softmax")  # over-confident model: logits x3
    assert t == pytest.approx(3.0, rel=0.15)
    before, after = ece(softmax(z_test * 3), y_test), ece(softmax(z_test * 3, t), y_test)
    assert after < before / 2


def test_sigmoid_temperature_on_multilabel():
    rng = np.random.default_rng(2)
    z = rng.normal(scale=2.0, size=(2000, 9))
    y = (rng.random(z.shape) < sigmoid(z)).astype(int)
    t = fit_temperature(z * 3, y, "sigmoid")
    assert t == pytest.approx(3.0, rel=0.15)
    assert multilabel_ece(sigmoid(z * 3, t), y) < multilabel_ece(sigmoid(z * 3), y) / 2


def test_fit_temperature_rejects_bad_input():
    with pytest.raises(ValueError, match="kind='tanh' is invalid"):
        fit_temperature(np.zeros((3, 2)), np.zeros(3), "tanh")
    with pytest.raises(ValueError, match="empty dev split"):
        fit_temperature(np.zeros((0, 2)), np.zeros(0), "softmax")


def test_thresholds_per_label_and_global():
    rng = np.random.default_rng(0)
    y = (rng.random((400, 2)) < 0.3).astype(int)
    # column 0 separable at 0.7; column 1 at 0.3
    p = np.where(y == 1, 0.8, 0.6)
    p[:, 1] = np.where(y[:, 1] == 1, 0.4, 0.2)
    th, how = best_label_thresholds(p, y, min_positives=5)
    assert how == ["per-label", "per-label"]
    assert 0.6 < th[0] <= 0.8 and 0.2 < th[1] <= 0.4
    y_few = y.copy()
    y_few[:, 1] = 0
    y_few[:3, 1] = 1
    _, how = best_label_thresholds(p, y_few, min_positives=5)
    assert how == ["per-label", "global"]
    assert best_global_threshold(np.full((4, 2), 0.3), np.ones((4, 2))) <= 0.3


def test_fit_calibration_contract():
    rng = np.random.default_rng(5)
    dev = {
        "stance": (rng.normal(size=(50, 3)), rng.integers(0, 3, 50)),
        "bias": (rng.normal(size=(50, 2)), rng.integers(0, 2, 50)),
        "frames_gvfc": (rng.normal(size=(60, 14)), (rng.random((60, 14)) < 0.3).astype(int)),
        "frames_semeval": (rng.normal(size=(20, 14)), (rng.random((20, 14)) < 0.3).astype(int)),
    }
    cal, report = fit_calibration(dev, FRAME_LABELS)
    assert set(cal["temperature"]) == {"stance", "bias", "frames", "frames_article"}
    assert all(0.05 <= t <= 20 for t in cal["temperature"].values())
    assert len(cal["frame_thresholds"]) == 14 and len(set(cal["article_frame_thresholds"])) == 1
    for i, f in enumerate(FRAME_LABELS):
        if f not in GVFC_FRAMES:
            assert cal["frame_thresholds"][i] == 0.5
    assert set(report["fitted_on"]) == {"stance", "bias", "frames", "frames_article"}  # calibration heads
    only_bias, rep = fit_calibration({"bias": dev["bias"]}, FRAME_LABELS)
    assert "frame_thresholds" not in only_bias and set(rep["fitted_on"]) == {"bias"}
    with pytest.raises(ValueError, match="no task"):
        fit_calibration({"frames": dev["frames_gvfc"]}, FRAME_LABELS)


# -- baselines ---------------------------------------------------------------------------------------------------
def test_majority_single_and_multilabel():
    b = majority([0, 1, 1, 2, 1], 3)
    assert b.predict(["x", "y"]).tolist() == [1, 1]
    m = majority(np.array([[1, 0], [1, 0], [0, 1]]))
    assert m.predict(["x"]).tolist() == [[1, 0]]
    with pytest.raises(ValueError, match="non-empty training split"):
        majority([], 2)


def test_tfidf_lr_learns_and_picks_c_on_dev():
    good = ["a great calm report", "good jobs and money", "great good news"] * 10
    bad = ["terrible war and crime", "bad bad police", "terrible bad court"] * 10
    texts, y = good + bad, [1] * 30 + [0] * 30
    b = tfidf_lr(texts, y, texts[::3], y[::3], labels=["neg", "pos"], seed=0)
    assert b.predict(["great good money", "terrible crime"]).tolist() == [1, 0]
    assert b.info["C"] in (0.1, 1.0, 10.0) and set(b.info["dev_by_C"]) == {"0.1", "1.0", "10.0"}
    ym = np.array([[1, 0]] * 30 + [[0, 1]] * 30)
    bm = tfidf_lr(texts, ym, texts[:6], ym[:6], labels=["x", "y"], metric="micro_f1", c_grid=(10.0,))
    assert bm.predict(["great good money"]).tolist() == [[1, 0]]


def test_stance_text_marks_target():
    t = stance_text("Critics slammed Smith over the plan", 16, 21, window=1)
    assert "tgtstart Smith tgtend" in t and t.endswith("near_slammed near_over")


# -- anchors -----------------------------------------------------------------------------------------------------
def test_anchors_load_and_every_entry_has_a_source():
    anchors = load_anchors()
    assert len(anchors) >= 15
    for a in anchors:
        for k in REQUIRED:
            assert a[k] not in (None, ""), (a.get("id"), k)
        assert a["tag"] in ("P", "S") and 0 < a["value"] < 5
    babe = anchors_for(anchors, "bias", "babe")
    assert any(a["value"] == 0.804 and a["metric"] == "weighted_f1" for a in babe)
    assert "5-fold" in babe[0]["protocol_note"]
    for task, ts in (
        ("stance", "newsmtsc_rw"),
        ("stance", "newsmtsc_mt"),
        ("frames", "gvfc_framed"),
        ("frames", "semeval2023_en"),
        ("leaning", "abp_media"),
        ("leaning", "abp_random"),
    ):
        assert anchors_for(anchors, task, ts), (task, ts)


def test_anchors_file_errors_name_the_entry(tmp_path):
    bad = tmp_path / "a.yaml"
    bad.write_text("anchors:\n  - id: x1\n    task: bias\n    value: 0.5\n")
    with pytest.raises(ValueError, match=r"anchor x1 lacks \['test_set'"):
        load_anchors(bad)
    bad.write_text("anchors: 3\n")
    with pytest.raises(ValueError, match="expected a top-level 'anchors' list"):
        load_anchors(bad)


def test_threshold_rule_cv_prefers_a_shared_threshold_when_each_frame_has_few_positives():
    from slant.eval.threshold_cv import SHARED, threshold_rule_cv

    rng = np.random.default_rng(0)
    n, k = 400, 6
    y = (rng.random((n, k)) < 0.08).astype(int)
    logits = np.where(y == 1, 1.0, -1.0) + rng.normal(0, 1.2, (n, k))  # one scale for every frame
    groups = [f"a{i // 20}" for i in range(n)]
    out = threshold_rule_cv(logits, y, groups, rules=(2, SHARED), repeats=10)
    assert set(out) == {2, SHARED} and all(0 < m <= 1 and 0 < M <= 1 for m, M in out.values())
    assert out[SHARED][0] > out[2][0]  # per-frame thresholds fitted on ~15 positives overfit
    with pytest.raises(ValueError, match="expected at least two groups"):
        threshold_rule_cv(logits, y, ["one"] * n)
    with pytest.raises(ValueError, match="expected one label row and group per logit row"):
        threshold_rule_cv(logits, y[:-1], groups)
