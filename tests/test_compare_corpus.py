"""Reading and selecting a corpus for slant compare: formats, input problems, selection, demo outlets."""

from __future__ import annotations

import csv
import io
import json
import tarfile
from pathlib import Path

import pandas as pd
import pytest

from slant.compare.corpus import CorpusError, content_hash, read_corpus
from slant.compare.demo import choose_outlets
from slant.compare.select import Selection, matched_quota, select_articles


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def outlet_rows(outlet: str, n: int, topic: str = "t1", start: int = 0, **extra) -> list[dict]:
    return [{"id": f"{outlet}-{i}", "outlet": outlet, "topic": topic, "date": f"2020-0{1 + i % 9}-10",
             "text": f"{outlet} article {i} about {topic}.", **extra} for i in range(start, start + n)]  # fmt: skip


def test_bad_rows_are_reported_with_reasons_and_never_lost(tmp_path):
    rows = outlet_rows("A", 12) + outlet_rows("B", 12)
    rows += [
        {"id": "no-text", "outlet": "A", "text": "   "},
        {"id": "no-outlet", "outlet": "", "text": "Orphan sentence."},
        {"id": "dup", "outlet": "B", "text": "A  article 0 about t1."},  # same content modulo whitespace
        {"id": "small", "outlet": "C", "text": "Only one."},
        {"id": "extra", "outlet": "A", "text": "Has extra columns.", "author": "x", "score": 3},
    ]
    path = write_jsonl(tmp_path / "c.jsonl", rows)
    (tmp_path / "c.jsonl").open("a").write("{not json\n")
    df, report = read_corpus([path])
    selected = select_articles(df, Selection(min_articles=10), report)
    counts = report.counts()
    assert counts == {
        "no_text": 1,
        "no_outlet": 1,
        "duplicate": 1,
        "unreadable_row": 1,
        "outlet_too_few_articles": 1,
    }
    assert report.unknown_columns == {"author": 1, "score": 1}
    assert report.n_rows == len(rows) + 1
    assert len(selected) + len(report.skipped) == report.n_rows  # every row accounted for
    dup = next(s for s in report.skipped if s["reason"] == "duplicate")
    assert dup["id"] == "dup" and "A-0" in dup["detail"]
    report.write_skipped(tmp_path / "skipped.csv")
    with open(tmp_path / "skipped.csv") as fh:
        listed = {(r["id"], r["reason"]) for r in csv.DictReader(fh)}
    assert ("no-outlet", "no_outlet") in listed and ("small", "outlet_too_few_articles") in listed


