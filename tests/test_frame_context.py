"""Sentence frames read inside their article (`SlantConfig.frame_context`): the rule, predict, evaluation, the check."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from slant.data.labels import FRAME_LABELS
from slant.data.schema import make_row
from slant.eval.threshold_cv import SHARED, context_weight_cv, threshold_rule_cv
from slant.model.config import SlantConfig
from slant.model.modeling import frames_in_context, pool_article_frames
from slant.model.predictor import Predictor
from slant.model.tiny import build_tiny_model
from slant.predict.pipeline import ArticlePipeline
from slant.tasks.registry import get_task

ARTICLE = (
    "The council voted on Tuesday to charge drivers a fee to cross the harbor bridge.\n\n"
    "Mayor Ruth Calder said the money would pay for buses and new ferries.\n\n"
    "Critics said the fee would hurt workers who have no other way to reach the port.\n\n"
    "The vote passed seven to two after a long hearing."
)


@pytest.fixture(scope="module")
def context_dir(tmp_path_factory):
    return build_tiny_model(
        tmp_path_factory.mktemp("ctx") / "model", frame_context=4.0
    )  # the largest weight: a tiny model's logits are small


def test_config_rejects_a_weight_outside_its_range() -> None:
    with pytest.raises(ValueError, match="frame_context=-0.5; expected 0..4"):
        SlantConfig(encoder={"model_type": "bert"}, frame_context=-0.5)
    from slant.training.config import build_config

    with pytest.raises(ValueError, match="frame_context"):
        build_config({"frame_context": 9.0})
    assert build_config({}).frame_context == 0.25  # the full preset's, chosen on prose dev
    assert build_config({"preset": "quick"}).frame_context == 0.0


def test_rule_adds_the_weighted_article_pool_and_is_off_at_zero() -> None:
    g = torch.Generator().manual_seed(0)
    z, ctx = torch.randn(3, 14, generator=g), torch.randn(5, 14, generator=g)
    on = SlantConfig(encoder={"model_type": "bert"}, frame_context=0.5)
    off = SlantConfig(encoder={"model_type": "bert"})
    assert torch.equal(frames_in_context(z, off, ctx), z)
    assert torch.allclose(frames_in_context(z, on, ctx), z + 0.5 * pool_article_frames(ctx, on))
    assert torch.allclose(frames_in_context(z, on), z + 0.5 * pool_article_frames(z, on))  # default: the rows
    assert torch.equal(frames_in_context(z, on, ctx[:0]), z)  # no context: unchanged


def test_predict_reads_sentences_in_their_article_and_sentence_mode_alone(context_dir) -> None:
    pipe = ArticlePipeline.from_pretrained(context_dir, backend="torch")
    article = {"id": "a", "text": ARTICLE}
    res = pipe.score_article(article)
    prep = pipe.prepare(article)
    texts, spans = [s.text for s in prep.sentences], prep.spans()
    assert len(texts) == 4 and [s["text"] for s in res["sentences"]] == texts
    pred = pipe.predictor
    z = np.stack([p.frame_logits for p in pipe._predict_unique(texts, spans, prep.other_mentions())])
    w = pred.config.frame_context
    expected = pred._sigmoid(z + w * pred.model.pool_article_frames(torch.from_numpy(z)).numpy(), "frames")
    got = np.array([[s["frames"][f] for f in FRAME_LABELS] for s in res["sentences"]])
    np.testing.assert_allclose(got, expected, atol=1e-4)
    records = [{"id": i, "text": t, "targets": sp} for i, (t, sp) in enumerate(zip(texts, spans))]
    alone = np.array([[r["frames"][f] for f in FRAME_LABELS] for r in pipe.score_sentences(records)])
    np.testing.assert_allclose(alone, pred._sigmoid(z, "frames"), atol=1e-4)
    assert np.abs(alone - got).max() > 1e-3  # the article moved them
    # article-level frames still pool the sentences' own logits
    art = pred.pool_frames_proba(z)
    np.testing.assert_allclose([res["summary"]["article_frames"][f] for f in FRAME_LABELS], art, atol=1e-4)


def _prose_dd(with_articles: bool = True):
    import datasets

    from slant.data.schema import FEATURES

    starts = [0, ARTICLE.index("Mayor"), ARTICLE.index("Critics")]
    ends = [ARTICLE.index("\n\n", s) if "\n\n" in ARTICLE[s:] else len(ARTICLE) for s in starts]
    rows = [
        make_row(id=f"c:a1:{s}", text=ARTICLE[s:e], source="frames_prose", frames=[int(j == k) for j in range(14)],
                 article_id="c:a1")
        for k, (s, e) in enumerate(zip(starts, ends))
    ]  # fmt: skip
    parts = {"train": rows, "dev": rows, "frames_prose": rows}
    if with_articles:
        parts["articles"] = [make_row(id="c:a1", text=ARTICLE, source="frames_prose", article_id="c:a1")]
    return datasets.DatasetDict(
        {k: datasets.Dataset.from_list(v, features=FEATURES) for k, v in parts.items()}
    )


def test_prose_evaluation_reads_each_sentence_in_its_article(context_dir) -> None:
    task = get_task("frames_prose")
    sp = task.splits(_prose_dd(), ["dev"])["dev"]
    assert sp.contexts is not None and len(sp.contexts) == 3 and len(sp.contexts[0]) == 4
    pred = Predictor.from_pretrained(context_dir)
    z = pred.logits(sp.texts)[1]
    ctx = pred.logits(list(sp.contexts[0]))[1]
    got = task.logits(pred, sp, article_cap=0)
    np.testing.assert_allclose(got, pred.frames_in_context(z, ctx), atol=1e-5)
    assert np.abs(got - z).max() > 1e-3
    # without the articles part the rows are read alone
    alone = task.splits(_prose_dd(False), ["dev"])["dev"]
    assert alone.contexts is None
    np.testing.assert_allclose(task.logits(pred, alone, article_cap=0), z, atol=1e-5)


def test_a_sentence_whose_article_is_missing_is_named() -> None:
    import datasets

    dd = _prose_dd()
    dd["articles"] = datasets.Dataset.from_list(
        [make_row(id="c:other", text=ARTICLE, source="frames_prose")], features=dd["dev"].features
    )
    with pytest.raises(ValueError, match=r"split 'dev' has sentences of article\(s\) \['c:a1'\]"):
        get_task("frames_prose").splits(dd, ["dev"])


def test_context_weight_check_matches_the_threshold_check_at_zero_and_rejects_bad_shapes() -> None:
    rng = np.random.default_rng(0)
    y = (rng.random((60, 14)) < 0.2).astype(int)
    z = rng.normal(size=(60, 14)) + 2 * y
    groups = [f"a{i // 6}" for i in range(60)]
    ctx = rng.normal(size=(60, 14))
    out = context_weight_cv(z, ctx, y, groups, weights=(0.0, 0.5), repeats=5)
    micro, macro = threshold_rule_cv(z, y, groups, rules=(SHARED,), repeats=5)[SHARED]
    assert out[0.0][:2] == pytest.approx((micro, macro))
    assert 0 <= out[0.5][2] <= 1 and out[0.5] != out[0.0]
    with pytest.raises(ValueError, match="expected one context, label row and group per logit row"):
        context_weight_cv(z, ctx[:10], y, groups)


def test_calibration_fits_both_readings_and_old_files_fall_back(tmp_path) -> None:
    from slant.eval.calibration import fit_calibration
    from slant.model.io import write_json
    from slant.model.predictor import Calibration

    rng = np.random.default_rng(1)
    y = (rng.random((80, 14)) < 0.2).astype(int)
    alone = rng.normal(size=(80, 14)) + 3 * y
    in_article = 0.5 * alone + 1.0  # another scale and offset: another temperature and threshold
    cal, report = fit_calibration({"frames_prose": (np.hstack([alone, in_article]), y)}, FRAME_LABELS)
    assert set(report["fitted_on"]) >= {"frames", "frames_context"}
    assert cal["temperature"]["frames"] != pytest.approx(cal["temperature"]["frames_context"])
    assert len(cal["frame_thresholds"]) == len(cal["frame_context_thresholds"]) == 14
    with pytest.raises(ValueError, match="prose dev logits have 20 columns; expected 14 or 28"):
        fit_calibration({"frames_prose": (alone[:, :10].repeat(2, 1), y)}, FRAME_LABELS)
    # a calibration.json written before in-article reading: the sentence calibration serves both readings
    write_json(
        tmp_path / "calibration.json", {"temperature": {"frames": 1.7}, "frame_thresholds": [0.4] * 14}
    )
    old = Calibration.load(tmp_path)
    assert old.temperature["frames_context"] == 1.7 and old.frame_context_thresholds == [0.4] * 14
