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

    page = (out / "report.html").read_text()
    assert page.count("data:image/png;base64,") >= 3
    assert not re.search(r"(src|href)=[\"']https?://", page)  # self-contained: nothing fetched
    assert "differs between outlets after Benjamini–Hochberg correction" in page
    assert "on the economy" in page  # an example sentence of a notable difference

    # A second run reads everything from the cache and writes the same numbers.
    first = (out / "summary.csv").read_text()
    assert main(args) == 0
    assert (out / "summary.csv").read_text() == first
    assert json.loads((out / "summary.json").read_text())["scoring"]["n_scored"] == 0


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
