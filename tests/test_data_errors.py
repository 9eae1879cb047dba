"""Bad input: every failure names the file, the row and what was expected versus found."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_data_loaders import (
    NEWSMTSC_DIR,
    babe_csv,
    write_abp,
    write_babe,
    write_gvfc,
    write_newsmtsc,
    write_semeval2023,
)

from slant.data.cli import main as data_main
from slant.data.errors import DataError
from slant.data.registry import load_task


def _load(task: str, root: Path) -> None:
    load_task(task, data_dir=root, use_cache=False)


def test_missing_mirror_folder(tmp_path: Path) -> None:
    write_newsmtsc(tmp_path)  # a mirror holding another corpus only
    with pytest.raises(DataError, match=r"babe: folder for corpus 'babe' not found in the data directory"):
        _load("bias", tmp_path)


def test_missing_data_dir(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="data directory not found"):
        load_task("stance", data_dir=tmp_path / "nope", use_cache=False)


def test_missing_file(tmp_path: Path) -> None:
    write_newsmtsc(tmp_path)
    (tmp_path / NEWSMTSC_DIR / "devtest_mt.jsonl").unlink()
    with pytest.raises(DataError, match=r"devtest_mt\.jsonl: file not found; expected NewsMTSC jsonl"):
        _load("stance", tmp_path)


def test_truncated_jsonl_names_line(tmp_path: Path) -> None:
    write_newsmtsc(tmp_path)
    path = tmp_path / NEWSMTSC_DIR / "train.jsonl"
    raw = path.read_text()
    path.write_text(raw[: len(raw) - 40])  # cut inside the last JSON object
    with pytest.raises(
        DataError, match=r"train\.jsonl: line 30: expected one JSON object, found invalid JSON"
    ):
        _load("stance", tmp_path)


def test_unknown_polarity(tmp_path: Path) -> None:
    write_newsmtsc(tmp_path)
    path = tmp_path / NEWSMTSC_DIR / "devtest_rw.jsonl"
    path.write_text(path.read_text().replace('"polarity": 6.0', '"polarity": 5.0'))
    with pytest.raises(
        DataError, match=r"devtest_rw\.jsonl: line 2 .*expected polarity in \[2\.0, 4\.0, 6\.0\], found 5\.0"
    ):
        _load("stance", tmp_path)


def test_span_outside_sentence(tmp_path: Path) -> None:
    write_newsmtsc(tmp_path)
    path = tmp_path / NEWSMTSC_DIR / "devtest_mt.jsonl"
    path.write_text(path.read_text().replace('"to": 17', '"to": 999'))
    with pytest.raises(
        DataError, match=r"line 1 .*expected 0 <= from < to <= \d+ \(sentence length\), found \(8, 999\)"
    ):
        _load("stance", tmp_path)


def test_csv_cut_mid_row(tmp_path: Path) -> None:
    write_babe(tmp_path)
    path = tmp_path / "babe/data/final_labels_SG2.csv"
    raw = path.read_bytes()
    path.write_bytes(raw[: raw.index(b"Row 7") + 10])  # ends inside a quoted field
    with pytest.raises(DataError, match=r"final_labels_SG2\.csv: line 9: unreadable row .*truncated mid-row"):
        _load("bias", tmp_path)


def test_csv_short_row(tmp_path: Path) -> None:
    write_babe(tmp_path)
    path = tmp_path / "babe/data/final_labels_SG1.csv"
    raw = path.read_bytes().decode("utf-8-sig").splitlines()
    raw[3] = raw[3].rsplit(";", 3)[0]
    path.write_bytes("\n".join(raw).encode("utf-8-sig"))
    with pytest.raises(DataError, match=r"final_labels_SG1\.csv: line 4: expected 8 ';'-separated fields"):
        _load("bias", tmp_path)


def test_unknown_bias_label(tmp_path: Path) -> None:
    write_babe(tmp_path)
    (tmp_path / "babe/data/final_labels_SG1.csv").write_bytes(
        babe_csv([("x", "o", "Biased"), ("y", "o", "Maybe")])
    )
    msg = r"final_labels_SG1\.csv: line 3: expected label_bias in \['Biased', 'No agreement', 'Non-biased'\], found 'Maybe'"
    with pytest.raises(DataError, match=msg):
        _load("bias", tmp_path)


def test_truncated_xlsx(tmp_path: Path) -> None:
    write_babe(tmp_path)
    path = tmp_path / "babe/data/final_labels_MBIC.xlsx"
    path.write_bytes(path.read_bytes()[:300])
    with pytest.raises(
        DataError, match=r"final_labels_MBIC\.xlsx: expected an xlsx workbook, found an unreadable"
    ):
        _load("bias", tmp_path)


def test_unknown_frame_and_missing_article(tmp_path: Path) -> None:
    write_semeval2023(tmp_path)
    labels = tmp_path / "semeval2023_task3/data/en/train-labels-subtask-2.txt"
    good = labels.read_text()
    labels.write_text(good.replace("Economic", "Economy", 1))
    with pytest.raises(
        DataError, match=r"line 1 \(article 800000000\): expected frames from .*found \['Economy'\]"
    ):
        _load("frames_semeval", tmp_path)
    labels.write_text(good + "800000099\tPolitical\n")
    with pytest.raises(DataError, match=r"found 1 missing \(first: article800000099\.txt\)"):
        _load("frames_semeval", tmp_path)


def test_gvfc_bad_code(tmp_path: Path) -> None:
    write_gvfc(tmp_path)
    path = tmp_path / "gvfc/GVFC_headlines_and_annotations.csv"
    lines = path.read_text().splitlines()
    lines[2] = "Some headline,1,1,42,99"
    path.write_text("\n".join(lines) + "\n")
    with pytest.raises(
        DataError, match=r"line 3 column 'Q3 Theme1': expected a code in \[1, .*99\], found '42'"
    ):
        _load("frames_gvfc", tmp_path)


def test_abp_truncated_tar_and_bad_json(tmp_path: Path) -> None:
    write_abp(tmp_path)
    tar = tmp_path / "article_bias_prediction/data_jsons.tar.xz"
    tar.write_bytes(tar.read_bytes()[:200])
    with pytest.raises(
        DataError, match=r"data_jsons\.tar\.xz: expected a complete tar\.xz .*truncated download"
    ):
        _load("leaning_media", tmp_path)
    other = tmp_path / "o"
    write_abp(other, packed=False)
    (other / "article_bias_prediction/data/jsons/id0003.json").write_text('{"ID": "id0003", "bias": ')
    with pytest.raises(DataError, match=r"id0003\.json: expected one JSON object, found unparsable content"):
        _load("leaning_random", other)


def test_abp_split_row(tmp_path: Path) -> None:
    write_abp(tmp_path)
    path = tmp_path / "article_bias_prediction/data/splits/random/test.tsv"
    path.write_text(path.read_text() + "id0000\t7\n")
    with pytest.raises(
        DataError, match=r"test\.tsv: line 5: expected `<article id>\\t<0\|1\|2>`, found 'id0000\\t7'"
    ):
        _load("leaning_random", tmp_path)


def test_cli_reports_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = data_main(
        ["stats", "--tasks", "stance", "--data-dir", str(tmp_path), "--out", str(tmp_path / "o")]
    )
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1
    assert re.match(r"slant data: error: .*newsmtsc: folder for corpus 'newsmtsc' not found", err)


def test_card_reads_the_release_from_the_report_that_parsed_it() -> None:
    """A task report built from a corpus without parsing its release (frames_prose reads SemEval through its own
    annotation file) must not break the card: the card comes from a report that holds the release."""
    from slant.data.cards import render_card
    from slant.data.protocols import TASKS
    from slant.data.registry import SOURCES

    release = {"parts": {"en": 433}, "exclusions": {}, "notes": ["a note"]}
    splits = TASKS["frames_semeval"].splits
    parsed = {
        "task": "frames_semeval",
        "sources": ["semeval2023_task3"],
        "release": {"semeval2023_task3": release},
        "seed": 13,
        "fold": 0,
        "sizes": dict.fromkeys(splits, 1),
        "label_counts": {s: {"Economic": 1} for s in splits},
        "dedup": {},
        "exclusions": {},
        "notes": [],
    }
    own = {"task": "frames_prose", "sources": ["frames_prose", "semeval2023_task3"], "sizes": {}}
    assert "| en | 433 |" in render_card(SOURCES["semeval2023_task3"], [parsed])
    with pytest.raises(ValueError, match="parsed release of 'semeval2023_task3'"):
        render_card(SOURCES["semeval2023_task3"], [own])
