"""Statistics of slant compare on synthetic article tables with known truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import false_discovery_control

from slant.compare import stats
from slant.compare.tables import ARTICLE_LABEL_PREFIX, ARTICLE_P_PREFIX, FRAME_COUNT_COLS, FRAME_COUNT_PREFIX
from slant.data.labels import FRAME_LABELS

ARTICLE_P_COLS = [ARTICLE_P_PREFIX + f for f in FRAME_LABELS]
ARTICLE_LABEL_COLS = [ARTICLE_LABEL_PREFIX + f for f in FRAME_LABELS]


def with_article_head(a: pd.DataFrame, seed: int = 0) -> pd.DataFrame:
    """The table plus article-head columns: p uniform, labelled at 0.5 (for tests about the sentence view)."""
    p = np.random.default_rng(seed).uniform(size=(len(a), len(FRAME_LABELS)))
    return a.assign(
        **dict(zip(ARTICLE_P_COLS, p.T)), **dict(zip(ARTICLE_LABEL_COLS, (p >= 0.5).astype(int).T))
    )


def synthetic_articles(rates: dict[str, dict[str, float]], n: int, seed: int, base: float = 0.1,
                       bias: dict[str, float] | None = None) -> pd.DataFrame:  # fmt: skip
    """Articles of each outlet with per-sentence frame probabilities ``rates[outlet][frame]`` (else ``base``).

    Each article draws its own propensity around the outlet's rate (Beta, mean = rate), so sentences within an
    article are correlated, as in real text. The article head gives the propensity as its probability and labels
    the article with probability equal to it, so both article-level metrics have the outlet's rate as mean.
    """
    rng = np.random.default_rng(seed)
    rows = []
    for outlet, fr in rates.items():
        for i in range(n):
            n_sent = int(rng.integers(8, 25))
            row = {"key": f"{outlet}-{i}", "outlet": outlet, "leaning": "", "topic": "t", "date": pd.NaT,
                   "n_sent": n_sent}  # fmt: skip
            for f in FRAME_LABELS:
                p = fr.get(f, base)
                q = rng.beta(4 * p, 4 * (1 - p))
                row[FRAME_COUNT_PREFIX + f] = int(rng.binomial(n_sent, q))
                row[ARTICLE_P_PREFIX + f] = q
                row[ARTICLE_LABEL_PREFIX + f] = int(rng.random() < q)
            rb = (bias or {}).get(outlet, 0.2)
            row["n_biased"] = int(rng.binomial(n_sent, rng.beta(4 * rb, 4 * (1 - rb))))
            rows.append(row)
    return pd.DataFrame(rows)


def test_bh_matches_hand_computed_values():
    # m = 8: p * m / rank = .008 .032 .104 .082 .0672 .08 .0846 .205, then running minimum from the top.
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.06, 0.074, 0.205]
    expected = [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.084571, 0.205]
    np.testing.assert_allclose(stats.benjamini_hochberg(p), expected, rtol=1e-4)
    # Order of input is kept; ties; capping at 1; NaN left out of the family.
    np.testing.assert_allclose(
        stats.benjamini_hochberg([0.05, 0.01, 0.05, 0.9]), [0.0667, 0.04, 0.0667, 0.9], rtol=1e-3
    )
    np.testing.assert_allclose(stats.benjamini_hochberg([0.6, 0.9]), [0.9, 0.9])
    out = stats.benjamini_hochberg([0.02, np.nan, 0.04])
    assert np.isnan(out[1]) and out[0] == pytest.approx(0.04) and out[2] == pytest.approx(0.04)


def test_bh_agrees_with_scipy_on_random_p_values():
    p = np.random.default_rng(3).uniform(size=50) ** 2
    np.testing.assert_allclose(stats.benjamini_hochberg(p), false_discovery_control(p, method="bh"))


def test_cramers_v_extremes_and_hand_value():
    assert stats.cramers_v(np.array([[10, 0], [0, 10]])) == pytest.approx(1.0)
    assert stats.cramers_v(np.array([[10, 10], [10, 10]])) == pytest.approx(0.0)
    # [[20, 10], [10, 20]]: chi2 = 60 * (20*20 - 10*10)^2 / (30^4) = 6.667, V = sqrt(6.667 / 60) = 0.3333
    assert stats.cramers_v(np.array([[20, 10], [10, 20]])) == pytest.approx(1 / 3, rel=1e-6)


def test_known_frame_difference_is_detected_and_null_frames_mostly_not():
    rates = {"A": {"Economic": 0.35}, "B": {"Economic": 0.10}}
    a = synthetic_articles(rates, n=80, seed=1, bias={"A": 0.2, "B": 0.4})
    t = stats.group_tests(a, "outlet", n_perm=999, seed=5).set_index(["test", "item"])
    assert t.loc[("chi2_article_use", "Economic"), "p_adjusted"] < 0.05
    assert t.loc[("perm_sentence_share", "Economic"), "p_adjusted"] < 0.05
    assert t.loc[("perm_sentence_share", "Economic"), "high_unit"] == "A"
    assert t.loc[("perm_biased_rate", "biased"), "p_adjusted"] < 0.05
    assert t.loc[("perm_biased_rate", "biased"), "high_unit"] == "B"
    others = t.xs("perm_sentence_share").drop(index="Economic")["p_adjusted"]
    assert (others < 0.05).sum() <= 1


def test_no_difference_gives_nominal_false_positive_rate_chi2():
    rng = np.random.default_rng(11)
    codes = np.repeat([0, 1], 60)
    pvals = np.array([stats.chi2_use_test(rng.random(120) < 0.3, codes)[2] for _ in range(400)])
    rate = np.mean(pvals < 0.05)
    assert 0.02 <= rate <= 0.09, rate


def test_no_difference_gives_nominal_false_positive_rate_permutation():
    rng = np.random.default_rng(12)
    codes = np.repeat([0, 1, 2], 20)
    rejections = 0
    for _ in range(200):
        den = rng.integers(5, 20, size=60).astype(float)
        num = rng.binomial(den.astype(int), rng.beta(1.2, 2.8, size=60)).astype(float)[:, None]
        _, p = stats.permutation_ratio_test(num, den, codes, 199, rng)
        rejections += p[0] < 0.05
    assert 0.015 <= rejections / 200 <= 0.10, rejections


def test_article_bootstrap_ci_covers_the_truth():
    truth = 0.3
    covered_sent = covered_art = 0
    for rep in range(100):
        rng = np.random.default_rng(rep)
        a = pd.DataFrame({"key": np.arange(60).astype(str), "outlet": "A", "n_biased": 0,
                          **dict.fromkeys(FRAME_COUNT_COLS, 0)})  # fmt: skip
        a["n_sent"] = 20  # fixed length, so the true sentence share is the mean propensity
        a["nf__Economic"] = rng.binomial(
            20, rng.beta(1.2, 2.8, size=60)
        )  # clustered within articles, mean 0.3
        a["nf__Morality"] = rng.binomial(1, truth, size=60)  # article-level use with probability 0.3
        a = with_article_head(a, rep)
        reps = stats.unit_replicates(a, "outlet", 400, seed=rep)
        prof = stats.profiles(a, "outlet", reps).set_index(["metric", "item"])
        s = prof.loc[("frame_sentence_share", "Economic")]
        covered_sent += s["ci_low"] <= truth <= s["ci_high"]
        u = prof.loc[("frame_article_share", "Morality")]
        covered_art += u["ci_low"] <= truth <= u["ci_high"]
    assert 0.88 <= covered_sent / 100 <= 0.99, covered_sent
    assert 0.88 <= covered_art / 100 <= 0.99, covered_art


def test_bootstrap_resamples_articles_not_sentences():
    # Two articles: one all-frame, one no-frame. An article bootstrap gives shares far from 0.5 often;
    # a sentence bootstrap would concentrate near 0.5.
    a = pd.DataFrame({"key": ["x", "y"], "outlet": ["A", "A"], "n_sent": [50, 50], "n_biased": [0, 0],
                      **{c: [0, 0] for c in FRAME_COUNT_COLS}})  # fmt: skip
    a["nf__Economic"] = [50, 0]
    a = with_article_head(a)
    reps = stats.unit_replicates(a, "outlet", 1000, seed=0)["A"]["frame_sentence_share"][1][:, 0]
    assert set(np.unique(reps)) <= {0.0, 0.5, 1.0}
    assert 0.4 < np.mean(reps != 0.5) < 0.6


def test_pairwise_difference_ci_and_sign():
    a = synthetic_articles({"A": {"Economic": 0.4}, "B": {"Economic": 0.1}}, n=70, seed=4)
    reps = stats.unit_replicates(a, "outlet", 800, seed=1)
    d = stats.pairwise_differences(reps, "outlet").set_index(["metric", "item"])
    row = d.loc[("diff_frame_sentence_share", "Economic")]
    assert row["unit"] == "A" and row["unit_b"] == "B"
    assert 0.2 < row["estimate"] < 0.4 and row["ci_low"] > 0.15
    null = d.loc[("diff_frame_sentence_share", "Morality")]
    assert null["ci_low"] < 0 < null["ci_high"]


def test_untestable_frames_are_left_out_of_the_family():
    a = synthetic_articles({"A": {}, "B": {}}, n=20, seed=2)
    a["nf__Morality"] = 0
    t = stats.group_tests(a, "outlet", n_perm=199).set_index(["test", "item"])
    assert np.isnan(t.loc[("chi2_article_use", "Morality"), "p_value"])
    assert np.isnan(t.loc[("perm_sentence_share", "Morality"), "p_adjusted"])


def test_stance_profiles_keep_targets_of_several_outlets_only():
    st = pd.DataFrame([
        {"key": "a1", "outlet": "A", "target": "Smith", "label": "positive", "score": 0.8},
        {"key": "a1", "outlet": "A", "target": "Smith", "label": "neutral", "score": 0.0},
        {"key": "b1", "outlet": "B", "target": "Smith", "label": "negative", "score": -0.6},
        {"key": "b1", "outlet": "B", "target": "Jones", "label": "negative", "score": -0.6},
    ])  # fmt: skip
    arts = pd.DataFrame({"key": ["a1", "a2", "b1"], "outlet": ["A", "A", "B"]})
    out = stats.stance_profiles(st, arts, "outlet", n_boot=200).set_index(["unit", "item"])
    assert set(out.index.get_level_values("item")) == {"Smith"}
    assert out.loc[("A", "Smith"), "estimate"] == pytest.approx(0.4)
    assert out.loc[("A", "Smith"), "mentions"] == 2 and out.loc[("A", "Smith"), "positive"] == 1
    assert out.loc[("B", "Smith"), "estimate"] == pytest.approx(-0.6)


def test_time_bins_monthly_with_flags():
    a = synthetic_articles({"A": {}, "B": {}}, n=12, seed=3)
    a["date"] = pd.to_datetime(["2020-01-05"] * 10 + ["2020-02-05"] * 2 + ["2020-01-07"] * 12)
    tb = stats.time_bins(a, "outlet", "M", min_articles=10).set_index(["unit", "bin"])
    assert tb.loc[("A", "2020-01"), "n_articles"] == 10 and bool(tb.loc[("A", "2020-01"), "enough"])
    assert not bool(tb.loc[("A", "2020-02"), "enough"])
    assert tb.loc[("B", "2020-01"), "n_articles"] == 12


def test_article_head_metrics_come_first_bracket_their_estimates_and_full_use_is_share_one():
    a = synthetic_articles({"A": {"Economic": 0.4}, "B": {"Economic": 0.1}}, n=40, seed=8)
    a.loc[a["outlet"] == "A", ARTICLE_LABEL_PREFIX + "Economic"] = 1  # every article of A carries the frame
    reps = stats.unit_replicates(a, "outlet", 500, seed=3)
    prof = stats.profiles(a, "outlet", reps)
    assert list(dict.fromkeys(prof["metric"]))[1:3] == ["article_frame_label_share", "article_frame_mean_p"]
    ix = prof.set_index(["unit", "metric", "item"])
    full = ix.loc[("A", "article_frame_label_share", "Economic")]
    assert full["estimate"] == 1.0 and full["ci_low"] == 1.0 and full["ci_high"] == 1.0
    mean_p = ix.loc[("B", "article_frame_mean_p", "Economic")]
    b = a[a["outlet"] == "B"]
    assert mean_p["estimate"] == pytest.approx(b[ARTICLE_P_PREFIX + "Economic"].mean())
    assert mean_p["ci_high"] - mean_p["ci_low"] > 0.01
    head = prof[prof["metric"].isin(stats.ARTICLE_METRICS)]
    assert len(head) == 2 * 2 * len(FRAME_LABELS)
    assert (
        (head["ci_low"] <= head["estimate"] + 1e-12) & (head["estimate"] <= head["ci_high"] + 1e-12)
    ).all()


def test_article_head_differences_are_tested_and_paired():
    a = synthetic_articles({"A": {"Economic": 0.5}, "B": {"Economic": 0.1}}, n=60, seed=9)
    t = stats.group_tests(a, "outlet", n_perm=499, seed=5)
    assert list(dict.fromkeys(t["test"]))[:2] == ["chi2_article_label", "perm_article_mean_p"]
    t = t.set_index(["test", "item"])
    for test in ("chi2_article_label", "perm_article_mean_p"):
        assert (
            t.loc[(test, "Economic"), "p_adjusted"] < 0.05 and t.loc[(test, "Economic"), "high_unit"] == "A"
        )
    assert t.loc[("chi2_article_label", "Economic"), "cramers_v"] > 0.2
    d = stats.pairwise_differences(stats.unit_replicates(a, "outlet", 400, seed=2), "outlet")
    d = d.set_index(["metric", "item"])
    for metric in ("diff_article_frame_label_share", "diff_article_frame_mean_p"):
        assert d.loc[(metric, "Economic"), "ci_low"] > 0.1
        assert d.loc[(metric, "Morality"), "ci_low"] < 0 < d.loc[(metric, "Morality"), "ci_high"]


def test_a_table_without_the_article_head_is_refused_by_name():
    a = synthetic_articles({"A": {}, "B": {}}, n=5, seed=1).drop(columns=ARTICLE_P_COLS)
    with pytest.raises(ValueError, match="lacks the article-head columns article_p_Economic"):
        stats.unit_replicates(a, "outlet", 100, seed=0)
