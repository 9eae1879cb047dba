"""Streaming outputs of `slant predict`: each chunk written as soon as it is scored, resumable after a kill.

Formats and layout (``-o OUT``):
    ``jsonl``    ``OUT``: one result per line.
    ``csv``      the three tidy tables of :mod:`slant.predict.tables`: ``OUT/articles.csv``, ``OUT/sentences.csv``,
                 ``OUT/stance.csv``; when ``OUT`` ends in ``.csv``, ``OUT``'s stem + ``.articles.csv`` etc. instead.
    ``parquet``  ``OUT/articles/part-000000.parquet`` ... one part per chunk and table (a Parquet dataset:
                 ``pandas.read_parquet("OUT/sentences")`` reads a table whole). Needs pyarrow (``slant[parquet]``).
    ``html``     (several articles) ``OUT/<id>-<hash>.html``, one page per article, and ``OUT/index.jsonl``
                 (``id``, ``file``, ``title``, ``outlet``, ``n_sentences``, ``bias_share``), one line per page.

Every streaming output has a *run record* beside it (``OUT.slant.json`` for a file, ``OUT/slant-run.json`` for a
folder): the model (name, version, weights digest, backend, int8 or not), the settings that change results, and
the committed size of every file after the last complete chunk. A chunk is committed by one ``write`` + ``fsync``
per file and then an atomic replace of the run record. A kill can leave the tail of the chunk in flight in a file;
``--resume`` cuts every file back to its committed size (so no half line survives), reads the ids already
written and skips them. ``--resume`` refuses an output written by another model or other settings, naming both.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from slant.predict.output import write_atomic
from slant.predict.tables import (
    ARTICLE_COLUMNS,
    SENTENCE_COLUMNS,
    STANCE_COLUMNS,
    TABLES,
    column_name,
    tidy_rows,
)

STREAM_FORMATS: tuple[str, ...] = ("jsonl", "csv", "parquet", "html")
RECORD_VERSION = 1


class OutputError(RuntimeError):
    """The output cannot be written or resumed; the message names the path and what to do."""


def _describe(model: dict[str, Any]) -> str:
    kind = f"{model.get('backend', 'torch')}{' int8' if model.get('quantize') else ''}"
    kind += f" {model['precision']}" if model.get("precision") else ""
    return f"{model.get('name')} version {model.get('version')} (weights {model.get('digest')}, {kind})"


def table_columns(frame_names: Iterable[str], stance_labels: Iterable[str]) -> dict[str, list[str]]:
    """Columns of each tidy table for a model with these labels (what :func:`tidy_rows` produces)."""
    frames = [column_name(f) for f in frame_names]
    return {
        "articles": [*ARTICLE_COLUMNS, *(f"share_frame_{f}" for f in frames)],
        "sentences": [*SENTENCE_COLUMNS, *(f"frame_{f}" for f in frames), *(f"p_frame_{f}" for f in frames)],
        "stance": [*STANCE_COLUMNS, *(f"p_{column_name(s)}" for s in stance_labels)],
    }


class StreamSink:
    """Base of the streaming outputs: the run record, commit bookkeeping and resume checks.

    Args:
        path: The ``-o`` path.
        header: ``format``, ``unit``, ``model`` {name, version, digest, backend, quantize} and ``settings``.
    """

    files: tuple[str, ...] = ()

    def __init__(self, path: str | Path, header: dict[str, Any]) -> None:
        self.path = Path(path)
        self.header = header
        self.committed: dict[str, int] = {}
        self.chunks = 0
        self.rows = 0

    @property
    def record_path(self) -> Path:
        return self.path.parent / f"{self.path.name}.slant.json"

    def file(self, name: str) -> Path:
        return self.path

    def _where(self) -> str:
        return str(self.path)

    # -- the run record ---------------------------------------------------------------------------------------
    def _save_record(self, complete: bool = False, stats: dict[str, Any] | None = None) -> None:
        record = {"slant_predict_output": RECORD_VERSION, **self.header, "complete": complete,
                  "chunks": self.chunks, "rows": self.rows, "committed": self.committed}  # fmt: skip
        if stats:
            record["stats"] = stats
        write_atomic(self.record_path, [json.dumps(record, indent=2) + "\n"])

    def read_record(self) -> dict[str, Any] | None:
        try:
            return json.loads(self.record_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:
            raise OutputError(
                f"{self.record_path}: cannot read the run record ({err}); cannot --resume"
            ) from err

    def check_resumable(self, record: dict[str, Any]) -> None:
        """Raise OutputError unless ``record`` was written by the same model, format and settings."""
        if record.get("model") != self.header["model"]:
            raise OutputError(
                f"refusing to --resume {self._where()}: it was written by model {_describe(record.get('model') or {})}"
                f"; this run uses {_describe(self.header['model'])}. Use the same model, or write to another -o"
            )
        for key in ("format", "unit", "settings"):
            if record.get(key) != self.header[key]:
                raise OutputError(
                    f"refusing to --resume {self._where()}: it was written with {key} {record.get(key)}; this run "
                    f"uses {self.header[key]}. Use the same options, or write to another -o"
                )

    # -- life cycle -------------------------------------------------------------------------------------------
    def start(self, resume: bool) -> set[str]:
        """Open the output (fresh, or cut back to the last complete chunk); the ids already written."""
        try:
            record = self.read_record() if resume else None
            if resume and record is None and any(self.file(f).exists() for f in self.files):
                raise OutputError(
                    f"cannot --resume {self._where()}: it exists but has no run record {self.record_path.name}, so "
                    "which model wrote it is unknown. Remove it, or write to another -o"
                )
            if record is None:
                self._fresh()
                self._save_record()
                return set()
            self.check_resumable(record)
            self.committed = {k: int(v) for k, v in record.get("committed", {}).items()}
            self.chunks, self.rows = int(record.get("chunks", 0)), int(record.get("rows", 0))
            self._cut_back()
            done = self._done_ids()
            self._save_record()
            return done
        except OSError as err:
            raise OutputError(f"{self._where()}: cannot write ({err.strerror or err})") from err

    def write(self, results: list[dict[str, Any]]) -> None:
        """Append one chunk's results and commit it."""
        try:
            self._append(results)
            self.chunks += 1
            self.rows += len(results)
            self._save_record()
        except OSError as err:
            raise OutputError(
                f"{self._where()}: cannot write ({err.strerror or err}); {self.rows} results of {self.chunks} "
                "complete chunks are kept. Free space or fix the output, then rerun with --resume to continue"
            ) from err

    def finish(self, stats: dict[str, Any] | None = None) -> None:
        try:
            self._save_record(complete=True, stats=stats)
        except OSError as err:
            raise OutputError(f"{self.record_path}: cannot write ({err.strerror or err})") from err

    # -- per format ------------------------------------------------------------------------------------------
    def _fresh(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        for name in self.files:
            self.file(name).write_bytes(self._head(name))
            self.committed[name] = self.file(name).stat().st_size

    def _head(self, name: str) -> bytes:
        return b""

    def _cut_back(self) -> None:
        for name in self.files:
            path, size = self.file(name), self.committed.get(name, 0)
            have = path.stat().st_size if path.exists() else -1
            if have < size:
                raise OutputError(
                    f"cannot --resume {path}: it holds {max(have, 0):,} bytes but the run record says {size:,} were "
                    "committed; the file was changed since. Write to another -o"
                )
            if have > size:  # the tail of the chunk in flight when the run stopped
                os.truncate(path, size)

    def _append_bytes(self, name: str, data: bytes) -> None:
        path = self.file(name)
        with open(path, "r+b") as fh:
            fh.seek(self.committed[name])
            fh.write(data)
            fh.truncate()
            fh.flush()
            os.fsync(fh.fileno())
        self.committed[name] += len(data)

    def _append(self, results: list[dict[str, Any]]) -> None:
        raise NotImplementedError

    def _done_ids(self) -> set[str]:
        raise NotImplementedError


class JsonlSink(StreamSink):
    files = ("results",)

    def _append(self, results: list[dict[str, Any]]) -> None:
        data = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in results)
        self._append_bytes("results", data.encode("utf-8"))

    def _done_ids(self) -> set[str]:
        done = set()
        with open(self.path, "rb") as fh:
            for line in fh:
                done.add(str(json.loads(line)["id"]))
        return done


