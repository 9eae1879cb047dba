"""`slant predict` at corpus scale on a tiny random model: chunks written as they are scored, resume after a kill
equals an uninterrupted run, bad lines and files reported, duplicate ids, another model refused."""

from __future__ import annotations

import errno
import io
import json
from pathlib import Path

import pandas as pd
import pytest
from tiny_data import tiny_model_with_onnx

from slant.model.tiny import build_tiny_model
from slant.predict import engine, inputs, sinks
from slant.predict.cli import main
from slant.predict.stream import IdRegistry, chunked

SENTENCES = [
    "Mayor Ruth Calder said the harbor fee would pay for buses.",
    "Councilman Peter Okafor called it a terrible tax.",
    "The vote is due in May.",
    "Police said the court would rule on the gun law.",
    "President Biden praised the jobs report.",
    "Voters in the election said the economy was bad.",
]


def article(k: int) -> dict:
    body = " ".join(SENTENCES[(k + j) % len(SENTENCES)] for j in range(2 + k % 3))
    return {"id": f"a{k}", "text": body + "\n\nThe vote is due in May.", "outlet": f"Outlet {k % 2}"}


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory) -> str:
    return str(tiny_model_with_onnx(tmp_path_factory.mktemp("tiny") / "model"))


@pytest.fixture
def archive(tmp_path) -> Path:
    path = tmp_path / "archive.jsonl"
    path.write_text("".join(json.dumps(article(k)) + "\n" for k in range(7)))
    return path


def run(capsys, *args: str) -> tuple[int, list[str]]:
    code = main([*args, "--no-progress"])
    _, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, [line for line in err.splitlines() if line.strip()]


def test_each_chunk_is_written_when_scored(archive, tmp_path, model_dir, capsys, monkeypatch) -> None:
    out = tmp_path / "out.jsonl"
    seen: list[tuple[int, int]] = []
    write = sinks.StreamSink.write

    def spy(self, results):
        write(self, results)
        record = json.loads(self.record_path.read_text())
        seen.append((len(out.read_text().splitlines()), record["rows"]))

    monkeypatch.setattr(sinks.StreamSink, "write", spy)
    code, lines = run(
        capsys, str(archive), "--model", model_dir, "--format", "jsonl", "-o", str(out), "--chunk-size", "3"
    )
    assert code == 0 and lines == []
    assert seen == [(3, 3), (6, 6), (7, 7)]  # the file grows chunk by chunk, the run record follows
    record = json.loads((tmp_path / "out.jsonl.slant.json").read_text())
    assert record["complete"] and record["model"]["digest"] == engine.model_digest(model_dir)
    assert record["committed"]["results"] == out.stat().st_size and record["stats"]["articles"] == 7


def _read(fmt: str, out: Path) -> object:
    if fmt == "jsonl":
        return out.read_bytes()
    if fmt == "csv":
        return {t: (out / f"{t}.csv").read_bytes() for t in ("articles", "sentences", "stance")}
    if fmt == "parquet":
        return {t: pd.read_parquet(out / t) for t in ("articles", "sentences", "stance")}
    return (out / "index.jsonl").read_bytes(), sorted(p.name for p in out.glob("*.html"))


@pytest.mark.parametrize(
    "fmt", ["jsonl", *(pytest.param(f, marks=pytest.mark.slow) for f in ("csv", "parquet", "html"))]
)
def test_resume_after_a_kill_equals_an_uninterrupted_run(
    fmt, archive, tmp_path, model_dir, capsys, monkeypatch
) -> None:
    if fmt == "parquet":
        pytest.importorskip("pyarrow")
    opts = ["--model", model_dir, "--format", fmt, "--chunk-size", "2"]
    assert run(capsys, str(archive), *opts, "-o", str(tmp_path / "full"))[0] == 0
    full = _read(fmt, tmp_path / "full")

    score = engine.PipelineChunkScorer.score
    calls: list[list[str]] = []

    def killed(self, prepared):
        calls.append([item["id"] for item, _ in prepared])
        if len(calls) == 3:
            raise KeyboardInterrupt  # the process dies while scoring the third chunk
        return score(self, prepared)

    monkeypatch.setattr(engine.PipelineChunkScorer, "score", killed)
    out = tmp_path / "part"
    code, lines = run(capsys, str(archive), *opts, "-o", str(out))
    assert code == 130 and "rerun with --resume" in lines[-1] and "4 results" in lines[-1]
    if fmt == "jsonl":  # a kill in the middle of a write leaves half a line behind
        with open(out, "ab") as fh:
            fh.write(b'{"id":"a4","title":nu')
    calls.clear()
    monkeypatch.setattr(
        engine.PipelineChunkScorer, "score", lambda self, p: calls.append(1) or score(self, p)
    )
    code, lines = run(capsys, str(archive), *opts, "-o", str(out), "--resume")
    assert code == 0 and lines == [] and len(calls) == 2  # only the chunks a4-a5 and a6 are scored again
    got = _read(fmt, out)
    if fmt == "parquet":
        for t in full:
            pd.testing.assert_frame_equal(got[t], full[t])
    else:
        assert got == full