def test_csv_input_and_missing_ids_get_content_hash_ids(tmp_path):
    path = tmp_path / "c.csv"
    with open(path, "w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=["outlet", "text", "date", "colour"])
        w.writeheader()
        w.writerow({"outlet": "A", "text": "Hello world.", "date": "2021-03-04", "colour": "red"})
        w.writerow({"outlet": "A", "text": "Another one.", "date": "not a date", "colour": "blue"})
    df, report = read_corpus([path])
    assert list(df["id"]) == [content_hash("Hello world.")[:16], content_hash("Another one.")[:16]]
    assert df["date"].iloc[0] == pd.Timestamp("2021-03-04") and pd.isna(df["date"].iloc[1])
    assert report.notes["unparsable_date_kept_without_date"] == 1
    assert report.unknown_columns == {"colour": 2}
    assert df["row"].tolist() == [2, 3]


def test_nothing_left_is_a_clear_error(tmp_path):
    path = write_jsonl(tmp_path / "c.jsonl", outlet_rows("A", 15) + outlet_rows("B", 3))
    df, report = read_corpus([path])
    with pytest.raises(CorpusError, match=r"nothing left to compare: 1 outlet\(s\) with >= 10 articles"):
        select_articles(df, Selection(min_articles=10), report)


def test_unknown_format_and_missing_file_are_errors(tmp_path):
    (tmp_path / "c.txt").write_text("x")
    with pytest.raises(CorpusError, match="unknown format '.txt'"):
        read_corpus([tmp_path / "c.txt"])
    with pytest.raises(CorpusError, match="does not exist"):
        read_corpus([tmp_path / "missing.jsonl"])


def abp_json(i: int, source: str, bias: int, topic: str) -> dict:
    return {"ID": f"id{source[:2]}{i:03d}", "topic": topic, "source": source, "source_url": "x", "url": "u",
            "date": f"2019-05-0{1 + i % 9}", "authors": "", "title": f"T{i}", "content_original": f"{source} {i}.",
            "content": f"{source} {i} .", "bias_text": ["left", "center", "right"][bias], "bias": bias}  # fmt: skip


def write_abp_tar(path: Path, docs: list[dict]) -> Path:
    with tarfile.open(path, "w:xz") as tf:
        for d in docs:
            data = json.dumps(d).encode()
            info = tarfile.TarInfo(f"data/jsons/{d['ID']}.json")
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return path


def test_abp_tar_and_directory_layouts_read_the_same(tmp_path):
    docs = [abp_json(i, "Left One", 0, "economy") for i in range(5)] + [
        abp_json(i, "Right One", 2, "guns") for i in range(4)
    ]
    docs[0]["extra_field"] = 1
    tar = write_abp_tar(tmp_path / "data_jsons.tar.xz", docs)
    jdir = tmp_path / "abp" / "data" / "jsons"
    jdir.mkdir(parents=True)
    for d in docs:
        (jdir / f"{d['ID']}.json").write_text(json.dumps(d))
    a, rep_a = read_corpus([tar])
    b, _ = read_corpus([tmp_path / "abp"])
    cols = ["id", "text", "outlet", "topic", "leaning", "date"]
    pd.testing.assert_frame_equal(
        a.sort_values("id")[cols].reset_index(drop=True), b.sort_values("id")[cols].reset_index(drop=True)
    )
    assert set(a["leaning"]) == {"left", "right"} and a["text"].iloc[0].endswith(
        "."
    )  # content_original, untokenised
    assert rep_a.unknown_columns == {"extra_field": 1}


def test_abp_split_restricts_to_its_ids(tmp_path):
    docs = [abp_json(i, "Left One", 0, "economy") for i in range(4)]
    write_abp_tar(tmp_path / "data_jsons.tar.xz", docs)
    (tmp_path / "data" / "splits" / "media").mkdir(parents=True)
    (tmp_path / "data" / "splits" / "media" / "test.tsv").write_text("ID\tbias\nidLe000\t0\nidLe002\t0\n")
    df, report = read_corpus([tmp_path], split="media/test")
    assert sorted(df["id"]) == ["idLe000", "idLe002"] and report.counts() == {"not_in_split": 2}


def test_selection_filters_and_seeded_sample(tmp_path):
    rows = outlet_rows("A", 30, "t1") + outlet_rows("B", 30, "t1") + outlet_rows("B", 10, "t2", start=30)
    df, report = read_corpus([write_jsonl(tmp_path / "c.jsonl", rows)])
    sel = Selection(outlets=("A", "B"), topics=("t1",), since="2020-02-01", max_per_outlet=12, seed=3)
    one = select_articles(df, sel, report)
    two = select_articles(df, sel, read_corpus([tmp_path / "c.jsonl"])[1])
    assert one["id"].tolist() == two["id"].tolist()
    assert one.groupby("outlet").size().to_dict() == {"A": 12, "B": 12}
    assert (one["date"] >= pd.Timestamp("2020-02-01")).all() and set(one["topic"]) == {"t1"}
    reasons = report.counts()
    assert reasons["topic_not_selected"] == 10 and reasons["outside_dates"] > 0 and reasons["not_sampled"] > 0


def test_topic_matched_sample_gives_every_outlet_the_same_topic_mix(tmp_path):
    rows = (outlet_rows("A", 40, "t1") + outlet_rows("A", 20, "t2", start=40) + outlet_rows("A", 5, "t3", start=60)
            + outlet_rows("B", 15, "t1") + outlet_rows("B", 30, "t2", start=15))  # fmt: skip
    df, report = read_corpus([write_jsonl(tmp_path / "c.jsonl", rows)])
    out = select_articles(df, Selection(topic_matched=True, max_per_outlet=20, seed=1), report)
    mix = out.groupby(["outlet", "topic"]).size().unstack()
    assert mix.loc["A"].tolist() == mix.loc["B"].tolist() and mix.loc["A"].sum() == 20
    assert "t3" not in mix.columns and report.counts()["topic_not_shared"] == 5


def test_matched_quota_caps_and_sums():
    counts = pd.DataFrame({"A": [40, 20, 3], "B": [15, 30, 9]}, index=["t1", "t2", "t3"])
    q = matched_quota(counts, 20)
    assert q.sum() == 20 and (q <= counts.min(axis=1)).all()
    assert matched_quota(counts, 1000).tolist() == [15, 20, 3]


def test_selection_config_validation():
    with pytest.raises(ValueError, match="max_per_outlet=-1 invalid"):
        Selection(max_per_outlet=-1)
    with pytest.raises(ValueError, match="since='yesterday' invalid"):
        Selection(since="yesterday")


def test_demo_chooses_two_outlets_per_leaning_deterministically():
    rows = []
    sizes = {"L1": 300, "L2": 250, "L3": 500, "C1": 300, "C2": 280, "R1": 400, "R2": 260, "R3": 200}
    for outlet, n in sizes.items():
        lean = {"L": "left", "C": "center", "R": "right"}[outlet[0]]
        # L3 is large but covers only one topic, so it cannot be topic-matched broadly.
        topics = ["a"] if outlet == "L3" else ["a", "b", "c"]
        rows += [{"outlet": outlet, "leaning": lean, "topic": topics[i % len(topics)]} for i in range(n)]
    df = pd.DataFrame(rows)
    chosen = choose_outlets(df, need=50)
    assert sorted(chosen) == ["C1", "C2", "L1", "L2", "R1", "R2"]
    assert choose_outlets(df.sample(frac=1, random_state=0), need=50) == chosen
