"""ArticlePipeline on a tiny random model: result schema key by key, offsets, summary arithmetic, batching."""

from __future__ import annotations

import ast
from pathlib import Path

import numpy as np
import pytest

from slant.data.labels import FRAME_LABELS, STANCE_LABELS
from slant.model.tiny import build_tiny_model
from slant.predict.pipeline import ArticlePipeline, PipelineConfig
from slant.predict.profile import summarize

ARTICLE = """Home
News
Politics

Council backs harbor fee after long night

By Jane Porter, Staff Writer

DOVERTON — The city council voted on Tuesday to charge drivers a fee to cross the harbor bridge.

Mayor Ruth Calder said the money would pay for buses. "This is about fairness for every rider," Ms. Calder told reporters.

Councilman Peter Okafor called the plan a terrible tax. "It punishes people who have no other way to work," Mr. Okafor said.

Drivers wait at the bridge on Monday. (AP Photo/Sam Lee)

The reckless vote came after a calm hearing at City Hall.

Advertisement

Related:
Bus riders face longer waits
How the bridge was built
"""

TOP_KEYS = ["id", "title", "outlet", "model", "removed", "text", "sentences", "summary", "warnings"]
SENTENCE_KEYS = ["index", "start", "end", "text", "voice", "bias", "frames", "frame_labels", "stance"]
STANCE_KEYS = ["target", "mention", "start", "end", "label", "probs"]


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> Path:
    return build_tiny_model(tmp_path_factory.mktemp("tiny") / "model")


@pytest.fixture(scope="module")
def pipe(model_dir) -> ArticlePipeline:
    return ArticlePipeline.from_pretrained(
        model_dir, config=PipelineConfig(targets=("harbor bridge", "Lord Vetinari"))
    )


@pytest.fixture(scope="module")
def result(pipe) -> dict:
    return pipe.score_article({"id": "a1", "text": ARTICLE, "outlet": "Doverton Post"})


def test_result_schema_key_by_key(result, pipe) -> None:
    assert list(result) == TOP_KEYS
    assert result["id"] == "a1" and result["outlet"] == "Doverton Post"
    assert result["title"] == "Council backs harbor fee after long night"  # the headline line of a .txt
    assert result["model"] == {"name": "model", "version": str(pipe.predictor.version)}
    assert isinstance(result["text"], str) and isinstance(result["warnings"], list)
    assert all(
        list(r) == ["text", "reason"] and all(isinstance(v, str) for v in r.values())
        for r in result["removed"]
    )
    assert len(result["sentences"]) == 7
    for i, s in enumerate(result["sentences"]):
        assert list(s) == SENTENCE_KEYS
        assert s["index"] == i
        assert s["voice"] in ("author", "quote")
        assert list(s["bias"]) == ["label", "prob"] and s["bias"]["label"] in ("neutral", "biased")
        assert 0.0 <= s["bias"]["prob"] <= 1.0
        # prob is p(biased) whatever the label; the label is the argmax of the two classes
        assert (s["bias"]["label"] == "biased") == (s["bias"]["prob"] > 0.5) or abs(
            s["bias"]["prob"] - 0.5
        ) < 1e-3
        assert list(s["frames"]) == list(FRAME_LABELS)
        assert all(isinstance(p, float) and 0.0 <= p <= 1.0 for p in s["frames"].values())
        thresholds = dict(zip(FRAME_LABELS, pipe.predictor.frame_thresholds))
        for f in FRAME_LABELS:  # (rounded probabilities may sit on the threshold)
            if f in s["frame_labels"]:
                assert s["frames"][f] >= thresholds[f] - 1e-4
            else:
                assert s["frames"][f] < thresholds[f] + 1e-4
        assert s["frame_labels"] == [f for f in FRAME_LABELS if f in s["frame_labels"]]
        for st in s["stance"]:
            assert list(st) == STANCE_KEYS
            assert list(st["probs"]) == list(STANCE_LABELS)
            assert sum(st["probs"].values()) == pytest.approx(1.0, abs=1e-3)
            assert st["label"] == max(st["probs"], key=st["probs"].get)
    assert list(result["summary"]) == [
        "n_sentences", "bias_share", "frames", "targets", "voice", "evidence", "article_frames",
        "article_frame_labels",
    ]  # fmt: skip
    # article frames: the pooled head over the first sentences, the same numbers the eval path computes
    bag = [s["text"] for s in result["sentences"] if len(s["text"]) > 2][: pipe.config.article_sentences]
    expected = pipe.predictor.article_frames_proba([bag])[0]
    got = result["summary"]["article_frames"]
    assert list(got) == list(FRAME_LABELS)
    assert [got[f] for f in FRAME_LABELS] == pytest.approx(expected.tolist(), abs=1e-4)
    th = dict(zip(FRAME_LABELS, pipe.predictor.article_frame_thresholds))
    labels = result["summary"]["article_frame_labels"]
    assert labels == [f for f in FRAME_LABELS if f in labels]
    for f in FRAME_LABELS:  # (rounded probabilities may sit on the threshold)
        assert got[f] >= th[f] - 1e-4 if f in labels else got[f] < th[f] + 1e-4