def test_corrupt_lines_and_unreadable_files_are_reported_and_the_rest_written(
    tmp_path, model_dir, capsys, monkeypatch
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    lines = [json.dumps(article(k)) for k in range(40)]
    lines[17] = '{"id": "a17", "text": "cut off'
    lines[25] = "[1, 2]"
    (folder / "dump.jsonl").write_text("\n".join(lines) + "\n")
    (folder / "locked.txt").write_text("The vote is due in May.")
    (folder / "scan.txt").write_bytes(b"%PDF-1.7\n\x00\x01\x02")
    (folder / "z.txt").write_text("The council voted on the harbor fee.")
    read = inputs._read_bytes

    def deny(source, stdin):
        if source.endswith("locked.txt"):
            raise PermissionError(errno.EACCES, "Permission denied")
        return read(source, stdin)

    monkeypatch.setattr(inputs, "_read_bytes", deny)
    out = tmp_path / "out.jsonl"
    code, err = run(
        capsys, str(folder), "--model", model_dir, "--format", "jsonl", "-o", str(out), "--chunk-size", "8"
    )
    assert code == 1
    assert any(f"{folder / 'dump.jsonl'}:line 18: not valid JSON" in e for e in err)
    assert any(f"{folder / 'dump.jsonl'}:line 26: expected a JSON object, found list" in e for e in err)
    assert any(f"error: {folder / 'locked.txt'}: cannot read (Permission denied)" in e for e in err)
    assert any(f"error: {folder / 'scan.txt'}: looks like a binary file" in e for e in err)
    ids = [json.loads(x)["id"] for x in out.read_text().splitlines()]
    assert len(ids) == 39 and ids[-1] == str(folder / "z.txt") and "a17" not in ids and "a25" not in ids


def test_duplicate_ids_are_warned_and_suffixed(tmp_path, model_dir, capsys) -> None:
    path = tmp_path / "dup.jsonl"
    rows = [article(0), article(1), article(0), {**article(2), "id": "a0#2"}, article(0)]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    code, err = run(capsys, str(path), "--model", model_dir, "--format", "jsonl")
    assert code == 0
    assert [e.split(": ", 2)[2] for e in err] == [
        f"{path}:line 3: duplicate id 'a0' (occurrence 2); scored as 'a0#2'",
        f"{path}:line 4: duplicate id 'a0#2' (occurrence 2); scored as 'a0#2#2'",
        f"{path}:line 5: duplicate id 'a0' (occurrence 3); scored as 'a0#3'",
    ]
    reg = IdRegistry("skip")
    recs = [{"id": "x", "source": "s:1"}, {"id": "x", "source": "s:2"}]
    said = []
    assert [reg.assign(r, said.append) for r in recs] == [True, False] and "skipped" in said[0].message


def test_resume_with_another_model_is_refused_naming_both(archive, tmp_path, model_dir, capsys) -> None:
    other = str(build_tiny_model(tmp_path / "other", seed=1))
    out = tmp_path / "out.jsonl"
    assert run(capsys, str(archive), "--model", model_dir, "--format", "jsonl", "-o", str(out))[0] == 0
    before = out.read_bytes()
    code, err = run(capsys, str(archive), "--model", other, "--format", "jsonl", "-o", str(out), "--resume")
    assert code == 2 and len(err) == 1 and "refusing to --resume" in err[0]
    assert engine.model_digest(model_dir) in err[0] and engine.model_digest(other) in err[0]
    code, err = run(capsys, str(archive), "--model", model_dir, "--format", "jsonl", "-o", str(out), "--resume",
                    "--max-sentences", "3")  # fmt: skip
    assert code == 2 and "max_sentences" in err[0]
    assert out.read_bytes() == before
    (tmp_path / "plain.jsonl").write_text("{}\n")
    code, err = run(capsys, str(archive), "--model", model_dir, "--format", "jsonl", "-o", str(tmp_path / "plain.jsonl"),
                    "--resume")  # fmt: skip
    assert code == 2 and "no run record" in err[0]


def test_full_disk_is_a_clear_error_and_resume_continues(
    archive, tmp_path, model_dir, capsys, monkeypatch
) -> None:
    opts = [str(archive), "--model", model_dir, "--format", "csv", "--chunk-size", "3"]
    assert run(capsys, *opts, "-o", str(tmp_path / "full"))[0] == 0
    append = sinks.StreamSink._append_bytes
    state = {"calls": 0}

    def full_disk(self, name, data):
        state["calls"] += 1
        if state["calls"] == 5:  # the second chunk's second table
            raise OSError(errno.ENOSPC, "No space left on device")
        append(self, name, data)

    monkeypatch.setattr(sinks.StreamSink, "_append_bytes", full_disk)
    code, err = run(capsys, *opts, "-o", str(tmp_path / "out"))
    assert (
        code == 2
        and "No space left on device" in err[-1]
        and "--resume" in err[-1]
        and "3 results" in err[-1]
    )
    monkeypatch.setattr(sinks.StreamSink, "_append_bytes", append)
    assert run(capsys, *opts, "-o", str(tmp_path / "out"), "--resume")[0] == 0
    for t in ("articles", "sentences", "stance"):
        assert (tmp_path / "out" / f"{t}.csv").read_bytes() == (tmp_path / "full" / f"{t}.csv").read_bytes()


def test_html_folder_one_page_per_article_and_stdin_jsonl(
    archive, tmp_path, model_dir, capsys, monkeypatch
) -> None:
    folder = tmp_path / "pages"
    assert run(capsys, str(archive), "--model", model_dir, "--format", "html", "-o", str(folder))[0] == 0
    index = [json.loads(x) for x in (folder / "index.jsonl").read_text().splitlines()]
    assert [r["id"] for r in index] == [f"a{k}" for k in range(7)]
    assert all((folder / r["file"]).read_text().startswith("<!doctype html>") for r in index)

    class Stdin:
        buffer = io.BytesIO(archive.read_bytes())

    monkeypatch.setattr("sys.stdin", Stdin)
    assert main(["-", "--model", model_dir, "--format", "jsonl", "--no-progress"]) == 0
    assert [json.loads(x)["id"] for x in capsys.readouterr().out.splitlines()] == [f"a{k}" for k in range(7)]


def test_identical_sentences_in_a_chunk_are_scored_once(model_dir) -> None:
    scorer = engine.PipelineFactory(model_dir)()
    chunk = [article(0), {**article(0), "id": "copy"}, article(1)]
    report = scorer.score(scorer.prepare(chunk))
    a, copy, b = (o.result for o in report.outcomes)
    assert report.n_sentences == sum(len(r["sentences"]) for r in (a, copy, b))
    distinct = {s["text"] for r in (a, b) for s in r["sentences"]}  # no targets repeat differently here
    assert report.n_unique == len(distinct) < report.n_sentences
    assert [s["bias"] for s in copy["sentences"]] == [s["bias"] for s in a["sentences"]]
    alone = scorer.score(scorer.prepare([article(1)])).outcomes[0].result
    for s, t in zip(b["sentences"], alone["sentences"]):
        assert s["bias"]["prob"] == pytest.approx(t["bias"]["prob"], abs=1e-4)


def test_chunks_depend_on_the_input_only() -> None:
    recs = [{"id": str(k), "text": "x" * (10 if k != 3 else 100)} for k in range(7)]
    assert [[r["id"] for r in c] for c in chunked(recs, 3, max_chars=100)] == [
        ["0", "1", "2"],
        ["3"],
        ["4", "5", "6"],
    ]


def test_dask_cluster_scores_like_this_process(archive, tmp_path, model_dir, capsys) -> None:
    distributed = pytest.importorskip("dask.distributed")
    opts = [str(archive), "--model", model_dir, "--format", "jsonl", "--chunk-size", "3"]
    assert run(capsys, *opts, "-o", str(tmp_path / "here.jsonl"))[0] == 0
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=False, protocol="tcp",
                                  dashboard_address=None) as cluster:  # fmt: skip
        assert cluster.scheduler_address.startswith("tcp://")
        code, _ = run(
            capsys, *opts, "-o", str(tmp_path / "dask.jsonl"), "--scheduler", cluster.scheduler_address
        )
    assert code == 0
    assert (tmp_path / "dask.jsonl").read_bytes() == (tmp_path / "here.jsonl").read_bytes()


