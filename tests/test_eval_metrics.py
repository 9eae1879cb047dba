"""Metric functions against hand-computed values and scikit-learn; bootstrap CI behaviour."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import accuracy_score, classification_report, f1_score, matthews_corrcoef

from slant.eval.bootstrap import classification_cis, group_stats, multilabel_cis, resample_counts
from slant.eval.metrics import (
    brier,
    classification_scores,
    confusion,
    ece,
    multilabel_ece,
    multilabel_scores,
    reliability,
)


def test_hand_computed_binary():
    # true:  0 0 0 1 1 1 1 1 ; pred: 0 1 0 1 1 0 1 1  -> tn 2, fp 1, fn 1, tp 4
    s = classification_scores([0, 0, 0, 1, 1, 1, 1, 1], [0, 1, 0, 1, 1, 0, 1, 1], ["neutral", "biased"])
    assert s["confusion_matrix"] == [[2, 1], [1, 4]]
    assert s["accuracy"] == pytest.approx(6 / 8)
    assert s["per_class"]["neutral"]["f1"] == pytest.approx(2 / 3)  # p = r = 2/3
    assert s["per_class"]["biased"]["f1"] == pytest.approx(4 / 5)  # p = r = 4/5
    assert s["macro_f1"] == pytest.approx((2 / 3 + 4 / 5) / 2)
    assert s["weighted_f1"] == pytest.approx((3 * 2 / 3 + 5 * 4 / 5) / 8)
    assert s["mcc"] == pytest.approx((4 * 2 - 1 * 1) / np.sqrt(5 * 5 * 3 * 3))
    assert s["per_class"]["biased"]["support"] == 5


def test_class_never_seen_scores_zero_like_sklearn():
    s = classification_scores([0, 0, 1], [0, 0, 1], ["negative", "neutral", "positive"])
    assert s["per_class"]["positive"]["f1"] == 0.0
    assert s["macro_f1"] == pytest.approx(2 / 3)
    assert "mcc" not in s


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_single_label_matches_sklearn(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, 300)
    p = np.where(rng.random(300) < 0.6, y, rng.integers(0, 3, 300))
    s = classification_scores(y, p, ["a", "b", "c"])
    labels = [0, 1, 2]
    assert s["accuracy"] == pytest.approx(accuracy_score(y, p))
    assert s["macro_f1"] == pytest.approx(f1_score(y, p, average="macro", labels=labels, zero_division=0))
    assert s["weighted_f1"] == pytest.approx(
        f1_score(y, p, average="weighted", labels=labels, zero_division=0)
    )
    rep = classification_report(y, p, labels=labels, output_dict=True, zero_division=0)
    for i, name in enumerate("abc"):
        for k in ("precision", "recall", "f1-score"):
            assert s["per_class"][name][k.replace("-score", "")] == pytest.approx(rep[str(i)][k])
        assert s["per_class"][name]["support"] == rep[str(i)]["support"]
    yb, pb = y % 2, p % 2
    assert classification_scores(yb, pb, ["n", "b"])["mcc"] == pytest.approx(matthews_corrcoef(yb, pb))


def test_multilabel_matches_sklearn():
    rng = np.random.default_rng(3)
    y = (rng.random((200, 6)) < 0.3).astype(int)
    p = np.where(rng.random((200, 6)) < 0.7, y, 1 - y)
    s = multilabel_scores(y, p, list("abcdef"))
    assert s["micro_f1"] == pytest.approx(f1_score(y, p, average="micro", zero_division=0))
    assert s["macro_f1"] == pytest.approx(f1_score(y, p, average="macro", zero_division=0))
    assert s["weighted_f1"] == pytest.approx(f1_score(y, p, average="weighted", zero_division=0))
    per = f1_score(y, p, average=None, zero_division=0)
    assert [s["per_label"][k]["f1"] for k in "abcdef"] == pytest.approx(list(per))
    assert s["per_label"]["a"]["support"] == y[:, 0].sum()
    assert s["accuracy"] == pytest.approx(accuracy_score(y, p))  # subset accuracy


def test_multilabel_hand_computed():
    y = np.array([[1, 0], [1, 1], [0, 0]])
    p = np.array([[1, 1], [0, 1], [0, 0]])
    s = multilabel_scores(y, p, ["x", "y"])  # tp 2, fp 1, fn 1
    assert s["micro_f1"] == pytest.approx(4 / 6)
    assert s["per_label"]["x"]["f1"] == pytest.approx(2 / 3) and s["per_label"]["y"]["f1"] == pytest.approx(
        2 / 3
    )


def test_ece_hand_computed_and_bins():
    # two bins used: conf 0.9 (2 rows, 1 right) and 0.6 (2 rows, 2 right)
    proba = np.array([[0.9, 0.1], [0.9, 0.1], [0.4, 0.6], [0.4, 0.6]])
    y = [0, 1, 1, 1]
    assert ece(proba, y, n_bins=10) == pytest.approx(0.5 * abs(0.5 - 0.9) + 0.5 * abs(1.0 - 0.6))
    rel = reliability(proba, y, n_bins=10)
    assert rel["count"][9] == 2 and rel["count"][6] == 2 and np.isnan(rel["accuracy"][0])
    assert ece(np.array([[1.0, 0.0]]), [0]) == 0.0  # confidence 1 lands in the top bin
    with pytest.raises(ValueError, match="n_bins=0 is invalid"):
        ece(proba, y, n_bins=0)


def test_multilabel_ece_is_flattened_binary():
    p = np.array([[0.8, 0.1], [0.3, 0.9]])
    y = np.array([[1, 0], [0, 1]])
    flat = ece(np.array([[0.2, 0.8], [0.9, 0.1], [0.7, 0.3], [0.1, 0.9]]), [1, 0, 0, 1])
    assert multilabel_ece(p, y) == pytest.approx(flat)


def test_brier_and_shape_errors():
    assert brier(np.array([[1.0, 0.0], [0.5, 0.5]]), [0, 0]) == pytest.approx((0 + 0.5) / 2)
    with pytest.raises(ValueError, match="expected equal shapes"):
        confusion([0, 1], [0], 2)
    with pytest.raises(ValueError, match=r"class indices must be in \[0, 1\]"):
        confusion([0, 2], [0, 1], 2)


# -- bootstrap ---------------------------------------------------------------------------------------------------
def test_resample_counts_seeded_and_sum_to_n():
    a, b = resample_counts(50, 20, seed=7), resample_counts(50, 20, seed=7)
    assert np.array_equal(a, b) and (a.sum(1) == 50).all()
    assert not np.array_equal(a, resample_counts(50, 20, seed=8))
    with pytest.raises(ValueError, match="empty test set"):
        resample_counts(0, 10, 0)


def _noisy(n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 3, n)
    return y, np.where(rng.random(n) < 0.7, y, rng.integers(0, 3, n))


def test_ci_contains_point_estimate_and_narrows_with_n():
    widths = []
    for n in (100, 2000):
        y, p = _noisy(n, 0)
        point = classification_scores(y, p, ["a", "b", "c"])
        cis = classification_cis(y, p, 3, n_boot=500, seed=1)
        for m in ("accuracy", "macro_f1", "weighted_f1"):
            lo, hi = cis[m]
            assert lo <= point[m] <= hi
        widths.append(cis["macro_f1"][1] - cis["macro_f1"][0])
    assert widths[1] < widths[0] / 2  # ~ 1/sqrt(n): 20x the data, ~4.5x narrower


def test_bootstrap_matches_a_plain_loop():
    y, p = _noisy(120, 5)
    counts = resample_counts(120, 20, seed=3)
    idx = [np.repeat(np.arange(120), c.astype(int)) for c in counts]
    loop = np.array([f1_score(y[i], p[i], average="macro", labels=[0, 1, 2], zero_division=0) for i in idx])
    cis = classification_cis(y, p, 3, n_boot=20, seed=3)
    assert cis["macro_f1"] == pytest.approx(list(np.quantile(loop, [0.025, 0.975])))


def test_grouped_units_and_multilabel_ci():
    stats = np.array([[1.0, 0.0], [0.0, 1.0], [1.0, 1.0]])
    assert group_stats(stats, ["s1", "s1", "s2"]).tolist() == [[1.0, 1.0], [1.0, 1.0]]
    y, p = _noisy(300, 2)
    assert classification_cis(y, p, 3, groups=[i // 3 for i in range(300)], n_boot=200)["accuracy"][0] < 0.8
    rng = np.random.default_rng(4)
    ym = (rng.random((150, 5)) < 0.3).astype(int)
    pm = np.where(rng.random((150, 5)) < 0.8, ym, 1 - ym)
    point = multilabel_scores(ym, pm, list("abcde"))["micro_f1"]
    lo, hi = multilabel_cis(ym, pm, n_boot=300, seed=0)["micro_f1"]
    assert lo <= point <= hi and hi - lo > 0.01
