"""bf16 weights on the torch backend, and batching by token length: what changes and what must not."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from slant.model import Predictor
from slant.model.defaults import check_precision
from slant.model.tiny import build_tiny_model
from slant.predict.cli import main
from slant.predict.pipeline import ArticlePipeline

ARTICLE = {
    "id": "a1",
    "text": "Mr. Xi met President Trump in court on Monday.\n\nThe tax law is bad for police, Xi said. "
    "Senator Ruth Calder of the Harbor Party called the plan a reckless scheme that will hurt families.",
}
TEXTS = [
    "Xi met Trump.",
    "The long and winding budget debate in the harbor council ran past midnight again on Tuesday.",
    "Calder said Okafor lied.",
    "A tax.",
]
SPANS = [[(0, 2), (7, 12)], [], [(0, 6), (12, 18)], []]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model", seed=3)


def test_bf16_weights_give_fp32_scores_to_about_two_decimals(model_dir):
    fp32 = ArticlePipeline.from_pretrained(model_dir, backend="torch")
    bf16 = ArticlePipeline.from_pretrained(model_dir, precision="bf16")  # picks the torch backend itself
    assert next(bf16.predictor.model.parameters()).dtype == torch.bfloat16
    assert bf16.predictor.precision == "bf16" and fp32.predictor.precision == "fp32"
    a, b = fp32.score_article(ARTICLE), bf16.score_article(ARTICLE)
    assert [s["text"] for s in a["sentences"]] == [s["text"] for s in b["sentences"]]
    for sa, sb in zip(a["sentences"], b["sentences"]):
        assert sb["bias"]["prob"] == pytest.approx(sa["bias"]["prob"], abs=0.02)
        assert max(abs(sa["frames"][f] - sb["frames"][f]) for f in sa["frames"]) < 0.02
        for ta, tb in zip(sa["stance"], sb["stance"]):
            assert ta["mention"] == tb["mention"]
            assert tb["probs"]["negative"] == pytest.approx(ta["probs"]["negative"], abs=0.02)


@pytest.mark.parametrize(
    ("precision", "quantize", "backend", "message"),
    [
        ("fp16", False, "torch", "precision='fp16'; expected one of fp32, bf16"),
        ("bf16", True, "torch", "together with int8 quantisation"),
        ("bf16", False, "onnx", "bf16 runs on the torch backend only"),
    ],
)
def test_bad_precision_settings_are_refused(model_dir, precision, quantize, backend, message):
    with pytest.raises(ValueError, match=message):
        check_precision(precision, quantize, backend)
    with pytest.raises(ValueError, match=message):
        ArticlePipeline.from_pretrained(model_dir, precision=precision, quantize=quantize, backend=backend)


def test_batches_are_cut_from_encoded_rows_without_padding_columns(model_dir):
    pred = Predictor.from_pretrained(model_dir, device="cpu", batch_size=2)
    seen = []
    model = pred.model

    def spy(**kw):
        seen.append((kw["attention_mask"].clone(), kw["target_positions"].clone()))
        return model(**kw)

    pred.model = spy
    pred.logits(TEXTS, SPANS)
    assert sum(len(m) for m, _ in seen) == len(TEXTS)  # four rows, one pass each
    for mask, targets in seen:
        assert mask[:, -1].any()  # the batch is as wide as its longest row: no column of padding only
        assert (targets >= 0).any(1).any() or targets.shape[1] == 1
    lengths = [int(m.sum(1).max()) for m, _ in seen]
    assert lengths == sorted(lengths, reverse=True)  # longest rows first


def test_batch_size_does_not_change_the_logits(model_dir):
    one = Predictor.from_pretrained(model_dir, device="cpu", batch_size=1)
    many = Predictor.from_pretrained(model_dir, device="cpu", batch_size=32)
    (b1, f1, s1), (b2, f2, s2) = one.logits(TEXTS, SPANS), many.logits(TEXTS, SPANS)
    np.testing.assert_allclose(b1, b2, atol=1e-5)
    np.testing.assert_allclose(f1, f2, atol=1e-5)
    for x, y in zip(s1, s2):
        assert len(x) == len(y)
        for u, v in zip(x, y):
            np.testing.assert_allclose(u, v, atol=1e-5)


def test_predict_cli_bf16_runs_records_its_precision_and_refuses_onnx(model_dir, tmp_path, capsys):
    archive = tmp_path / "in.jsonl"
    archive.write_text(json.dumps(ARTICLE) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert (
        main(
            [
                str(archive),
                "--model",
                str(model_dir),
                "--format",
                "jsonl",
                "-o",
                str(out),
                "--precision",
                "bf16",
            ]
        )
        == 0
    )
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(rows) == 1 and rows[0]["id"] == "a1" and rows[0]["sentences"]
    capsys.readouterr()
    # an fp32 run may not resume a bf16 output: its scores would differ from the rows already written
    code = main([str(archive), "--model", str(model_dir), "--format", "jsonl", "-o", str(out), "--resume",
                 "--backend", "torch"])  # fmt: skip
    err = capsys.readouterr().err
    assert code == 2 and "refusing to --resume" in err and "bf16" in err
    code = main([str(archive), "--model", str(model_dir), "--precision", "bf16", "--backend", "onnx"])
    err = capsys.readouterr().err
    assert code == 2 and "bf16 runs on the torch backend only" in err and "Traceback" not in err


def test_batch_size_defaults_follow_the_precision_and_an_explicit_one_wins(model_dir):
    from slant.model.defaults import BATCH_SIZE, BATCH_SIZE_BF16, batch_size_for

    assert (batch_size_for("fp32"), batch_size_for("bf16"), batch_size_for("bf16", 8)) == (
        BATCH_SIZE,
        BATCH_SIZE_BF16,
        8,
    )
    assert (
        ArticlePipeline.from_pretrained(model_dir, precision="bf16").predictor.batch_size == BATCH_SIZE_BF16
    )
    assert ArticlePipeline.from_pretrained(model_dir, backend="torch").predictor.batch_size == BATCH_SIZE
    assert (
        ArticlePipeline.from_pretrained(model_dir, precision="bf16", batch_size=5).predictor.batch_size == 5
    )
