"""`slant predict` on pasted pages: all-furniture pages fail alone, aliases from the command line and a file,
target forms in the output, no caption or masthead scored as a sentence (tiny random model)."""

from __future__ import annotations

import json

import pytest

from slant.eval.pages import default_suite_dir
from slant.model.tiny import build_tiny_model
from slant.predict.cli import main

GOOD = "GOP leaders met Democrats on Tuesday. The Republicans said the U.S. budget was too large.\n"
FURNITURE = (
    "THE DAILY LEDGER\n\nAdvertisement\n\nThe mayor cuts a ribbon on Monday. (Ana Ruiz/Ledger Images)\n\n"
    "Sign up for our newsletter to get the news in your inbox.\n\n© 2025 The Daily Ledger. All rights reserved.\n"
)
CAPTION_ONLY_HTML = (
    "<html><head><title>Gallery | The Daily Ledger</title></head><body><article>"
    "<figure><img src='a.jpg'><figcaption>Crowds at the parade on Sunday. (Ana Ruiz/Ledger Images)</figcaption>"
    "</figure><p>Crowds at the parade on Sunday. (Ana Ruiz/Ledger Images)</p><p>Ana Ruiz/Ledger Images</p>"
    "</article></body></html>"
)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> str:
    return str(build_tiny_model(tmp_path_factory.mktemp("tiny") / "model"))


def test_all_furniture_pages_fail_alone_and_the_good_article_is_written(tmp_path, model_dir, capsys) -> None:
    (tmp_path / "a_good.txt").write_text(GOOD)
    (tmp_path / "b_furniture.txt").write_text(FURNITURE)
    (tmp_path / "c_captions.html").write_text(CAPTION_ONLY_HTML)
    code = main([str(tmp_path), "--model", model_dir, "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 1
    results = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in results] == [str(tmp_path / "a_good.txt")]
    errors = [line for line in err.splitlines() if line.startswith("slant predict: error:")]
    assert len(errors) == 2
    for name, line in zip(("b_furniture.txt", "c_captions.html"), errors):
        assert line.startswith(f"slant predict: error: {tmp_path / name}: no text to score")
        assert "expected article prose" in line


def test_a_masthead_left_alone_above_furniture_is_no_article_but_a_lone_headline_is_scored(
    tmp_path, model_dir, capsys
) -> None:
    (tmp_path / "a_top.txt").write_text(
        "THE MERIDIAN COURIER\n\nBy Tomas Oyelaran\n\nUpdated 9:40 AM EST, Fri May 2, 2025\n\n"
        "Sign up for our morning newsletter\n"
    )
    (tmp_path / "b_headline.txt").write_text("Port workers approve new contract\n")
    code = main([str(tmp_path), "--model", model_dir, "--format", "jsonl"])
    out, err = capsys.readouterr()
    assert code == 1
    assert [json.loads(line)["id"] for line in out.splitlines()] == [str(tmp_path / "b_headline.txt")]
    (line,) = [e for e in err.splitlines() if "error" in e]
    assert (
        "no text to score" in line and "'THE MERIDIAN COURIER'" in line and "expected article prose" in line
    )


def test_target_rows_carry_their_surface_forms(tmp_path, model_dir, capsys) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    assert main([str(tmp_path / "a.txt"), "--model", model_dir]) == 0
    targets = json.loads(capsys.readouterr().out)["summary"]["targets"]
    assert targets["Republican Party"]["forms"] == ["GOP", "Republicans"]
    assert targets["Republican Party"]["mentions"] == 2
    assert targets["Democratic Party"]["forms"] == ["Democrats"]
    assert targets["United States"]["forms"] == ["U.S."]


def test_aliases_from_the_command_line_and_a_file(tmp_path, model_dir, capsys) -> None:
    (tmp_path / "a.txt").write_text(
        "The Harbor Council met. HC members voted, and the Port Authority objected.\n"
    )
    alias_file = tmp_path / "aliases.txt"
    alias_file.write_text("# local bodies\nPort Authority=PA\n")
    args = [str(tmp_path / "a.txt"), "--model", model_dir, "--alias", "Harbor Council=HC", "--alias-file"]
    assert main([*args, str(alias_file)]) == 0
    targets = json.loads(capsys.readouterr().out)["summary"]["targets"]
    assert targets["Harbor Council"]["forms"] == ["Harbor Council", "HC"]
    alias_file.write_text("Port Authority=PA\nPort Authority PA\n")
    assert main([*args, str(alias_file)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"slant predict: error: {alias_file}:line 2: 'Port Authority PA'")
    assert "Name=Alias1,Alias2" in err
    assert main([str(tmp_path / "a.txt"), "--model", model_dir, "--alias", "Harbor Council"]) == 2
    assert "--alias: 'Harbor Council' is not an alias entry" in capsys.readouterr().err


def test_no_suite_page_yields_furniture_as_a_sentence(tmp_path, model_dir, capsys) -> None:
    """What `make predict ARTICLE=...` prints for two suite pages (txt and html): no removed line is a sentence."""
    suite = default_suite_dir()
    pages = ["02-kremlin-talks", "24-hurricane-florida"]
    paths = [str(suite / f"{p}.txt") for p in pages] + [str(suite / f"{p}.html") for p in pages]
    assert main([*paths, "--model", model_dir, "--format", "jsonl"]) == 0
    results = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    for path, result in zip(paths, results):
        expected = json.loads(
            (suite / (path.rsplit(".", 1)[0].rsplit("/", 1)[1] + ".expected.json")).read_text()
        )
        furniture = [
            line["text"]
            for line in expected["lines"]
            if line["expect"] == "remove"
            and line["class"] != "pullquote"  # a pull quote repeats a prose sentence
        ]
        for sentence in result["sentences"]:
            assert not any(sentence["text"] in line or line in sentence["text"] for line in furniture), path
        assert result["title"] == expected["title"]
