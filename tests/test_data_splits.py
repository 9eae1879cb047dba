"""Dedup, split determinism and grouping, CV folds, and the atomic cache."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_data_loaders import write_babe, write_newsmtsc, write_semeval2023

from slant.data.babe_folds import babe_cv_folds
from slant.data.dedup import drop_repeats, normalise, remove_overlap
from slant.data.errors import DataError
from slant.data.protocols import semeval_folds
from slant.data.registry import load_task
from slant.data.splits import grouped_holdout, grouped_kfold, stratified_holdout


def test_normalise_and_remove_overlap() -> None:
    assert normalise("  Tax\tCUTS \n now ") == "tax cuts now"
    rows = [{"text": t} for t in ("Tax cuts now", "tax  CUTS now", "Other", "other!")]
    kept, counts = remove_overlap(rows, ["Tax cuts now", "OTHER"])
    assert [r["text"] for r in kept] == ["other!"]
    assert counts == {"exact": 1, "normalised": 2}


def test_drop_repeats_keeps_first_and_distinct_spans() -> None:
    rows = [
        {"text": "A b", "label": 0, "target_start": 0, "target_end": 1},
        {"text": "a B", "label": 1, "target_start": 0, "target_end": 1},
        {"text": "a b", "label": 1, "target_start": 2, "target_end": 3},
    ]
    kept, dropped = drop_repeats(rows)
    assert dropped == 1 and [r["label"] for r in kept] == [0, 1]


def test_grouped_holdout_keeps_groups_together_and_is_seeded() -> None:
    groups = [f"g{i // 3}" for i in range(60)]
    keep, held = grouped_holdout(groups, 0.2, seed=5)
    assert sorted(keep + held) == list(range(60))
    assert not {groups[i] for i in keep} & {groups[i] for i in held}
    assert len({groups[i] for i in held}) == 4
    assert grouped_holdout(groups, 0.2, seed=5) == (keep, held)
    assert grouped_holdout(groups, 0.2, seed=6) != (keep, held)
    with pytest.raises(ValueError, match=r"split fraction must be in \(0, 1\), got 1.5"):
        grouped_holdout(groups, 1.5, seed=0)


def test_stratified_holdout_balances_labels() -> None:
    labels = ["a"] * 80 + ["b"] * 20
    keep, held = stratified_holdout(labels, 0.2, seed=1)
    assert len(held) == 20 and sum(labels[i] == "b" for i in held) == 4
    assert stratified_holdout(labels, 0.2, seed=1) == (keep, held)


def test_grouped_kfold_partitions_groups() -> None:
    groups = [f"a{i // 2}" for i in range(40)]
    folds = grouped_kfold(groups, 5, seed=3)
    tests = [i for _, te in folds for i in te]
    assert sorted(tests) == list(range(40))
    for tr, te in folds:
        assert not {groups[i] for i in tr} & {groups[i] for i in te}
    with pytest.raises(ValueError, match="cannot make 5 folds from 2 groups"):
        grouped_kfold(["x", "y"], 5, seed=0)


def test_stance_dev_grouped_by_sentence_and_deterministic(tmp_path: Path) -> None:
    write_newsmtsc(tmp_path, n_train=60)
    a = load_task("stance", seed=13, data_dir=tmp_path, use_cache=False)
    b = load_task("stance", seed=13, data_dir=tmp_path, use_cache=False)
    c = load_task("stance", seed=14, data_dir=tmp_path, use_cache=False)
    assert a["dev"]["id"] == b["dev"]["id"] and a["dev"]["id"] != c["dev"]["id"]
    assert not set(a["train"]["text"]) & set(a["dev"]["text"])
    # sentences with two targets keep both targets on one side
    for split in ("train", "dev"):
        texts = a[split]["text"]
        for t in set(texts):
            if t.endswith(("speech 3.", "speech 6.")):
                assert texts.count(t) == 2


def test_semeval_folds_seeded(tmp_path: Path) -> None:
    write_semeval2023(tmp_path, n=20)
    f1, f2 = semeval_folds(seed=1, data_dir=tmp_path), semeval_folds(seed=1, data_dir=tmp_path)
    assert f1 == f2 and f1 != semeval_folds(seed=2, data_dir=tmp_path)
    assert sorted(i for _, te in f1 for i in te) == list(range(20))


def test_babe_cv_folds(tmp_path: Path) -> None:
    write_babe(tmp_path, n=50)
    sg2, folds = babe_cv_folds(seed=42, n_splits=5, data_dir=tmp_path)
    assert len(folds) == 5 and sorted(i for f in folds for i in f.test_index) == list(range(50))
    for f in folds:
        test_texts = {sg2[i]["text"] for i in f.test_index}
        assert sum(sg2[i]["label"] for i in f.test_index) == 5  # 10 rows per fold, half biased
        assert not test_texts & {r["text"] for r in f.extra_train}
        assert {r["text"] for r in f.extra_train} == {"A brand new SG1 sentence", "An MBIC-only sentence"}
    dd = folds[0].datasets(sg2)
    assert len(dd["babe"]) == 10 and len(dd["train"]) == 42


def test_cache_hit_atomic_and_report(tmp_path: Path) -> None:
    write_newsmtsc(tmp_path / "m")
    cache = tmp_path / "cache"
    dd1, rep1 = load_task("stance", data_dir=tmp_path / "m", cache_dir=cache, return_report=True)
    entries = list(cache.iterdir())
    assert len(entries) == 1 and entries[0].name.startswith("stance-") and not entries[0].name.startswith(".")
    dd2, rep2 = load_task("stance", data_dir=tmp_path / "m", cache_dir=cache, return_report=True)
    assert dd2["train"]["id"] == dd1["train"]["id"] and rep2 == rep1
    assert rep1["sizes"]["newsmtsc_rw"] == 2 and rep1["label_counts"]["newsmtsc_mt"] == {
        "negative": 0,
        "neutral": 2,
        "positive": 0,
    }
    load_task("stance", seed=99, data_dir=tmp_path / "m", cache_dir=cache)
    assert len(list(cache.iterdir())) == 2  # a different seed is a different cache entry


def test_download_without_mirror(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import urllib.error
    import urllib.request

    write_newsmtsc(tmp_path / "release")
    monkeypatch.delenv("SLANT_DATA_DIR", raising=False)
    monkeypatch.setenv("SLANT_DOWNLOAD_DIR", str(tmp_path / "downloads"))
    fetched: list[str] = []

    def fake_urlopen(url: str, timeout: float) -> io.BytesIO:
        fetched.append(url)
        rel = url.split("b9d9b79704ed1b35cecaf1d7c2343dc1bd734fb7/", 1)[1]
        return io.BytesIO((tmp_path / "release" / "newsmtsc" / rel).read_bytes())

    monkeypatch.setattr(urllib.request, "urlopen", fake_urlopen)
    dd = load_task("stance", use_cache=False)
    assert len(fetched) == 3 and all(
        u.startswith("https://raw.githubusercontent.com/fhamborg/NewsMTSC/") for u in fetched
    )
    assert len(dd["newsmtsc_rw"]) == 2
    load_task("stance", use_cache=False)
    assert len(fetched) == 3  # already downloaded: nothing fetched again

    def offline(url: str, timeout: float) -> io.BytesIO:
        raise urllib.error.URLError("no route to host")

    monkeypatch.setattr(urllib.request, "urlopen", offline)
    with pytest.raises(
        DataError,
        match=r"could not download https://raw\.githubusercontent\.com/Media-Bias-Group/.*offline\?",
    ):
        load_task("bias", use_cache=False)
    assert not list((tmp_path / "downloads").rglob(".part-*"))  # no half-written file left
    with pytest.raises(
        DataError, match="'gvfc' has no direct download; download GVFC_headlines_and_annotations.xlsx"
    ):
        load_task("frames_gvfc", use_cache=False)