@pytest.mark.slow
def test_worker_processes_score_like_this_process(archive, tmp_path, model_dir, capsys) -> None:
    opts = [str(archive), "--model", model_dir, "--format", "jsonl", "--chunk-size", "2", "--threads", "1"]
    assert run(capsys, *opts, "-o", str(tmp_path / "one.jsonl"))[0] == 0
    assert run(capsys, *opts, "-o", str(tmp_path / "two.jsonl"), "--workers", "2")[0] == 0
    assert (tmp_path / "two.jsonl").read_bytes() == (tmp_path / "one.jsonl").read_bytes()


def test_progress_line_and_unwritable_output(archive, tmp_path, model_dir, capsys) -> None:
    from slant.predict.progress import Progress

    stream = io.StringIO()
    bar = Progress(100, enabled=True, stream=stream, every=0.0, skipped=10)
    bar.t0 -= 10.0  # ten seconds in
    bar.update(20, 600)
    line = stream.getvalue().strip()
    assert line.startswith("slant predict: 30/100 articles, 2.0 articles/s, 60 sentences/s, ETA 0:00:3")
    (tmp_path / "file").write_text("x")
    code, err = run(
        capsys,
        str(archive),
        "--model",
        model_dir,
        "--format",
        "jsonl",
        "-o",
        str(tmp_path / "file" / "o.jsonl"),
    )
    assert code == 2 and len(err) == 1 and "cannot write" in err[0] and (tmp_path / "file").read_text() == "x"
    code = main(
        [
            str(archive),
            "--model",
            model_dir,
            "--format",
            "jsonl",
            "-o",
            str(tmp_path / "p.jsonl"),
            "--progress",
        ]
    )
    assert code == 0 and "7/7 articles" in capsys.readouterr().err
