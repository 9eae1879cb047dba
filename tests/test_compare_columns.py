"""`slant compare` on CSV and Parquet corpora with their own column names, `-o`, `--voice`, and the tidy tables
written beside summary.json (deterministic stand-in scorer, --model fake)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from slant.compare.cli import main


def corpus() -> pd.DataFrame:
    rows = []
    for outlet in ("Left Daily", "Right Times"):
        for i in range(6):
            body = (
                f'{outlet} story {i} on the economy. "We will win," the mayor said. Officials met on day {i}.'
            )
            rows.append({"story_id": f"{outlet[0]}{i}", "paper": outlet, "body": body, "headline": f"H{i}"})
    return pd.DataFrame(rows)


def run(tmp_path, path, *extra: str) -> int:
    return main([str(path), "--model", "fake", "-o", str(tmp_path / "out"), "--workers", "1", "--bootstrap", "100",
                 "--permutations", "99", "--no-progress", "--min-articles", "3", "--text-col", "body",
                 "--outlet-col", "paper", "--id-col", "story_id", "--title-col", "headline", *extra])  # fmt: skip


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_csv_and_parquet_with_column_flags_write_tables(tmp_path, suffix) -> None:
    path = tmp_path / f"news.{suffix}"
    getattr(corpus(), f"to_{suffix}")(path, index=False)
    assert run(tmp_path, path) == 0
    out = tmp_path / "out"
    assert (out / "summary.json").is_file()
    articles = pd.read_csv(out / "tables" / "articles.csv")
    sentences = pd.read_csv(out / "tables" / "sentences.csv")
    assert sorted(articles["id"]) == sorted(corpus()["story_id"]) and set(articles["title"]) == {
        f"H{i}" for i in range(6)
    }
    assert set(sentences["voice"]) == {"author", "quote"}
    assert (out / "tables" / "stance.csv").is_file()
    assert json.loads((out / "summary.json").read_text())["config"]["voice"] == "all"


def test_voice_author_drops_quoted_sentences(tmp_path) -> None:
    path = tmp_path / "news.csv"
    corpus().to_csv(path, index=False)
    assert run(tmp_path, path, "--voice", "author") == 0
    sentences = pd.read_csv(tmp_path / "out" / "tables" / "sentences.csv")
    assert set(sentences["voice"]) == {"author"} and len(sentences) == 2 * 12


def test_a_missing_column_names_the_flag_and_the_columns_found(tmp_path, capsys) -> None:
    path = tmp_path / "news.csv"
    corpus().rename(columns={"body": "content"}).to_csv(path, index=False)
    assert run(tmp_path, path) == 1
    err = capsys.readouterr().err
    assert "no column 'body'" in err and "--text-col" in err and "content" in err and "Traceback" not in err