def _csv_text(columns: list[str], rows: list[dict[str, Any]], header: bool = False) -> bytes:
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n", extrasaction="raise")
    if header:
        writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue().encode("utf-8")


class CsvSink(StreamSink):
    files = TABLES

    def __init__(self, path: str | Path, header: dict[str, Any], columns: dict[str, list[str]]) -> None:
        super().__init__(path, header)
        self.columns = columns
        self.prefix = self.path.suffix.lower() == ".csv"

    @property
    def record_path(self) -> Path:
        return super().record_path if self.prefix else self.path / "slant-run.json"

    def file(self, name: str) -> Path:
        if self.prefix:
            return self.path.with_name(f"{self.path.stem}.{name}.csv")
        return self.path / f"{name}.csv"

    def _where(self) -> str:
        return str(self.file("sentences").parent / (f"{self.path.stem}.*.csv" if self.prefix else ""))

    def _fresh(self) -> None:
        self.file("articles").parent.mkdir(parents=True, exist_ok=True)
        super()._fresh()

    def _head(self, name: str) -> bytes:
        return _csv_text(self.columns[name], [], header=True)

    def _append(self, results: list[dict[str, Any]]) -> None:
        tables = tidy_rows(results)
        for name in TABLES:
            self._append_bytes(name, _csv_text(self.columns[name], tables[name]))

    def _done_ids(self) -> set[str]:
        key = "articles" if self.header["unit"] == "article" else "sentences"
        with open(self.file(key), newline="", encoding="utf-8") as fh:
            return {row["article_id"] for row in csv.DictReader(fh)}


