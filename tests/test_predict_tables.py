"""Tidy tables from predict results: one row per article / sentence / mention, scalar cells, keys that join."""

from __future__ import annotations

import pytest

from slant.data.labels import FRAME_LABELS, STANCE_LABELS
from slant.model.tiny import build_tiny_model
from slant.predict.pipeline import ArticlePipeline, PipelineConfig
from slant.predict.tables import (
    ARTICLE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    column_name,
    tidy_rows,
    to_frames,
)

A1 = (
    "Mayor Ruth Calder said the harbor fee would pay for buses. Councilman Peter Okafor called it a terrible tax.\n\n"
    '"It punishes people who have no other way to work," Mr. Okafor said. The vote is due in May.\n'
)
A2 = "The council met on Tuesday. Nobody spoke about the harbor fee.\n"


@pytest.fixture(scope="module")
def results(tmp_path_factory) -> list[dict]:
    pipe = ArticlePipeline.from_pretrained(
        build_tiny_model(tmp_path_factory.mktemp("tiny") / "model"),
        config=PipelineConfig(targets=("harbor fee",)),
    )
    return pipe.score_articles([{"id": "a1", "text": A1, "outlet": "Post"}, {"id": "a2", "text": A2}])


def test_one_row_per_article_sentence_and_mention(results) -> None:
    rows = tidy_rows(results)
    assert [r["article_id"] for r in rows["articles"]] == ["a1", "a2"]
    assert len(rows["sentences"]) == sum(len(r["sentences"]) for r in results)
    n_mentions = sum(len(s["stance"]) for r in results for s in r["sentences"])
    assert n_mentions >= 3 and len(rows["stance"]) == n_mentions
    assert [r["n_mentions"] for r in rows["articles"]] == [
        sum(len(s["stance"]) for s in r["sentences"]) for r in results
    ]


def test_cells_are_scalars_and_columns_documented(results) -> None:
    rows = tidy_rows(results)
    fixed = {"articles": ARTICLE_COLUMNS, "sentences": SENTENCE_COLUMNS, "stance": STANCE_COLUMNS}
    for name, table in rows.items():
        for row in table:
            assert list(row)[: len(fixed[name])] == list(fixed[name])
            for key, value in row.items():
                assert value is None or isinstance(value, str | int | float | bool), (name, key, value)
                assert not (isinstance(value, str) and key not in ("text", "title", "mention")
                            and ";" in value), (name, key, value)  # fmt: skip
    sent = rows["sentences"][0]
    assert [k for k in sent if k.startswith("p_frame_")] == [f"p_frame_{f}" for f in FRAME_LABELS]
    assert [k for k in sent if k.startswith("frame_")] == [f"frame_{f}" for f in FRAME_LABELS]
    assert [k for k in rows["stance"][0] if k.startswith("p_")] == [f"p_{s}" for s in STANCE_LABELS]
    assert [k for k in rows["articles"][0] if k.startswith("share_frame_")] == [
        f"share_frame_{f}" for f in FRAME_LABELS
    ]


def test_values_match_the_nested_result(results) -> None:
    rows = tidy_rows(results)
    r, s = results[0], results[0]["sentences"][0]
    sent = rows["sentences"][0]
    assert (sent["article_id"], sent["index"], sent["text"]) == ("a1", 0, s["text"])
    assert sent["bias_prob"] == s["bias"]["prob"] and sent["bias_label"] == s["bias"]["label"]
    for f in FRAME_LABELS:
        assert sent[f"p_frame_{f}"] == s["frames"][f]
        assert sent[f"frame_{f}"] == (f in s["frame_labels"])
    assert sent["n_frame_labels"] == len(s["frame_labels"])
    assert sent["top_frame_prob"] == max(s["frames"].values())
    art = rows["articles"][0]
    assert art["bias_share"] == r["summary"]["bias_share"] and art["model_name"] == r["model"]["name"]
    assert art["n_targets"] == sum(1 for t in r["summary"]["targets"].values() if t["mentions"])
    fee = [row for row in rows["stance"] if row["target"] == "harbor fee" and row["article_id"] == "a1"]
    assert len(fee) == 1
    sentence = r["sentences"][fee[0]["sentence_index"]]
    assert r["text"][fee[0]["start"] : fee[0]["end"]] == fee[0]["mention"] == "harbor fee"
    st = next(x for x in sentence["stance"] if x["target"] == "harbor fee")
    assert fee[0]["label"] == st["label"] and fee[0]["p_positive"] == st["probs"]["positive"]


def test_frames_join_on_keys(results) -> None:
    frames = to_frames(results)
    assert set(frames) == {"articles", "sentences", "stance"}
    joined = frames["stance"].merge(
        frames["sentences"],
        left_on=["article_id", "sentence_index"],
        right_on=["article_id", "index"],
        suffixes=("", "_sentence"),
    )
    assert len(joined) == len(frames["stance"])
    assert (joined["start"] >= joined["start_sentence"]).all() and (
        joined["end"] <= joined["end_sentence"]
    ).all()
    per_article = frames["sentences"].groupby("article_id").size().to_dict()
    assert per_article == dict(zip(frames["articles"]["article_id"], frames["articles"]["n_sentences"]))


def test_sentence_mode_records_and_empty_input() -> None:
    rec = {"id": "s1", "bias": {"label": "biased", "prob": 0.7}, "frames": {"Economic": 0.6, "Crime and punishment": 0.1},
           "frame_labels": ["Economic"],
           "stance": [{"target": "fee", "mention": "fee", "start": 4, "end": 7, "label": "negative",
                       "probs": {"negative": 0.5, "neutral": 0.3, "positive": 0.2}}]}  # fmt: skip
    frames = to_frames([rec])
    assert frames["articles"].empty and list(frames["articles"].columns) == list(ARTICLE_COLUMNS)
    row = frames["sentences"].iloc[0]
    assert row["article_id"] == "s1" and row["index"] == 0 and row["frame_Crime_and_punishment"] == False  # noqa: E712
    assert frames["sentences"]["start"].dtype == "Int64"
    assert frames["stance"].iloc[0]["p_negative"] == 0.5
    empty = to_frames([])
    assert [list(empty[t].columns) for t in ("sentences", "stance")] == [
        list(SENTENCE_COLUMNS),
        list(STANCE_COLUMNS),
    ]
    assert column_name("Crime and punishment") == "Crime_and_punishment"


def test_not_a_result_is_named() -> None:
    with pytest.raises(ValueError, match=r"result 1 \(id 'x'\) is not a slant predict result"):
        tidy_rows([{"id": "ok", "sentences": []}, {"id": "x", "frames": {}}])
    with pytest.raises(ValueError, match="result 0 is list"):
        tidy_rows([[1]])
