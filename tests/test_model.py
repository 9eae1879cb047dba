"""Model save/load, compatibility checks, input encoding and batching on a tiny random model."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch

from slant.model import ModelDirError, Predictor, load_model
from slant.model.inputs import encode, mark_spans, non_overlapping_groups
from slant.model.tiny import build_tiny_model


@pytest.fixture()
def tiny_dir(tmp_path):
    return build_tiny_model(tmp_path / "tiny", seed=1)


TEXTS = ["Mr. Xi met Trump in court on Monday.", "Tax news.", "Police said the gun law is bad."]
SPANS = [[(0, 6), (11, 16)], [], [(0, 6)]]


def test_save_load_gives_identical_logits(tiny_dir, tmp_path):
    model, tok = load_model(tiny_dir)
    enc = encode(tok, TEXTS, SPANS, stance_input="markers", max_length=64)
    with torch.no_grad():
        before = model(**enc.tensors)
    from slant.model import save_model

    save_model(model, tok, tmp_path / "again")
    model2, tok2 = load_model(tmp_path / "again")
    with torch.no_grad():
        after = model2(**encode(tok2, TEXTS, SPANS, stance_input="markers", max_length=64).tensors)
    for key in ("bias", "frames", "stance"):
        assert torch.equal(before[key], after[key])
    files = {p.name for p in (tmp_path / "again").iterdir()}
    assert "model.safetensors" in files and not any(f.endswith((".bin", ".pt", ".pkl")) for f in files)
    cfg = json.loads((tmp_path / "again/config.json").read_text())
    assert cfg["bias_labels"] == ["neutral", "biased"] and len(cfg["frame_labels"]) == 14


def test_pickle_file_is_refused(tiny_dir):
    (tiny_dir / "pytorch_model.bin").write_bytes(b"not really")
    with pytest.raises(
        ModelDirError, match=r"pickle-format file\(s\) \['pytorch_model.bin'\].*never unpickles"
    ):
        load_model(tiny_dir)


def test_mismatched_label_map_is_refused(tiny_dir):
    cfg = json.loads((tiny_dir / "config.json").read_text())
    cfg["stance_labels"] = ["negative", "positive"]
    (tiny_dir / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelDirError, match="the stance head has 3 outputs but config.json lists 2"):
        load_model(tiny_dir)


def test_missing_directory_and_wrong_model_type(tmp_path, tiny_dir):
    with pytest.raises(ModelDirError, match="no such model directory"):
        load_model(tmp_path / "nope")
    cfg = json.loads((tiny_dir / "config.json").read_text())
    cfg["model_type"] = "bert"
    (tiny_dir / "config.json").write_text(json.dumps(cfg))
    with pytest.raises(ModelDirError, match="model_type is 'bert'; expected 'slant'"):
        load_model(tiny_dir)


def test_batch_and_single_predictions_agree(tiny_dir):
    pred = Predictor.from_pretrained(tiny_dir, batch_size=2, threads=1)
    together = pred.predict_sentences(TEXTS, SPANS)
    for text, spans, joint in zip(TEXTS, SPANS, together):
        alone = pred.predict_sentences([text], [spans])[0]
        np.testing.assert_allclose(alone.bias, joint.bias, atol=1e-5)
        np.testing.assert_allclose(alone.frames, joint.frames, atol=1e-5)
        for a, b in zip(alone.stance, joint.stance):
            np.testing.assert_allclose(a, b, atol=1e-5)
    assert pred.predict_sentences([], []) == []


def test_calibration_file_changes_probabilities(tiny_dir):
    plain = Predictor.from_pretrained(tiny_dir, threads=1).bias_proba(TEXTS)
    (tiny_dir / "calibration.json").write_text(json.dumps({"temperature": {"bias": 0.05}}))
    sharp = Predictor.from_pretrained(tiny_dir, threads=1).bias_proba(TEXTS)
    assert np.abs(sharp - 0.5).sum() > np.abs(plain - 0.5).sum()
    np.testing.assert_allclose(sharp.sum(1), 1.0, atol=1e-5)


def test_markers_and_overlaps():
    assert mark_spans("Xi met Yoon.", [(0, 2), (7, 11)]) == "[TGT] Xi [/TGT] met [TGT] Yoon [/TGT]."
    assert non_overlapping_groups([(0, 15), (10, 15), (20, 25)]) == [[0, 2], [1]]


def test_span_outside_text_is_rejected(tiny_dir):
    pred = Predictor.from_pretrained(tiny_dir, threads=1)
    with pytest.raises(
        ValueError, match=r"target span \(3, 99\) of text 0 is outside its sentence of length 5"
    ):
        pred.predict_sentences(["hello"], [[(3, 99)]])


@pytest.mark.parametrize("stance_input", ["pair", "marker_each", "marker_coref"])
def test_one_pass_per_target_inputs_score_every_target(tmp_path, stance_input):
    d = build_tiny_model(tmp_path / stance_input, stance_input=stance_input)
    out = Predictor.from_pretrained(d, threads=1).predict_sentences(TEXTS, SPANS)
    assert [len(o.stance) for o in out] == [2, 0, 1]


def test_marker_each_marks_only_the_target_of_its_row(tiny_dir):
    _, tok = load_model(tiny_dir)
    enc = encode(tok, TEXTS, SPANS, stance_input="marker_each", max_length=64)
    rows = [tok.decode(r, skip_special_tokens=False) for r in enc.tensors["input_ids"]]
    assert len(rows) == 4  # two targets of text 0, one plain text, one target of text 2
    assert enc.slots == {(0, 0): (0, 0), (0, 1): (1, 0), (2, 0): (3, 0)} and enc.text_rows == [0, 2, 3]
    for row, words in ((0, "mr. xi"), (1, "trump"), (3, "police")):
        assert rows[row].count("[TGT]") == 1 and f"[TGT] {words} [/TGT]" in rows[row]
        assert int(
            enc.tensors["input_ids"][row, enc.tensors["target_positions"][row, 0]]
        ) == tok.convert_tokens_to_ids("[TGT]")


def test_marker_coref_marks_other_mentions_and_reads_the_target(tiny_dir):
    _, tok = load_model(tiny_dir)
    text = "He said Smith told Jones that his plan failed."
    # target 0 "Smith" with "He" and "his" (and one mention overlapping Smith itself, dropped); target 1 "Jones"
    spans = [[(8, 13), (19, 24)]]
    mentions = [[[(0, 2), (30, 33), (9, 12)], []]]
    enc = encode(tok, [text], spans, stance_input="marker_coref", max_length=64, mentions=mentions)
    rows = [tok.decode(r, skip_special_tokens=False) for r in enc.tensors["input_ids"]]
    assert "[TGT] he [/TGT] said [TGT] smith [/TGT] told jones that [TGT] his [/TGT]" in rows[0]
    assert rows[1].count("[TGT]") == 1 and "[TGT] jones [/TGT]" in rows[1]
    assert enc.slots == {(0, 0): (0, 0), (0, 1): (1, 0)}
    ids = enc.tensors["input_ids"]
    read = int(enc.tensors["target_positions"][0, 0])
    assert int(ids[0, read]) == tok.convert_tokens_to_ids("[TGT]")
    after = tok.decode(ids[0, read + 1 :], skip_special_tokens=False)
    assert after.startswith("smith [/TGT]")  # the target's own marker, not the first one
    # without mentions marker_coref is marker_each
    plain = encode(tok, [text], spans, stance_input="marker_coref", max_length=64)
    each = encode(tok, [text], spans, stance_input="marker_each", max_length=64)
    assert torch.equal(plain.tensors["input_ids"], each.tensors["input_ids"])
    with pytest.raises(ValueError, match=r"other mentions of target 0 of text 0"):
        encode(tok, [text], spans, stance_input="marker_coref", max_length=64, mentions=[[[(40, 99)], []]])
