"""The ONNX Runtime backend of the article pipeline gives the torch backend's results."""

from __future__ import annotations

import pytest

from slant.model.tiny import build_tiny_model
from slant.predict.pipeline import ArticlePipeline

pytest.importorskip("onnx")

ARTICLE = {
    "id": "a1",
    "text": "Mr. Xi met President Trump in court on Monday.\n\nThe tax law is bad for police, Xi said.",
}


def test_onnx_backend_matches_torch(tmp_path):
    model_dir = build_tiny_model(tmp_path / "tiny", seed=2)
    torch_out = ArticlePipeline.from_pretrained(model_dir).score_article(ARTICLE)
    onnx_out = ArticlePipeline.from_pretrained(model_dir, backend="onnx").score_article(ARTICLE)
    assert [s["text"] for s in onnx_out["sentences"]] == [s["text"] for s in torch_out["sentences"]]
    for a, b in zip(torch_out["sentences"], onnx_out["sentences"]):
        assert a["bias"]["prob"] == pytest.approx(b["bias"]["prob"], abs=1e-3)
        assert [t["mention"] for t in a["stance"]] == [t["mention"] for t in b["stance"]]
        for ta, tb in zip(a["stance"], b["stance"]):
            assert ta["probs"]["positive"] == pytest.approx(tb["probs"]["positive"], abs=1e-3)
    assert (model_dir / "model.onnx").is_file()


def test_onnx_backend_carries_the_article_head_and_in_article_frames(tmp_path):
    model_dir = build_tiny_model(tmp_path / "lin", seed=4, article_frames="linear", frame_context=4.0)
    torch_out = ArticlePipeline.from_pretrained(model_dir, backend="torch").score_article(ARTICLE)
    onnx_out = ArticlePipeline.from_pretrained(model_dir, backend="onnx").score_article(ARTICLE)
    for key in ("article_frames",):
        for f, p in torch_out["summary"][key].items():
            assert onnx_out["summary"][key][f] == pytest.approx(p, abs=1e-3)
    for a, b in zip(torch_out["sentences"], onnx_out["sentences"]):
        for f, p in a["frames"].items():
            assert b["frames"][f] == pytest.approx(p, abs=1e-3)


def test_unknown_backend_is_refused(tmp_path):
    with pytest.raises(ValueError, match="backend='tpu'; expected 'torch' or 'onnx'"):
        ArticlePipeline.from_pretrained(build_tiny_model(tmp_path / "tiny"), backend="tpu")