def test_offsets_map_back_to_the_cleaned_text(result) -> None:
    text = result["text"]
    previous_end = 0
    for s in result["sentences"]:
        assert text[s["start"] : s["end"]] == s["text"]
        assert s["start"] >= previous_end
        previous_end = s["end"]
        for st in s["stance"]:
            assert text[st["start"] : st["end"]] == st["mention"]
            assert s["start"] <= st["start"] < st["end"] <= s["end"]


def test_boilerplate_is_removed_and_reported(result) -> None:
    reasons = {r["reason"] for r in result["removed"]}
    assert {"navigation", "byline", "advertisement", "photo caption", "link list"} <= reasons
    for gone in ("Advertisement", "AP Photo", "By Jane Porter", "Bus riders face"):
        assert gone not in result["text"]
    assert result["text"].startswith("Council backs harbor fee")


def test_targets_mentions_and_user_targets(result) -> None:
    targets = result["summary"]["targets"]
    assert targets["Ruth Calder"]["mentions"] == 2  # "Ruth Calder" and later "Ms. Calder"
    mentions = [
        st["mention"] for s in result["sentences"] for st in s["stance"] if st["target"] == "Ruth Calder"
    ]
    assert mentions == ["Ruth Calder", "Calder"]
    assert targets["harbor bridge"]["mentions"] == 1  # user target, found case-insensitively
    assert targets["Lord Vetinari"] == {
        "mentions": 0,
        "negative": 0,
        "neutral": 0,
        "positive": 0,
        "mean": None,
    }


def test_summary_arithmetic_matches_the_sentences(result) -> None:
    sents, summary = result["sentences"], result["summary"]
    n = len(sents)
    assert summary["n_sentences"] == n
    assert summary["bias_share"] == pytest.approx(
        sum(s["bias"]["label"] == "biased" for s in sents) / n, abs=1e-4
    )
    for f in FRAME_LABELS:
        assert summary["frames"][f] == pytest.approx(sum(f in s["frame_labels"] for s in sents) / n, abs=1e-4)
    for name, row in summary["targets"].items():
        entries = [st for s in sents for st in s["stance"] if st["target"] == name]
        assert row["mentions"] == len(entries)
        for label in STANCE_LABELS:
            assert row[label] == sum(st["label"] == label for st in entries)
        if entries:
            diff = np.mean([st["probs"]["positive"] - st["probs"]["negative"] for st in entries])
            assert row["mean"] == pytest.approx(diff, abs=1e-3)
    voice = summary["voice"]
    assert voice["author"]["n_sentences"] + voice["quote"]["n_sentences"] == n
    assert voice["quote"]["n_sentences"] >= 2
    for ev in summary["evidence"]:
        assert (
            sents[ev["index"]]["text"] == ev["text"]
            and ev["kind"] in ("bias", "stance", "frame")
            and ev["why"]
        )


def test_summarize_by_hand() -> None:
    def sent(i, label, prob, frames, stance=()):
        return {"index": i, "text": f"S{i}.", "voice": "author" if i < 2 else "quote",
                "bias": {"label": label, "prob": prob}, "frames": {"Economic": 0.9 if frames else 0.1},
                "frame_labels": frames, "stance": list(stance)}  # fmt: skip

    def st(label, neg, pos):
        return {"target": "Ann Lee", "mention": "Lee", "start": 0, "end": 3, "label": label,
                "probs": {"negative": neg, "neutral": 1 - neg - pos, "positive": pos}}  # fmt: skip

    sents = [sent(0, "biased", 0.9, ["Economic"], [st("negative", 0.7, 0.1)]),
             sent(1, "neutral", 0.2, [], [st("positive", 0.1, 0.6)]),
             sent(2, "biased", 0.6, [], []), sent(3, "neutral", 0.1, ["Economic"])]  # fmt: skip
    s = summarize(sents, frame_names=["Economic"])
    assert s["bias_share"] == 0.5 and s["frames"] == {"Economic": 0.5}
    assert s["targets"]["Ann Lee"] == {
        "mentions": 2,
        "negative": 1,
        "neutral": 0,
        "positive": 1,
        "mean": -0.05,
    }
    assert s["voice"] == {
        "author": {"n_sentences": 2, "bias_share": 0.5},
        "quote": {"n_sentences": 2, "bias_share": 0.5},
    }
    kinds = [(e["kind"], e["index"]) for e in s["evidence"]]
    assert kinds == [("bias", 0), ("bias", 2), ("stance", 0), ("frame", 0)]


