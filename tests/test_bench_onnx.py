"""ONNX Runtime inference (`slant.model.onnx`) matches the torch model on a tiny random model."""

from __future__ import annotations

import os
import time

import numpy as np
import pytest

pytest.importorskip("onnxruntime")
pytest.importorskip("onnx")

from slant.model import Predictor  # noqa: E402
from slant.model.io import ModelDirError  # noqa: E402
from slant.model.onnx import ONNX_FP32, ONNX_INT8, export_onnx, onnx_predictor  # noqa: E402
from slant.model.tiny import build_tiny_model  # noqa: E402

# Different lengths (padding inside a batch), none / one / two targets per sentence.
TEXTS = [
    "President Biden said the economy is great.",
    "Police said crime was bad.",
    "Mr. Xi met President Trump and they said the war was terrible for voters.",
]
SPANS = [[(10, 15)], [], [(4, 6), (21, 26)]]


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def test_onnx_fp32_matches_torch(tiny):
    torch_pred = Predictor.from_pretrained(tiny, threads=1, batch_size=8)
    ort_pred = onnx_predictor(tiny, quantize=False, threads=1, batch_size=8)
    assert (tiny / ONNX_FP32).is_file()
    ref = torch_pred.predict_sentences(TEXTS, SPANS)
    got = ort_pred.predict_sentences(TEXTS, SPANS)
    for a, b in zip(ref, got):
        np.testing.assert_allclose(a.bias, b.bias, atol=1e-5)
        np.testing.assert_allclose(a.frames, b.frames, atol=1e-5)
        assert len(a.stance) == len(b.stance)
        for x, y in zip(a.stance, b.stance):
            np.testing.assert_allclose(x, y, atol=1e-5)
    # Article pooling goes through the same torch code on the session's logits.
    np.testing.assert_allclose(
        torch_pred.article_frames_proba([TEXTS[:2], TEXTS]),
        ort_pred.article_frames_proba([TEXTS[:2], TEXTS]),
        atol=1e-5,
    )


def test_onnx_int8_close_to_torch_and_cached(tiny):
    ref = Predictor.from_pretrained(tiny, threads=1).predict_sentences(TEXTS, SPANS)
    pred = onnx_predictor(tiny, quantize=True, threads=1)
    path = tiny / ONNX_INT8
    assert path.is_file() and pred.quantized
    for a, b in zip(ref, pred.predict_sentences(TEXTS, SPANS)):
        assert np.abs(a.bias - b.bias).max() < 0.02
        assert all(np.abs(x - y).max() < 0.02 for x, y in zip(a.stance, b.stance))
    before = path.stat().st_mtime_ns
    assert export_onnx(tiny, quantize=True) == path
    assert path.stat().st_mtime_ns == before  # fresh cache: not rebuilt


def test_stale_onnx_is_rebuilt_and_build_false_refuses(tmp_path):
    model_dir = build_tiny_model(tmp_path / "m")
    with pytest.raises(ModelDirError, match="no up-to-date model.onnx"):
        onnx_predictor(model_dir, quantize=False, build=False)
    path = export_onnx(model_dir, quantize=False)
    old = path.stat().st_mtime
    later = time.time() + 5
    os.utime(model_dir / "model.safetensors", (later, later))  # weights newer than the export
    export_onnx(model_dir, quantize=False)
    assert path.stat().st_mtime > old


def test_onnx_serves_an_encoder_without_token_types(tmp_path):
    # MPNet (all-mpnet-base-v2's architecture) has no token types, so its exported graph has no token_type_ids
    # input; the session must be fed only the inputs it declares and still answer like torch.
    tiny = build_tiny_model(tmp_path / "mpnet", encoder_type="mpnet")
    ref = Predictor.from_pretrained(tiny, threads=1).predict_sentences(TEXTS, SPANS)
    pred = onnx_predictor(tiny, quantize=False, threads=1)
    assert "token_type_ids" not in pred.model.input_names
    for a, b in zip(ref, pred.predict_sentences(TEXTS, SPANS)):
        np.testing.assert_allclose(a.frames, b.frames, atol=1e-5)
        np.testing.assert_allclose(a.bias, b.bias, atol=1e-5)
        for x, y in zip(a.stance, b.stance):
            np.testing.assert_allclose(x, y, atol=1e-5)


def test_tiny_encoder_type_is_checked(tmp_path):
    with pytest.raises(ValueError, match="expected one of .*'bert', 'mpnet'.*found 'gpt'"):
        build_tiny_model(tmp_path / "m", encoder_type="gpt")
