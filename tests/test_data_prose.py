"""Slant's prose frames annotation: the loader's checks, the article splits and the agreement figures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sklearn.metrics import cohen_kappa_score

from slant.data.errors import DataError
from slant.data.prose import agreement, gold_cross_check, sentence_spans, split_of_articles
from slant.data.sources.frames_prose import FIRST_PASS, SECOND_PASS, Annotation, join_texts, read_annotations

ART = "A minister resigned. Prices rose again.\nVoters protested in the capital."
ARTICLES = {"semeval2023_task3": {"1": ART}, "article_bias_prediction": {}}


def line(**kw: object) -> str:
    rec = {"corpus": "semeval2023_task3", "article_id": "1", "start": 0, "end": 20, "frames": ["Political"]}
    rec["annotator"] = "t"
    rec.update(kw)
    return json.dumps(rec)


def write(tmp_path: Path, *lines: str) -> Path:
    p = tmp_path / "ann.jsonl"
    p.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return p


def load(path: Path) -> dict:
    return join_texts(path, read_annotations(path), ARTICLES, sentence_spans)


def test_good_file_joins_sentence_text(tmp_path: Path) -> None:
    p = write(
        tmp_path, line(), line(start=21, end=39, frames=["Economic"]), line(start=40, end=72, frames=[])
    )
    texts = load(p)
    assert list(texts.values()) == [
        "A minister resigned.",
        "Prices rose again.",
        "Voters protested in the capital.",
    ]
    assert [a.frames for a in read_annotations(p)] == [("Political",), ("Economic",), ()]


@pytest.mark.parametrize(
    "bad, message",
    [
        (line(frames=["Sports"]), "line 2 field 'frames': expected frames from"),
        (
            line(start=0, end=500),
            "line 2 (semeval2023_task3 1): expected offsets inside the article (length 72)",
        ),
        (line(start=2, end=20), "expected offsets of one whole sentence"),
        (line(article_id="999"), "line 2: expected an article id of semeval2023_task3 present in the mirror"),
        (line(), "line 2: expected each sentence once (also on line 1)"),
        (line(corpus="gvfc"), "line 2 field 'corpus': expected one of"),
        ("{not json", "line 2: expected one JSON object"),
        (json.dumps({"corpus": "semeval2023_task3"}), 'line 2: expected {"corpus"'),
        (line(start=0, end=20, round=0), "line 2 field 'round': expected an integer >= 1"),
    ],
)
def test_bad_lines_name_file_line_and_expectation(tmp_path: Path, bad: str, message: str) -> None:
    p = write(tmp_path, line(), bad)
    with pytest.raises(DataError) as err:
        load(p)
    assert str(p) in str(err.value) and message in str(err.value)


def test_shipped_annotation_files_parse_without_the_corpus() -> None:
    first, second = read_annotations(FIRST_PASS), read_annotations(SECOND_PASS)
    assert len(first) >= 1800 and len(second) >= 200
    assert {a.key for a in second} <= {a.key for a in first}  # the second pass re-reads first-pass sentences
    assert {a.annotator for a in first}.isdisjoint({a.annotator for a in second})  # blind: other annotators
    assert sum(a.corpus == "article_bias_prediction" for a in first) >= 300
    for path in (FIRST_PASS, SECOND_PASS):  # offsets and labels only, never corpus text
        rec = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
        assert "text" not in rec and "sentence" not in rec


def ann(aid: str, frames: tuple[str, ...], start: int = 0, who: str = "a") -> Annotation:
    return Annotation("semeval2023_task3", aid, start, start + 5, frames, who)


def test_agreement_matches_sklearn_and_hand_counts() -> None:
    first = [
        ann("1", ("Political",), 0),
        ann("1", ("Economic",), 10),
        ann("2", (), 0),
        ann("2", ("Political",), 9),
    ]
    second = [
        ann("1", ("Political",), 0, "b"),
        ann("1", (), 10, "b"),
        ann("2", (), 0, "b"),
        ann("2", ("Political",), 9, "b"),
    ]
    a = agreement(first, second)
    assert a["sentences"] == 4 and a["exact_set_agreement"] == 0.75 and a["none_agreement"] == 0.75
    assert a["per_frame"]["Political"]["kappa"] == 1.0
    assert a["per_frame"]["Economic"]["kappa"] == round(cohen_kappa_score([0, 1, 0, 0], [0, 0, 0, 0]), 3)
    assert a["per_frame"]["Morality"]["kappa"] is None  # never marked by either pass: undefined, not 1


def test_gold_cross_check_rates() -> None:
    items = [ann("1", ("Political", "Economic")), ann("1", (), 9), ann("2", ("Morality",))]
    g = gold_cross_check(
        items, {"1": {"Political", "Legality_Constitutionality_and_jurisprudence"}, "2": {"Morality"}}
    )
    assert (g["sentence_frame_marks"], g["outside_gold"]) == (
        3,
        1,
    )  # Economic is outside article 1's gold set
    assert (g["gold_pairs"], g["uncarried"]) == (3, 1)  # no sentence of article 1 carries Legality


def test_splits_keep_each_article_whole_and_follow_the_semeval_fold() -> None:
    rows = [{"article_id": str(i), "frames": [int(i % 3 == j) for j in range(14)]} for i in range(60)]
    items = [ann(str(i), (), s) for i in range(0, 60, 2) for s in (0, 10)]
    items += [Annotation("article_bias_prediction", f"x{i}", 0, 5, (), "a") for i in range(20)]
    from slant.data.protocols import _semeval_folds

    for fold in range(5):
        where = split_of_articles(items, rows, 13, fold)
        test_ids = {rows[i]["article_id"] for i in _semeval_folds(rows, 13)[fold][1]}
        sem = {aid: part for (c, aid), part in where.items() if c == "semeval2023_task3"}
        assert all((part == "test") == (aid in test_ids) for aid, part in sem.items())
        abp = sorted(part for (c, _), part in where.items() if c == "article_bias_prediction")
        assert abp.count("test") == 7 and abp.count("dev") >= 1  # fold-independent, 35% test
    assert split_of_articles(items, rows, 13, 0) == split_of_articles(items, rows, 13, 0)


def test_a_later_round_never_moves_an_article_already_split() -> None:
    rows = [{"article_id": str(i), "frames": [0] * 14} for i in range(30)]
    first = [Annotation("article_bias_prediction", f"x{i}", 0, 5, (), "a") for i in range(20)]
    later = [Annotation("article_bias_prediction", f"y{i}", 0, 5, (), "e", round=2) for i in range(400)]
    before = split_of_articles(first, rows, 13, 0)
    after = split_of_articles(first + later, rows, 13, 0)
    assert {k: after[k] for k in before} == before
    parts = [after[("article_bias_prediction", f"y{i}")] for i in range(400)]
    assert 0.28 < parts.count("test") / 400 < 0.42 and parts.count("dev") > 20  # the first round's shares
    # A later-round article's part depends on its id and the seed alone.
    assert split_of_articles(later[:3], rows, 13, 0) == {
        k: after[k] for k in split_of_articles(later[:3], rows, 13, 0)
    }


@pytest.mark.mirror
@pytest.mark.slow  # parses all 37,554 Article-Bias-Prediction articles (~1 min)
def test_shipped_annotations_join_the_mirror_and_no_fold_leaks() -> None:
    from slant.data.prose import build_frames_prose

    for fold in range(5):
        splits, report = build_frames_prose(13, fold, None)
        arts = {k: {r["article_id"] for r in v} for k, v in splits.items()}
        assert not arts["frames_prose"] & arts["train"] and not arts["dev"] & arts["train"]
        sentences = {k: v for k, v in splits.items() if k != "articles"}
        assert sum(len(v) for v in sentences.values()) == len(read_annotations(FIRST_PASS))
        # every annotated article once, whole: each sentence's offsets index into its article's text
        texts = {r["id"]: r["text"] for r in splits["articles"]}
        assert (
            len(texts)
            == len(splits["articles"])
            == len({r["article_id"] for v in sentences.values() for r in v})
        )
        for r in splits["dev"]:
            start = int(r["id"].rsplit(":", 1)[1])
            assert texts[r["article_id"]][start : start + len(r["text"])] == r["text"]
        if fold == 0:  # the held-out protocol's test set
            assert len(splits["frames_prose"]) >= 400
