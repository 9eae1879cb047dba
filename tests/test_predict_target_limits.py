"""Targets per sentence: sentence mode refuses overlapping, out-of-text or too many targets per record (the other
records are scored); article mode scores a sentence with more targets than one pass takes in several passes."""

from __future__ import annotations

import json

import pytest

from slant.model import Predictor
from slant.model.inputs import encode
from slant.model.tiny import build_tiny_model
from slant.predict import cli
from slant.predict.inputs import read_sentences
from slant.predict.pipeline import MAX_TARGETS, ArticlePipeline, PipelineConfig

NAMES = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Ray", "Ed Moss"]
SENTENCE = "Ann Lee thanked Bo Chen, Cy Diaz, Di Ray and Ed Moss for their calm work at the harbour."


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory):
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


def _spans(text: str) -> list[tuple[int, int]]:
    return [(text.index(n), text.index(n) + len(n)) for n in NAMES]


def test_encode_splits_many_targets_into_rows_of_at_most_k(model_dir):
    pred = Predictor.from_pretrained(model_dir, threads=1)
    enc = encode(pred.tokenizer, [SENTENCE, "Tax news."], [_spans(SENTENCE), []], stance_input="markers",
                 max_length=128, max_per_row=2)  # fmt: skip
    assert len(enc.tensors["input_ids"]) == 4  # 2 + 2 + 1 targets, then the plain text
    assert sorted(enc.slots) == [(0, j) for j in range(5)]
    marker = pred.tokenizer.convert_tokens_to_ids("[TGT]")
    assert [int((row == marker).sum()) for row in enc.tensors["input_ids"]] == [2, 2, 1, 0]
    assert enc.text_rows == [0, 3]
    with pytest.raises(ValueError, match="max_per_row=0"):
        encode(
            pred.tokenizer,
            [SENTENCE],
            [_spans(SENTENCE)],
            stance_input="markers",
            max_length=64,
            max_per_row=0,
        )


def test_article_sentence_with_more_targets_than_a_pass_is_scored_in_chunks(model_dir):
    pipe = ArticlePipeline.from_pretrained(
        model_dir, config=PipelineConfig(targets=tuple(NAMES), max_targets=2)
    )
    result = pipe.score_article({"id": "a", "text": SENTENCE})
    ((sentence,),) = [result["sentences"]]
    assert [s["mention"] for s in sentence["stance"]] == NAMES  # every mention scored, none dropped
    # A single chunk holding one target scores it exactly as a pass of its own would.
    one = ArticlePipeline.from_pretrained(
        model_dir, config=PipelineConfig(targets=tuple(NAMES), max_targets=1)
    )
    alone = one.score_article({"id": "a", "text": SENTENCE})["sentences"][0]["stance"]
    text = SENTENCE
    direct = Predictor.from_pretrained(model_dir, threads=1).stance_proba([text], [_spans(text)[4]])[0]
    assert abs(alone[4]["probs"]["positive"] - round(float(direct[2]), 4)) < 1e-4


def test_config_limits_targets_per_pass():
    assert PipelineConfig().max_targets == MAX_TARGETS == cli.MAX_TARGETS
    with pytest.raises(ValueError, match="max_targets=0 invalid; expected 1..256"):
        PipelineConfig(max_targets=0)


def _write(tmp_path, rows):
    path = tmp_path / "s.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


ROWS = [
    {
        "id": "ok",
        "text": "Ann Lee met Bo Chen.",
        "targets": [{"start": 0, "end": 7}, {"start": 12, "end": 19}],
    },
    {
        "id": "overlap",
        "text": "Ann Lee met Bo Chen.",
        "targets": [{"start": 0, "end": 7}, {"start": 4, "end": 11}],
    },
    {"id": "outside", "text": "Ann Lee won.", "targets": [{"start": 0, "end": 40}]},
    {"id": "many", "text": SENTENCE, "targets": [{"start": a, "end": b} for a, b in _spans(SENTENCE)]},
]


def test_read_sentences_gives_one_error_per_bad_record(tmp_path):
    path = _write(tmp_path, ROWS)
    batch = read_sentences([str(path)], max_targets=4)
    assert [r["id"] for r in batch.articles] == ["ok"]
    by_line = {p.source: p for p in batch.problems}
    assert all(p.fatal for p in batch.problems) and len(batch.problems) == 3
    assert "target 0 (0, 7) and target 1 (4, 11) overlap" in by_line[f"{path}:line 2"].message
    assert "0 <= start < end <= 12" in by_line[f"{path}:line 3"].message
    assert "has 5 targets; expected at most 4 per sentence" in by_line[f"{path}:line 4"].message
    # Without a cap the five-target record is kept.
    assert [r["id"] for r in read_sentences([str(path)]).articles] == ["ok", "many"]


def test_cli_scores_the_good_records_and_names_each_bad_one(tmp_path, model_dir, capsys):
    path = _write(tmp_path, ROWS)
    code = cli.main([str(path), "--unit", "sentence", "--model", str(model_dir), "--max-targets", "4"])
    out, err = capsys.readouterr()
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == ["ok"]
    lines = [line for line in err.strip().splitlines() if not line.startswith("slant: exporting")]
    assert len(lines) == 3 and all(line.startswith("slant predict: error: ") for line in lines)
    assert cli.main([str(path), "--unit", "sentence", "--model", str(model_dir), "--max-targets", "0"]) == 2
    assert "--max-targets 0 invalid" in capsys.readouterr().err