def test_batched_articles_equal_one_by_one(pipe) -> None:
    arts = [
        {"id": "a", "text": ARTICLE},
        {"id": "b", "text": "The council voted. Mr. Okafor said it was bad."},
    ]
    together = pipe.score_articles(arts)
    alone = [pipe.score_article(a) for a in arts]
    for t, a in zip(together, alone):
        assert [s["text"] for s in t["sentences"]] == [s["text"] for s in a["sentences"]]
        for st, sa in zip(t["sentences"], a["sentences"]):
            assert st["bias"]["prob"] == pytest.approx(sa["bias"]["prob"], abs=1e-3)
            for xt, xa in zip(st["stance"], sa["stance"], strict=True):
                assert xt["probs"] == pytest.approx(xa["probs"], abs=1e-3)


def test_html_article_takes_title_and_outlet_from_the_page(pipe) -> None:
    html = ("<html><head><title>Fee vote | Doverton Post</title><meta property='og:site_name' content='Doverton Post'>"
            "</head><body><article><h1>Fee vote</h1><p>The city council voted on Tuesday to charge drivers a fee to "
            "cross the harbor bridge, after a long and heated public hearing at City Hall.</p><p>Mayor Ruth Calder "
            "said the money would pay for buses and ferries across the whole city next year.</p></article></body></html>")  # fmt: skip
    r = pipe.score_article({"id": "h", "html": html})
    assert r["title"] == "Fee vote" and r["outlet"] == "Doverton Post"
    assert any("Ruth Calder" in s["text"] for s in r["sentences"])


def test_caps_keep_offsets_consistent(model_dir) -> None:
    pipe = ArticlePipeline.from_pretrained(model_dir, config=PipelineConfig(max_sentences=5, max_chars=3000))
    r = pipe.score_article({"id": "big", "text": "The council voted on the fee. " * 400})
    assert len(r["sentences"]) == 5
    assert any("characters" in w for w in r["warnings"]) and any("sentences" in w for w in r["warnings"])
    assert r["text"].endswith(r["sentences"][-1]["text"])


def test_article_without_text_raises_a_clear_error(pipe) -> None:
    with pytest.raises(ValueError, match="expected a non-empty 'text' or 'html'"):
        pipe.prepare({"id": "x", "text": "   "})


def test_config_rejects_bad_values() -> None:
    with pytest.raises(ValueError, match="max_sentences=0"):
        PipelineConfig(max_sentences=0)
    with pytest.raises(ValueError, match="targets"):
        PipelineConfig(targets=("",))


def test_sentence_mode_keeps_order_ids_and_target_order(pipe) -> None:
    records = [{"id": "s2", "text": "Mr. Okafor met Ms. Calder.", "targets": [(19, 25), (4, 10)]},
               {"id": "s1", "text": "The vote passed.", "targets": []},
               {"id": 7, "text": "Calder and Okafor", "targets": [(0, 6), (0, 17)]}]  # overlapping spans  # fmt: skip
    out = pipe.score_sentences(records)
    assert [r["id"] for r in out] == ["s2", "s1", 7]
    assert list(out[0]) == ["id", "bias", "frames", "frame_labels", "stance"]
    assert [st["mention"] for st in out[0]["stance"]] == ["Calder", "Okafor"]
    assert [(st["start"], st["end"]) for st in out[2]["stance"]] == [(0, 6), (0, 17)]
    assert out[1]["stance"] == []


def test_predict_never_imports_training() -> None:
    folder = Path(__file__).resolve().parents[1] / "predict"
    for path in folder.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            assert not any(n.startswith("slant.training") for n in names), path.name


def test_a_name_repeated_in_a_sentence_marks_its_other_mention(tmp_path) -> None:
    d = build_tiny_model(tmp_path / "coref", stance_input="marker_coref")
    pipe = ArticlePipeline.from_pretrained(d)
    text = "Mayor Ruth Calder met Peter Okafor.\n\nOkafor said Ms. Calder would lose, and Calder agreed."
    prep = pipe.prepare({"id": "c", "text": text})
    names = [[name for name, _ in ms] for ms in prep.mentions]
    assert names[1] == ["Peter Okafor", "Ruth Calder", "Ruth Calder"]
    s = prep.sentences[1].text
    first, second = (s.index("Calder"), s.index("Calder") + 6), (s.rindex("Calder"), s.rindex("Calder") + 6)
    assert prep.other_mentions()[1] == [[], [second], [first]]
    assert prep.other_mentions()[0] == [[], []]
    out = pipe.score_prepared([prep])[0]
    assert [len(s["stance"]) for s in out["sentences"]] == [2, 3]
