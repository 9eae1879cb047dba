"""`slant compare` end to end with the deterministic stand-in scorer (--model fake)."""

from __future__ import annotations

import csv
import json
import re

import pandas as pd
import pytest

from slant.compare.cli import main


@pytest.fixture()
def corpus(tmp_path):
    rows = []
    for o, lean, cue in (("Left Daily", "left", "economy"), ("Right Times", "right", "crime")):
        for i in range(30):
            sents = [f"Story {i} line {k}{' on the ' + cue if k % 2 == 0 else ''}." for k in range(6)]
            if o == "Right Times" and i % 2:
                sents.append("This is outrageous.")
            rows.append({"id": f"{o[0]}{i}", "outlet": o, "leaning": lean, "topic": "t1" if i % 3 else "t2",
                         "date": f"2020-0{1 + i % 3}-01", "text": " ".join(sents)})  # fmt: skip
    rows.append({"id": "empty", "outlet": "Left Daily", "text": ""})
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_compare_writes_every_output_and_finds_the_planted_differences(tmp_path, corpus, capsys):
    out = tmp_path / "out"
    args = [str(corpus), "--model", "fake", "--out", str(out), "--workers", "1", "--bootstrap", "200",
            "--permutations", "499", "--no-progress", "--min-articles", "5"]  # fmt: skip
    assert main(args) == 0
    for name in ("summary.csv", "summary.json", "report.html", "skipped.csv", "selected.csv"):
        assert (out / name).is_file(), name
    summary = json.loads((out / "summary.json").read_text())
    assert summary["input"]["skipped_by_reason"] == {"no_text": 1}
    tests = pd.DataFrame(summary["scopes"]["all"]["outlet"]["tests"]).set_index(["test", "item"])
    for frame in ("Economic", "Crime_and_punishment"):
        assert tests.loc[("chi2_article_use", frame), "p_adjusted"] < 0.05
    assert tests.loc[("perm_biased_rate", "biased"), "high_unit"] == "Right Times"
    assert "leaning" in summary["scopes"]["all"]
    notable = {n["item"] for n in summary["scopes"]["all"]["outlet"]["notable"]}
    assert {"Economic", "Crime_and_punishment"} <= notable
    table = pd.read_csv(out / "summary.csv")
    assert {"profile", "difference", "test", "time_bin"} <= set(table["section"])
    share = table[
        (table.section == "profile") & (table.metric == "frame_article_share") & (table.item == "Economic")
    ]
    assert share.set_index("unit").loc["Left Daily", "estimate"] == pytest.approx(1.0)

    # Framing by the article head is the first view: first in each level of summary.json, first in the report.
    level = summary["scopes"]["all"]["outlet"]
    assert list(level)[0] == "framing" and list(level["framing"]) == ["article", "sentence"]
    assert list(level["framing"]["article"]) == ["article_frame_label_share", "article_frame_mean_p"]
    labelled = pd.DataFrame(level["framing"]["article"]["article_frame_label_share"]).set_index(
        ["unit", "item"]
    )
    assert labelled.loc[("Left Daily", "Economic"), ["estimate", "ci_low", "ci_high"]].tolist() == [
        1.0,
        1.0,
        1.0,
    ]
    assert labelled.loc[("Right Times", "Economic"), "estimate"] == 0.0
    for records in level["framing"]["article"].values():
        assert all(r["ci_low"] <= r["estimate"] <= r["ci_high"] for r in records)
    assert tests.loc[("chi2_article_label", "Economic"), "p_adjusted"] < 0.05
    assert tests.loc[("perm_article_mean_p", "Crime_and_punishment"), "high_unit"] == "Right Times"
    articles = pd.read_csv(out / "tables" / "articles.csv")
    assert {"article_p_Economic", "article_label_Economic"} <= set(articles.columns)

    page = (out / "report.html").read_text()
    assert page.count("data:image/png;base64,") >= 3
    assert not re.search(r"(src|href)=[\"']https?://", page)  # self-contained: nothing fetched
    assert "differs between outlets after Benjamini–Hochberg correction" in page
    assert "on the economy" in page  # an example sentence of a notable difference
    head, sent = page.index("Framing by article: the model's article head"), page.index("Framing by sentence")
    assert head < sent
    assert page.index("labelling by the article head") < page.index("article-level use from sentence labels")
    assert (
        "Share of articles labelled with the frame:</p><table><tr><th>frame</th><th>Left Daily</th>" in page
    )

    # A second run reads everything from the cache and writes the same numbers.
    first = (out / "summary.csv").read_text()
    assert main(args) == 0
    assert (out / "summary.csv").read_text() == first
    assert json.loads((out / "summary.json").read_text())["scoring"]["n_scored"] == 0

    # A cache written before results carried the article head: those articles are scored again, and said so.
    cached = sorted((out / "cache").glob("*/*.json"))
    for path in cached[:5]:
        res = json.loads(path.read_text())
        del res["summary"]["article_frames"], res["summary"]["article_frame_labels"]
        path.write_text(json.dumps(res))
    capsys.readouterr()
    assert main(args) == 0
    assert "5 cached articles had no article-level frames" in capsys.readouterr().err
    scoring = json.loads((out / "summary.json").read_text())["scoring"]
    assert scoring["n_stale"] == 5 and scoring["n_scored"] == 5
    assert (out / "summary.csv").read_text() == first


def test_nothing_left_is_one_line_error_and_nonzero_exit(tmp_path, corpus, capsys):
    code = main([str(corpus), "--model", "fake", "--out", str(tmp_path / "o"), "--outlets", "Left Daily",
                 "--no-progress"])  # fmt: skip
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    assert err[-1].startswith("slant compare: error: nothing left to compare")
    assert "Traceback" not in "\n".join(err)
    with open(tmp_path / "o" / "skipped.csv") as fh:  # the input report is written even on failure
        assert {r["reason"] for r in csv.DictReader(fh)} == {"no_text", "outlet_not_selected"}


def test_bad_arguments_are_one_line_errors(tmp_path, corpus, capsys):
    assert main([str(corpus), "--model", "fake", "--out", str(tmp_path), "--bootstrap", "5"]) == 1
    assert "n_boot=5 invalid" in capsys.readouterr().err
    assert main([str(tmp_path / "missing.jsonl"), "--model", "fake", "--out", str(tmp_path)]) == 1
    assert "does not exist" in capsys.readouterr().err
    assert main([str(corpus), "--model", str(tmp_path / "nomodel"), "--out", str(tmp_path / "o2")]) == 1
    assert "model directory" in capsys.readouterr().err
    assert main(["--model", "fake", "--out", str(tmp_path)]) == 1
    assert "expected corpus path(s) or --demo" in capsys.readouterr().err


def test_demo_without_data_dir_is_a_clear_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("SLANT_DATA_DIR", str(tmp_path))
    assert main(["--demo", "--model", "fake", "--out", str(tmp_path / "o")]) == 1
    assert "no Article-Bias-Prediction data under" in capsys.readouterr().err