def _arrow_type(column: str) -> Any:
    import pyarrow as pa

    if column.startswith("frame_"):
        return pa.bool_()
    if column.startswith(("p_", "share_frame_")) or column.endswith(("_share", "_prob")):
        return pa.float64()
    if column.startswith("n_") or column in ("index", "start", "end", "sentence_index", "author_sentences",
                                              "quote_sentences"):  # fmt: skip
        return pa.int64()
    return pa.string()


class ParquetSink(StreamSink):
    """One Parquet part per chunk and table; a part is renamed into place whole, then the chunk committed."""

    files = ()

    def __init__(self, path: str | Path, header: dict[str, Any], columns: dict[str, list[str]]) -> None:
        super().__init__(path, header)
        try:
            import pyarrow as pa
        except ImportError as err:
            raise OutputError(
                "--format parquet needs pyarrow; install it with pip install 'slant[parquet]' (or pyarrow)"
            ) from err
        self.schemas = {t: pa.schema([(c, _arrow_type(c)) for c in cols]) for t, cols in columns.items()}

    @property
    def record_path(self) -> Path:
        return self.path / "slant-run.json"

    def _parts(self, table: str) -> list[Path]:
        return sorted((self.path / table).glob("part-*.parquet"))

    def _fresh(self) -> None:
        for table in TABLES:
            (self.path / table).mkdir(parents=True, exist_ok=True)
            for part in self._parts(table):
                part.unlink()

    def _cut_back(self) -> None:
        for table in TABLES:
            (self.path / table).mkdir(parents=True, exist_ok=True)
            for part in self._parts(table):
                if int(part.stem.split("-")[1]) >= self.chunks:  # written by the chunk in flight
                    part.unlink()
            for tmp in (self.path / table).glob(".part-*"):
                tmp.unlink()

    def _append(self, results: list[dict[str, Any]]) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        tables = tidy_rows(results)
        for name in TABLES:
            schema = self.schemas[name]
            table = pa.Table.from_pylist(tables[name], schema=schema)
            final = self.path / name / f"part-{self.chunks:06d}.parquet"
            tmp = final.with_name(f".{final.name}.tmp")
            pq.write_table(table, tmp)
            with open(tmp, "rb") as fh:
                os.fsync(fh.fileno())
            os.replace(tmp, final)

    def _done_ids(self) -> set[str]:
        import pyarrow.parquet as pq

        key = "articles" if self.header["unit"] == "article" else "sentences"
        done: set[str] = set()
        for part in self._parts(key):
            done.update(pq.read_table(part, columns=["article_id"]).column(0).to_pylist())
        return done


_UNSAFE_NAME = re.compile(r"[^\w.-]+")


def page_name(article_id: str) -> str:
    """``<readable part of the id>-<8 hex of its hash>.html``: safe on every filesystem, unique per id."""
    slug = _UNSAFE_NAME.sub("_", article_id).strip("._")[-80:] or "article"
    return f"{slug}-{hashlib.sha256(article_id.encode()).hexdigest()[:8]}.html"


class HtmlDirSink(StreamSink):
    files = ("index",)

    @property
    def record_path(self) -> Path:
        return self.path / "slant-run.json"

    def file(self, name: str) -> Path:
        return self.path / "index.jsonl"

    def _fresh(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        super()._fresh()

    def _append(self, results: list[dict[str, Any]]) -> None:
        from slant.predict.render_html import to_html

        lines = []
        for r in results:
            name = page_name(str(r["id"]))
            write_atomic(self.path / name, to_html([r]))
            summary = r.get("summary") or {}
            lines.append(json.dumps({"id": r["id"], "file": name, "title": r.get("title"), "outlet": r.get("outlet"),
                                     "n_sentences": summary.get("n_sentences"),
                                     "bias_share": summary.get("bias_share")}, ensure_ascii=False) + "\n")  # fmt: skip
        self._append_bytes("index", "".join(lines).encode("utf-8"))

    def _done_ids(self) -> set[str]:
        with open(self.file("index"), "rb") as fh:
            return {str(json.loads(line)["id"]) for line in fh}


def open_sink(
    fmt: str, path: str | Path, header: dict[str, Any], columns: dict[str, list[str]]
) -> StreamSink:
    """The streaming sink of ``fmt`` at ``path`` (see the module docstring)."""
    if fmt == "jsonl":
        return JsonlSink(path, header)
    if fmt == "csv":
        return CsvSink(path, header, columns)
    if fmt == "parquet":
        return ParquetSink(path, header, columns)
    if fmt == "html":
        return HtmlDirSink(path, header)
    raise ValueError(f"format {fmt!r} does not stream; expected one of {STREAM_FORMATS}")
