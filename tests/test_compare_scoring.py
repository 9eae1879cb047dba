"""Corpus-scale scoring of slant compare: cache, resume after a kill, worker processes and Dask."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from slant.compare.analysis import StatsConfig, analyse
from slant.compare.cache import ArticleCache, cache_key
from slant.compare.corpus import read_corpus
from slant.compare.fake import FakeScorerFactory, fake_score
from slant.compare.report import summary_table
from slant.compare.scoring import ScoringError, score_corpus
from slant.compare.select import Selection, select_articles
from slant.compare.tables import ARTICLE_LABEL_PREFIX, ARTICLE_P_PREFIX, ArticleFramesMissing, build_tables
from slant.data.labels import FRAME_LABELS

FAST = StatsConfig(n_boot=200, n_perm=199, seed=7, time_bin="")


def corpus(tmp_path: Path, n: int = 15) -> pd.DataFrame:
    rows = []
    for o, cue in (("Left", "economy"), ("Center", "vote"), ("Right", "outrageous")):
        for i in range(n):
            text = " ".join(f"Sentence {k} of {o} story {i}{' ' + cue if (i + k) % 3 == 0 else ''}. Smith praised it."
                            for k in range(4))  # fmt: skip
            rows.append({"id": f"{o}{i}", "outlet": o, "leaning": o.lower(), "topic": "t", "text": text})
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    df, report = read_corpus([path])
    return select_articles(df, Selection(min_articles=5), report)


class CountingScorer:
    """Counts calls; raises after ``fail_after`` calls to simulate a run killed halfway."""

    def __init__(self, fail_after: int | None = None) -> None:
        self.calls: list[str] = []
        self.fail_after = fail_after

    def __call__(self, article: dict) -> dict:
        if self.fail_after is not None and len(self.calls) >= self.fail_after:
            raise KeyboardInterrupt("killed")
        self.calls.append(article["id"])
        return fake_score(article)


def summary_of(articles: pd.DataFrame, results: dict) -> pd.DataFrame:
    return summary_table(analyse(build_tables(articles, results), FAST))


def test_cache_writes_atomically_and_reads_back(tmp_path):
    cache = ArticleCache(tmp_path, "model v1/abc")
    key = cache_key("0" * 64, "max_sentences=0")
    assert cache.get(key) is None and key not in cache
    cache.put(key, {"sentences": [], "x": 1})
    assert cache.get(key) == {"sentences": [], "x": 1} and len(cache) == 1
    assert cache.dir.name == "model_v1_abc"
    assert not list(cache.dir.glob(".tmp-*"))  # no temp file left behind
    cache.path(key).write_text("{truncated")  # a corrupt file counts as missing and gets rescored
    assert cache.get(key) is None
    with pytest.raises(ValueError, match="expected 64 lowercase hex"):
        cache.path("../../etc")


def test_cache_key_depends_on_settings():
    assert cache_key("a" * 64, "max_sentences=40") != cache_key("a" * 64, "max_sentences=0")


def test_resume_after_kill_rescores_nothing_cached_and_gives_the_same_summary(tmp_path):
    arts = corpus(tmp_path)
    factory = FakeScorerFactory()
    full, _ = score_corpus(arts, factory, ArticleCache(tmp_path / "ref", factory.version), progress=False)

    cache = ArticleCache(tmp_path / "cache", factory.version)
    killed = CountingScorer(fail_after=17)
    with pytest.raises(KeyboardInterrupt):
        score_corpus(arts, factory, cache, scorer=killed, progress=False)
    assert len(cache) == 17

    again = CountingScorer()
    results, info = score_corpus(arts, factory, cache, scorer=again, progress=False)
    assert info.n_cached == 17 and info.n_scored == len(arts) - 17
    assert set(again.calls).isdisjoint(killed.calls) and len(again.calls) == len(arts) - 17
    pd.testing.assert_frame_equal(summary_of(arts, results), summary_of(arts, full))

    third = CountingScorer()
    _, info = score_corpus(arts, factory, cache, scorer=third, progress=False)
    assert third.calls == [] and info.n_cached == len(arts) and len(cache) == len(arts)


def test_scorer_error_names_the_article_and_keeps_earlier_results(tmp_path):
    arts = corpus(tmp_path, n=6)
    cache = ArticleCache(tmp_path / "cache", "fake-1")

    def broken(article):
        if article["id"] == arts["id"].iloc[3]:
            raise RuntimeError("tokenizer exploded")
        return fake_score(article)

    with pytest.raises(ScoringError, match=f"article {arts['id'].iloc[3]} .*tokenizer exploded"):
        score_corpus(arts, FakeScorerFactory(), cache, scorer=broken, progress=False)
    assert len(cache) == 3

    with pytest.raises(ScoringError, match="expected a result dict"):
        score_corpus(arts, FakeScorerFactory(), cache, scorer=lambda a: ["nope"], progress=False)

    def headless(article):  # a result without the article head
        res = fake_score(article)
        del res["summary"]["article_frames"]
        return res

    with pytest.raises(ScoringError, match="no summary.article_frames"):
        score_corpus(arts, FakeScorerFactory(), cache, scorer=headless, progress=False)


def test_article_table_carries_the_article_head_in_the_models_frame_order(tmp_path):
    arts = corpus(tmp_path, n=5)
    results = {r["key"]: fake_score(r) for r in arts.to_dict("records")}
    frames = list(reversed(FRAME_LABELS))  # a model whose frames come in another order
    t = build_tables(arts, results, frames=frames).articles
    assert [c for c in t.columns if c.startswith(ARTICLE_P_PREFIX)] == [ARTICLE_P_PREFIX + f for f in frames]
    assert [c for c in t.columns if c.startswith(ARTICLE_LABEL_PREFIX)] == [
        ARTICLE_LABEL_PREFIX + f for f in frames
    ]
    for row in t.to_dict("records"):
        summary = results[row["key"]]["summary"]
        assert {f: row[ARTICLE_P_PREFIX + f] for f in frames} == summary["article_frames"]
        assert [f for f in frames if row[ARTICLE_LABEL_PREFIX + f]] == [
            f for f in frames if f in summary["article_frame_labels"]
        ]
    # The stand-in labels an article with a frame when a sentence has its cue: every Left story says "economy".
    left = t[t["outlet"] == "Left"]
    assert (left[ARTICLE_LABEL_PREFIX + "Economic"] == 1).all() and (
        left[ARTICLE_P_PREFIX + "Economic"] == 0.9
    ).all()
    with pytest.raises(ValueError, match="not the model's frames"):
        build_tables(arts, results, frames=["Economic", "Morality"])
    del results[arts["key"].iloc[0]]["summary"]["article_frame_labels"]
    with pytest.raises(ArticleFramesMissing, match=f"article {arts['id'].iloc[0]}"):
        build_tables(arts, results)


def test_cached_results_without_article_frames_are_rescored_not_mixed(tmp_path):
    arts = corpus(tmp_path)
    factory = FakeScorerFactory()
    cache = ArticleCache(tmp_path / "cache", factory.version)
    full, _ = score_corpus(arts, factory, cache, progress=False)
    old = list(arts["key"].iloc[::4])  # as written before results carried the article head
    for key in old:
        res = cache.get(cache_key(key, factory.settings))
        for k in ("article_frames", "article_frame_labels"):
            del res["summary"][k]
        cache.put(cache_key(key, factory.settings), res)

    again = CountingScorer()
    results, info = score_corpus(arts, factory, cache, scorer=again, progress=False)
    assert info.n_stale == len(old) and info.n_scored == len(old) and info.n_cached == len(arts) - len(old)
    assert sorted(again.calls) == sorted(arts.set_index("key").loc[old, "id"])
    assert all("article_frames" in cache.get(cache_key(k, factory.settings))["summary"] for k in old)
    pd.testing.assert_frame_equal(summary_of(arts, results), summary_of(arts, full))


@pytest.mark.slow  # starts worker processes that each import torch
def test_worker_processes_give_the_same_numbers(tmp_path):
    arts = corpus(tmp_path)
    f = FakeScorerFactory()
    one, _ = score_corpus(arts, f, ArticleCache(tmp_path / "a", f.version), progress=False)
    many, info = score_corpus(arts, f, ArticleCache(tmp_path / "b", f.version), workers=2, progress=False)
    assert info.backend == "processes:2" and info.n_scored == len(arts)
    pd.testing.assert_frame_equal(summary_of(arts, many), summary_of(arts, one))


@pytest.mark.slow  # starts a local Dask cluster
def test_dask_local_cluster_gives_the_same_numbers(tmp_path):
    pytest.importorskip("dask.distributed")
    arts = corpus(tmp_path)
    f = FakeScorerFactory()
    one, _ = score_corpus(arts, f, ArticleCache(tmp_path / "a", f.version), progress=False)
    cache = ArticleCache(tmp_path / "b", f.version)
    cache.put(cache_key(arts["key"].iloc[0], f.settings), one[arts["key"].iloc[0]])  # same cache semantics
    dask, info = score_corpus(arts, f, cache, workers=2, scheduler="local:threads", progress=False)
    assert info.backend == "dask:local:threads" and info.n_cached == 1 and info.n_scored == len(arts) - 1
    assert len(cache) == len(arts)
    pd.testing.assert_frame_equal(summary_of(arts, dask), summary_of(arts, one))


def test_sentence_cap_truncates_results():
    text = "One. Two. Three. Four."
    scorer = FakeScorerFactory(max_sentences=2)()
    assert len(scorer({"id": "x", "text": text, "outlet": "A"})["sentences"]) == 2


def test_fake_scorer_is_deterministic_and_follows_the_result_shape():
    art = {
        "id": "a",
        "outlet": "O",
        "title": "T",
        "text": "The economy grew. Smith slammed Jones. It was outrageous.",
    }
    r1, r2 = fake_score(art), fake_score(dict(art))
    assert r1 == r2
    s = r1["sentences"]
    assert "Economic" in s[0]["frame_labels"] and s[2]["bias"]["label"] == "biased"
    assert {st["target"] for st in s[1]["stance"]} == {"Smith", "Jones"} and s[1]["stance"][0][
        "label"
    ] == "negative"
    assert art["text"][s[1]["start"] : s[1]["end"]] == s[1]["text"]
    assert (
        r1["summary"]["n_sentences"] == 3 and r1["summary"]["frames"]["Economic"] == 0.3333
    )  # rounded like the pipeline's profile


def test_real_pipeline_adapter_with_a_tiny_model(tmp_path):
    """compare -> predict through the real adapter (PipelineScorerFactory -> ArticlePipeline), default run."""
    from slant.compare.scoring import PipelineScorerFactory
    from slant.model.config import SlantConfig
    from slant.model.tiny import build_tiny_model

    model_dir = build_tiny_model(tmp_path / "m")
    factory = PipelineScorerFactory(str(model_dir), max_sentences=2)
    arts = corpus(tmp_path, n=5)
    results, info = score_corpus(arts, factory, ArticleCache(tmp_path / "c", factory.version), progress=False)
    assert info.n_scored == len(arts) and factory.version.startswith("m-")
    frames = factory.frame_labels
    assert frames == tuple(SlantConfig.from_pretrained(model_dir).frame_labels) and len(frames) == 14
    tables = build_tables(arts, results, frames=frames)
    assert (tables.articles["n_sent"] == 2).all()  # 4 sentences per article, capped at 2
    assert set(tables.sentences["outlet"]) == {"Left", "Center", "Right"}
    row = tables.articles.iloc[0]
    head = results[row["key"]]["summary"]
    assert [row[ARTICLE_P_PREFIX + f] for f in frames] == [head["article_frames"][f] for f in frames]
    assert {f for f in frames if row[ARTICLE_LABEL_PREFIX + f]} == set(head["article_frame_labels"])
