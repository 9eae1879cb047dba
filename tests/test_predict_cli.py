"""`slant predict` end to end on a tiny random model: formats, bad inputs, exit codes, atomic output."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from tiny_data import tiny_model_with_onnx

from slant.predict import output
from slant.predict.cli import main

GOOD = (
    "Mayor Ruth Calder said the harbor fee would pay for buses. Councilman Peter Okafor called it a terrible tax.\n\n"
    '"It punishes people who have no other way to work," Mr. Okafor said. The vote is due in May.\n'
)
FRENCH = (
    "Le conseil municipal a voté mardi une nouvelle redevance pour traverser le pont du port. La maire a déclaré "
    "que cet argent servira à financer les autobus et les traversiers de toute la ville pendant plusieurs années.\n"
)
LINE = re.compile(r"^slant predict: (warning|error): (.+?): (.+)$")


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> str:
    return str(tiny_model_with_onnx(tmp_path_factory.mktemp("tiny") / "model"))


def run(capsys, *args: str) -> tuple[int, str, list[str]]:
    code = main([*args])
    out, err = capsys.readouterr()
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    return code, out, lines


def messages(lines: list[str]) -> dict[str, list[tuple[str, str]]]:
    """stderr lines by input: {source: [(kind, line)]}; every line must be one `slant predict: kind: src: msg`."""
    found: dict[str, list[tuple[str, str]]] = {}
    for line in lines:
        m = LINE.match(line)
        assert m, f"not a one-line message: {line!r}"
        found.setdefault(m.group(2), []).append((m.group(1), line))
    return found


def test_one_article_gives_one_json_object(tmp_path, model_dir, capsys) -> None:
    path = tmp_path / "a.txt"
    path.write_text(GOOD)
    code, out, lines = run(capsys, str(path), "--model", model_dir, "--target", "harbor fee")
    assert code == 0 and lines == []
    result = json.loads(out)
    assert isinstance(result, dict) and result["id"] == str(path)
    assert result["summary"]["targets"]["harbor fee"]["mentions"] == 1
    assert len(result["sentences"]) == 4


def test_bad_inputs_each_get_one_line_and_the_good_ones_survive(tmp_path, model_dir, capsys) -> None:
    (tmp_path / "good.txt").write_text(GOOD)
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02binary stream")
    (tmp_path / "latin.txt").write_bytes(
        "The café owner praised the harbor fee. Mr. Okafor disagreed.".encode("cp1252")
    )
    (tmp_path / "broken.html").write_text(
        "<html><body><p>The council voted on the harbor fee.<div><p>Mr. Okafor objected."
    )
    (tmp_path / "french.txt").write_text(FRENCH)
    (tmp_path / "many.jsonl").write_text(
        json.dumps({"id": "j1", "text": GOOD, "outlet": "Doverton Post"}) + "\n{not json\n"
        + json.dumps({"title": "no text"}) + "\n" + json.dumps({"id": "j2", "html": "<p>The vote passed.</p>"}) + "\n"
    )  # fmt: skip
    missing = str(tmp_path / "missing.txt")
    out_path = tmp_path / "out.json"
    code, _, lines = run(capsys, str(tmp_path), missing, "--model", model_dir, "-o", str(out_path))
    assert code == 1  # some inputs produced nothing
    by_source = messages(lines)
    p = lambda name: str(tmp_path / name)  # noqa: E731

    def only(source: str, kind: str, words: str) -> None:
        assert [k for k, _ in by_source[source]] == [kind] and words in by_source[source][0][1]

    only(p("empty.txt"), "error", "empty")
    only(p("scan.txt"), "error", "binary")
    only(missing, "error", "no such file")
    only(p("latin.txt"), "warning", "UTF-8")
    only(p("french.txt"), "warning", "English")
    only(p("many.jsonl:line 2"), "warning", "not valid JSON")  # bad JSONL lines: warnings with their numbers
    only(p("many.jsonl:line 3"), "warning", "'text' or 'html'")
    assert p("good.txt") not in by_source and p("broken.html") not in by_source

    results = json.loads(out_path.read_text())
    ids = [r["id"] for r in results]
    assert ids == [
        p("broken.html"),
        p("french.txt"),
        p("good.txt"),
        p("latin.txt"),
        "j1",
        "j2",
    ]  # sorted paths
    by_id = {r["id"]: r for r in results}
    assert "café" in by_id[p("latin.txt")]["text"]
    assert any("UTF-8" in w for w in by_id[p("latin.txt")]["warnings"])
    assert any("English" in w for w in by_id[p("french.txt")]["warnings"])
    assert by_id[p("broken.html")]["sentences"] and by_id["j1"]["outlet"] == "Doverton Post"


def test_html_without_text_is_one_error_line(tmp_path, model_dir, capsys) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "b.html").write_text("<html><body><script>var x = 1;</script><nav>Home</nav></body></html>")
    code, out, lines = run(capsys, str(tmp_path / "a.txt"), str(tmp_path / "b.html"), "--model", model_dir)
    assert code == 1 and len(json.loads(out)) == 1
    assert len(lines) == 1 and lines[0].startswith(
        f"slant predict: error: {tmp_path / 'b.html'}: no text to score"
    )


def test_only_missing_inputs_exit_2_without_output(tmp_path, model_dir, capsys) -> None:
    out_path = tmp_path / "out.json"
    code, out, lines = run(capsys, str(tmp_path / "nope.txt"), "--model", model_dir, "-o", str(out_path))
    assert code == 2 and out == "" and not out_path.exists()
    assert lines[0] == f"slant predict: error: {tmp_path / 'nope.txt'}: no such file or directory"


def test_huge_article_is_capped_with_a_warning(tmp_path, model_dir, capsys) -> None:
    para = "The council voted on the harbor fee after a long hearing. Mr. Okafor objected to the plan.\n\n"
    path = tmp_path / "huge.txt"
    path.write_text(para * (10_000_000 // len(para) + 1))
    code, out, lines = run(
        capsys, str(path), "--model", model_dir, "--format", "jsonl", "--max-sentences", "300"
    )
    assert code == 0
    kinds = messages(lines)[str(path)]
    assert {k for k, _ in kinds} == {"warning"}
    assert any("characters" in line for _, line in kinds) and any("sentences" in line for _, line in kinds)
    result = json.loads(out)
    assert len(result["sentences"]) == 300


def test_bad_model_dir_is_one_line(tmp_path, capsys) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    code, out, lines = run(capsys, str(tmp_path / "a.txt"), "--model", str(tmp_path / "no_model"))
    assert code == 2 and out == "" and len(lines) == 1
    assert lines[0].startswith(f"slant predict: error: {tmp_path / 'no_model'}")


def test_usage_errors_exit_2(tmp_path, model_dir, capsys) -> None:
    (tmp_path / "s.jsonl").write_text(json.dumps({"id": "x", "text": "A vote."}) + "\n")
    code, _, lines = run(
        capsys, str(tmp_path / "s.jsonl"), "--unit", "sentence", "--format", "html", "--model", model_dir
    )
    assert code == 2 and "--format html" in lines[0]
    assert run(capsys, str(tmp_path / "s.jsonl"), "--format", "pdf")[0] == 2
    assert run(capsys, str(tmp_path / "s.jsonl"), "--batch-size", "0", "--model", model_dir)[0] == 2


def test_sentence_mode_keeps_order_and_reports_bad_lines(tmp_path, model_dir, capsys) -> None:
    rows = [{"id": "b", "text": "Mr. Okafor met Ms. Calder.", "targets": [{"start": 19, "end": 25}, {"start": 4, "end": 10}]},
            {"id": "a", "text": "The vote passed."},
            {"id": "c", "text": "Short.", "targets": [{"start": 3, "end": 40}]},
            {"id": "d", "text": "Calder won.", "targets": [{"start": 0, "end": 6}]},
            {"id": "e", "text": "Calder said she won.", "targets": [{"start": 0, "end": 6, "mentions": [{"start": 12, "end": 15}]}]},
            {"id": "f", "text": "Calder said she won.", "targets": [{"start": 0, "end": 6, "mentions": [{"start": 12, "end": 99}]}]},
            {"id": "g", "text": "Calder said she won.", "targets": [{"start": 0, "end": 6, "mentions": "she"}]}]  # fmt: skip
    path = tmp_path / "sents.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    code, out, lines = run(capsys, str(path), "--unit", "sentence", "--model", model_dir)
    assert code == 1  # some records gave nothing; the others are written
    ((kind, line),) = messages(lines)[f"{path}:line 3"]
    assert kind == "error" and "target 0" in line
    ((_, line),) = messages(lines)[f"{path}:line 6"]
    assert "target 0 mention 0" in line and "0 <= start < end <= 20" in line
    ((_, line),) = messages(lines)[f"{path}:line 7"]
    assert "expected 'mentions' to be a list of {start, end}" in line and "found str" in line
    results = [json.loads(x) for x in out.splitlines()]
    assert [r["id"] for r in results] == ["b", "a", "d", "e"]
    assert [s["mention"] for s in results[3]["stance"]] == ["Calder"]
    assert list(results[0]) == ["id", "bias", "frames", "frame_labels", "stance"]
    assert [(s["target"], s["mention"], s["start"], s["end"]) for s in results[0]["stance"]] == [
        ("Calder", "Calder", 19, 25), ("Okafor", "Okafor", 4, 10)]  # fmt: skip
    assert set(results[0]["stance"][0]["probs"]) == {"negative", "neutral", "positive"}


def test_csv_to_stdout_is_the_tidy_sentences_table(tmp_path, model_dir, capsys) -> None:
    for name in ("a.txt", "b.txt"):
        (tmp_path / name).write_text(GOOD)
    code, out, _ = run(
        capsys, str(tmp_path / "a.txt"), str(tmp_path / "b.txt"), "--model", model_dir, "--format", "csv"
    )
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert out.splitlines()[0].startswith("article_id,index,start,end,voice,text,bias_label,bias_prob")
    assert len(rows) == 8 and [r["index"] for r in rows] == ["0", "1", "2", "3"] * 2
    assert rows[2]["text"].startswith('"It punishes') and rows[2]["voice"] == "quote"
    assert int(rows[2]["n_mentions"]) == 1 and "stance" not in rows[2]  # mentions are the stance table's rows
    assert all(";" not in r["top_frame"] for r in rows) and {r["frame_Economic"] for r in rows} <= {
        "True",
        "False",
    }


def test_html_page_is_self_contained_and_escapes_text(tmp_path, model_dir, capsys) -> None:
    path = tmp_path / "evil.txt"
    path.write_text(GOOD + "\nThe mayor wrote <script>alert('x')</script> in a post about the harbor fee.\n")
    out_path = tmp_path / "page" / "evil.html"
    code, _, _ = run(capsys, str(path), "--model", model_dir, "--format", "html", "-o", str(out_path))
    assert code == 0
    page = out_path.read_text()
    assert page.startswith("<!doctype html>") and "<style>" in page and ".s.biased" in page
    assert "<script" not in page.lower() and "&lt;script&gt;" in page
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert "@import" not in page and "url(" not in page and "<link" not in page
    assert "Removed lines" in page and 'class="s ' in page and '<mark class="st-' in page
    # the article-level frames (pooled head) are shown with their probabilities, beside the sentence shares
    assert "Article frames (probability)" in page and 'class="bars article-frames"' in page


def test_output_is_atomic(tmp_path) -> None:
    target = tmp_path / "result.json"
    target.write_text("old")

    def chunks():
        yield "new part"
        raise RuntimeError("renderer broke")

    with pytest.raises(RuntimeError):
        output.write_atomic(target, chunks())
    assert target.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["result.json"]  # no temp file left behind
    target.chmod(0o644)
    output.write_atomic(target, iter(["new ", "content"]))
    assert target.read_text() == "new content" and target.stat().st_mode & 0o777 == 0o644


def test_unwritable_output_is_one_line(tmp_path, model_dir, capsys) -> None:
    (tmp_path / "a.txt").write_text(GOOD)
    (tmp_path / "file").write_text("x")
    code, _, lines = run(
        capsys, str(tmp_path / "a.txt"), "--model", model_dir, "-o", str(tmp_path / "file" / "o.json")
    )
    assert code == 2 and len(lines) == 1 and lines[0].startswith("slant predict: error:")
    assert (tmp_path / "file").read_text() == "x"


def test_stdin(monkeypatch, model_dir, capsys) -> None:
    class Stdin:
        buffer = io.BytesIO(GOOD.encode())

    monkeypatch.setattr("sys.stdin", Stdin)
    code, out, _ = run(capsys, "-", "--model", model_dir, "--format", "jsonl")
    assert code == 0 and json.loads(out)["id"] == "stdin"


def test_example_article_exists_and_is_scraped_style() -> None:
    root = Path(__file__).resolve().parents[1] / "examples"
    text = (root / "article.txt").read_text()
    for cue in ("By ", "AP Photo", "ad blocker", "Related", "Mr. ", '"'):
        assert cue in text
    assert "<article>" in (root / "article.html").read_text()
