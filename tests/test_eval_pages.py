"""The page suite: its scores meet the issue's targets, a blind slice stays within 3 points (skipped while
``blind/`` has no pages), and malformed pages are refused with a message naming the file. No model is involved."""

from __future__ import annotations

import json
import shutil

import pytest

from slant.eval.pages import (
    TARGETS,
    PageSuiteError,
    default_suite_dir,
    load_pages,
    main,
    page_report,
    score_suite,
)

BLIND_MARGIN = 0.03
# 34 written with the rules; 15 (35-49), 16 (c01-c16) and 14 (d01-d14) written blind, merged once the rules had
# been fixed on them
MAIN_PAGES = 79
NO_BLIND = (
    "tests/fixtures/pages/blind/ has no pages: its last slice was read while fixing the rules and moved into the "
    "main suite; a new one, by someone who has not read the rules, is still to be written"
)


@pytest.fixture(scope="module")
def report() -> dict:
    return page_report()


def test_main_suite_has_79_pages_with_every_furniture_class(report) -> None:
    pages = load_pages(default_suite_dir())
    assert len(pages) >= MAIN_PAGES and all(p.html for p in pages)
    assert report["main"]["txt"]["pages"] == report["main"]["html"]["pages"] == len(pages)
    by_class = report["main"]["all"]["removal_recall_by_class"]
    assert set(by_class) == set(
        "masthead byline timestamp caption credit video newsletter share related sponsored ad disclaimer copyright "
        "cookie pullquote embed navigation".split()
    )


@pytest.mark.parametrize("kind", ["txt", "html"])
def test_main_suite_meets_the_targets(report, kind: str) -> None:
    scores = report["main"][kind]
    misses = "\n".join(report["main"]["misses"][:40])
    for metric, floor in TARGETS.items():
        assert scores[metric] is not None and scores[metric] >= floor, (
            f"{kind} {metric}={scores[metric]}\n{misses}"
        )


def test_blind_slice_is_within_three_points_when_present(report) -> None:
    if report["blind"] is None:
        pytest.skip(NO_BLIND)
    missed = {
        metric: report["blind"]["all"][metric]
        for metric, floor in TARGETS.items()
        if report["blind"]["all"][metric] < floor - BLIND_MARGIN
    }
    assert not missed, missed


def test_blind_slice_scores_are_measured_on_all_its_pages(report) -> None:
    blind = report["blind"]
    if blind is None:
        pytest.skip(NO_BLIND)
    n = len(load_pages(default_suite_dir() / "blind"))
    assert blind["txt"]["pages"] == n and blind["all"]["pages"] == 2 * n  # every page, as .txt and .html
    assert all(0.0 <= blind["all"][m] <= 1.0 for m in TARGETS)


def test_a_blind_folder_with_pages_is_scored_as_its_own_slice(tmp_path) -> None:
    _one_page(tmp_path)
    assert page_report(tmp_path)["blind"] is None
    (tmp_path / "blind").mkdir()
    assert page_report(tmp_path)["blind"] is None  # an empty folder is no slice
    _one_page(tmp_path / "blind", "b1")
    report = page_report(tmp_path)
    assert report["blind"]["all"]["pages"] == 2 and report["main"]["all"]["pages"] == 2
    assert report["blind"]["txt"]["lines_expected_removed"] == report["main"]["txt"]["lines_expected_removed"]


def _one_page(tmp_path, name: str = "p1"):
    src = default_suite_dir()
    for suffix in (".txt", ".html", ".expected.json"):
        shutil.copy(src / f"01-senate-stopgap{suffix}", tmp_path / f"{name}{suffix}")
    return tmp_path / f"{name}.expected.json"


def test_scores_of_one_page_are_hand_checkable(tmp_path) -> None:
    _one_page(tmp_path)
    res = score_suite(tmp_path)
    exp = json.loads((tmp_path / "p1.expected.json").read_text())
    n_removed = sum(line["expect"] == "remove" for line in exp["lines"])
    n_kept = sum(line["expect"] == "keep" for line in exp["lines"])
    assert res["txt"]["lines_expected_removed"] == n_removed
    assert res["txt"]["lines_expected_kept"] == n_kept
    assert res["all"]["pages"] == 2


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda e: e["lines"].pop(3), "line 4 of the expected lines"),
        (lambda e: e["lines"][0].update(expect="drop"), "expected {'text': str, 'expect'"),
        (lambda e: e["lines"][0].update({"class": "banner"}), "class 'banner'; expected one of"),
        (
            lambda e: e["targets"].append({"name": "Jane Nobody"}),
            "'Jane Nobody' does not occur in the kept prose",
        ),
        (
            lambda e: e["targets"].append({"name": "Ohio", "aliases": ["OH"]}),
            "alias 'OH' of 'Ohio' does not occur",
        ),
    ],
)
def test_malformed_page_is_refused_naming_the_file(tmp_path, edit, message: str) -> None:
    path = _one_page(tmp_path)
    exp = json.loads(path.read_text())
    edit(exp)
    path.write_text(json.dumps(exp))
    with pytest.raises(
        PageSuiteError, match=str(path).replace(".", r"\.") + ".*" + message.replace("(", r"\(")
    ):
        load_pages(tmp_path)


def test_cli_prints_tables_and_writes_json(tmp_path, capsys) -> None:
    _one_page(tmp_path)
    out_json = tmp_path / "out" / "pages.json"
    assert main(["--suite", str(tmp_path), "--json", str(out_json), "--verbose"]) == 0
    printed = capsys.readouterr().out
    assert "| main | txt | 1 |" in printed and "| blind | – | 0 |" in printed
    assert json.loads(out_json.read_text())["main"]["txt"]["pages"] == 1
    (tmp_path / "p1.expected.json").write_text("{")
    assert main(["--suite", str(tmp_path)]) == 1
    assert "not valid JSON" in capsys.readouterr().err
