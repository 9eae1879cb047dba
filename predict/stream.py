"""Reading inputs lazily for `slant predict` at corpus scale: one file, one JSONL line at a time.

:func:`iter_records` yields article dicts (or sentence records for ``--unit sentence``) as it reads them: the files
of a directory one by one, a JSONL file or stdin line by line. Nothing is held beyond the record being read, so
a 40 GB JSONL dump streams in constant memory. Each bad input is reported to ``report`` as a
:class:`~slant.predict.inputs.Problem` naming the file or ``file:line N``, and reading goes on.

Stdin holds either one article (text or HTML) or JSONL: it is JSONL when its first non-blank line is a JSON
object.

Duplicate ids: every record gets an id (``id`` of a JSONL line, else ``path:line N``; a file's path). When an id
was already seen in this run, the record is reported and, with ``duplicates="suffix"`` (the default), scored
under ``<id>#<k>`` where k is its occurrence number (2 for the second, 3 for the third...; the next free k when
that id is itself taken); with ``duplicates="skip"`` it is not scored. The rule depends only on input order, so a
resumed run gives every record the same id as the first run did.

:func:`chunked` groups records into chunks by count and raw size; the boundaries depend only on the input, so a
resumed run scores the remaining chunks exactly as an uninterrupted run would.
"""

from __future__ import annotations

import codecs
import json
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any, BinaryIO

from slant.predict.inputs import (
    JSONL_SUFFIXES,
    MAX_INPUT_BYTES,
    STDIN,
    Problem,
    _article_from_record,
    _articles_from_source,
    _sentence_record,
    expand_paths,
    read_text,
)
from slant.text.encoding import decode_bytes

Report = Callable[[Problem], None]
DUPLICATES: tuple[str, ...] = ("suffix", "skip")
# A JSONL line longer than this is not an article; it is reported and skipped without being held in memory.
MAX_LINE_BYTES = 64 * 1024 * 1024


class IdRegistry:
    """Gives every record a unique id (see the module docstring for the rule)."""

    def __init__(self, duplicates: str = "suffix") -> None:
        if duplicates not in DUPLICATES:
            raise ValueError(f"duplicates={duplicates!r}; expected one of {DUPLICATES}")
        self.duplicates = duplicates
        self.seen: dict[str, int] = {}  # id -> occurrences

    def assign(self, record: dict[str, Any], report: Report) -> bool:
        """Set ``record["id"]`` to a unique id; False when the record is a duplicate to skip."""
        rid = str(record["id"])
        n = self.seen.get(rid, 0) + 1
        self.seen[rid] = n
        if n == 1:
            record["id"] = rid
            return True
        if self.duplicates == "skip":
            report(
                Problem(
                    record["source"], f"duplicate id {rid!r} (occurrence {n}); skipped (--duplicates skip)"
                )
            )
            return False
        k = n
        while f"{rid}#{k}" in self.seen:
            k += 1
        new = f"{rid}#{k}"
        self.seen[new] = 1
        report(Problem(record["source"], f"duplicate id {rid!r} (occurrence {n}); scored as {new!r}"))
        record["id"] = new
        return True


def _lines(stream: BinaryIO, label: str, report: Report) -> Iterator[tuple[int, str]]:
    """Decoded non-blank lines with their numbers; over-long lines are reported and skipped unread."""
    lineno = 0
    while True:
        raw = stream.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) > MAX_LINE_BYTES and not raw.endswith(b"\n"):
            while (rest := stream.readline(1 << 20)) and not rest.endswith(b"\n"):
                pass
            report(Problem(f"{label}:line {lineno}", f"longer than {MAX_LINE_BYTES // 2**20} MiB; skipped"))
            continue
        if lineno == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        if not raw.strip():
            continue
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError:
            text, notes = decode_bytes(raw)
            for note in notes:
                report(Problem(f"{label}:line {lineno}", note))
        yield lineno, text


def _jsonl(
    stream: BinaryIO, label: str, unit: str, report: Report, max_targets: int | None = None
) -> Iterator[dict[str, Any]]:
    usable = 0
    try:
        for lineno, line in _lines(stream, label, report):
            where = f"{label}:line {lineno}"
            try:
                obj = json.loads(line)
            except json.JSONDecodeError as err:
                report(Problem(where, f"not valid JSON ({err.msg} at column {err.colno}); skipped"))
                continue
            if not isinstance(obj, dict):
                report(Problem(where, f"expected a JSON object, found {type(obj).__name__}; skipped"))
                continue
            if unit == "sentence":
                try:
                    record = _sentence_record(obj, where, max_targets)
                except ValueError as err:  # a record that cannot be scored: an error (exit 1), the rest go on
                    report(Problem(where, f"{err}; skipped", fatal=True))
                    continue
            else:
                problems: list[Problem] = []
                record = _article_from_record(obj, label, lineno, problems)
                for p in problems:
                    report(p)
                if record is None:
                    continue
            usable += 1
            yield record
    except OSError as err:  # an I/O error mid-file: what was read is kept
        report(
            Problem(label, f"cannot read further ({err.strerror or err}); the lines before were kept", True)
        )
        return
    if not usable:
        what = "sentence line (expected JSONL objects with 'text')" if unit == "sentence" else "JSONL line"
        report(Problem(label, f"no usable {what} (expected objects with 'text' or 'html')", fatal=True))


def _stdin_records(
    stream: BinaryIO, unit: str, report: Report, max_targets: int | None = None
) -> Iterator[dict[str, Any]]:
    """JSONL when the first non-blank line is a JSON object (always for sentences), else one article."""
    head = b""
    while not head.strip():
        line = stream.readline(MAX_LINE_BYTES + 1)
        if not line:
            break
        head += line
    is_jsonl = unit == "sentence"
    if not is_jsonl:
        try:
            is_jsonl = isinstance(json.loads(head.strip().lstrip(codecs.BOM_UTF8)), dict)
        except (json.JSONDecodeError, UnicodeDecodeError):
            is_jsonl = False
    if is_jsonl:
        yield from _jsonl(_Prefixed(head, stream), "stdin", unit, report, max_targets)
        return
    problems: list[Problem] = []
    text = read_text(STDIN, problems, _Prefixed(head, stream))  # type: ignore[arg-type]
    for p in problems:
        report(p)
    if text is not None:
        yield from _articles_from_source(STDIN, text, [], [p.message for p in problems])


class _Prefixed:
    """A binary stream with ``head`` put back in front of it."""

    def __init__(self, head: bytes, stream: BinaryIO) -> None:
        self.head, self.stream = head, stream

    def readline(self, limit: int = -1) -> bytes:
        if self.head:
            # the head is whole lines already read; hand them back one at a time
            line, sep, rest = self.head.partition(b"\n")
            self.head = rest
            return line + sep
        return self.stream.readline(limit)

    def read(self, n: int = -1) -> bytes:
        head, self.head = self.head, b""
        return head + self.stream.read(n if n < 0 else max(0, n - len(head)))


def _source_records(
    source: str, unit: str, report: Report, stdin: BinaryIO | None, max_targets: int | None = None
) -> Iterator[dict[str, Any]]:
    if source == STDIN:
        yield from _stdin_records(stdin if stdin is not None else sys.stdin.buffer, unit, report, max_targets)
        return
    if unit == "sentence" or Path(source).suffix.lower() in JSONL_SUFFIXES:
        try:
            fh = open(source, "rb")  # noqa: SIM115 - closed below, after the lazy reading
        except OSError as err:
            report(Problem(source, f"cannot read ({err.strerror or err})", fatal=True))
            return
        with fh:
            yield from _jsonl(fh, source, unit, report, max_targets)  # type: ignore[arg-type]
        return
    problems: list[Problem] = []
    text = read_text(source, problems)
    for p in problems:
        report(p)
    if text is not None:
        yield from _articles_from_source(source, text, [], [p.message for p in problems])


def iter_records(
    paths: Sequence[str],
    *,
    unit: str = "article",
    report: Report,
    duplicates: str = "suffix",
    stdin: BinaryIO | None = None,
    max_targets: int | None = None,
) -> Iterator[dict[str, Any]]:
    """Records of the inputs, lazily, in input order, each with a unique ``id`` and its ``source``.

    Args:
        paths: Files, directories (searched recursively, sorted) and ``-`` for stdin.
        unit: ``article`` (article dicts, see :mod:`slant.predict.inputs`) or ``sentence`` (sentence records).
        report: Called with each problem as it is met.
        duplicates: ``suffix`` or ``skip`` (see the module docstring).
        stdin: Stream to read ``-`` from (default ``sys.stdin.buffer``).
        max_targets: Sentence records with more targets are reported and skipped (one line each).
    """
    problems: list[Problem] = []
    files = expand_paths(paths, problems)
    for p in problems:
        report(p)
    ids = IdRegistry(duplicates)
    for source in files:
        for record in _source_records(source, unit, report, stdin, max_targets):
            if ids.assign(record, report):
                yield record


def record_chars(record: dict[str, Any]) -> int:
    return len(record.get("text") or record.get("html") or "")


def chunked(
    records: Iterable[dict[str, Any]], size: int, max_chars: int = 4_000_000
) -> Iterator[list[dict[str, Any]]]:
    """Consecutive records, ``size`` at most per chunk, cut earlier once a chunk holds ``max_chars`` raw
    characters (so a chunk of long HTML pages stays small). Depends on the input only."""
    if size < 1:
        raise ValueError(f"chunk size {size} invalid; expected a positive number of records")
    chunk: list[dict[str, Any]] = []
    chars = 0
    for record in records:
        chunk.append(record)
        chars += record_chars(record)
        if len(chunk) >= size or chars >= max_chars:
            yield chunk
            chunk, chars = [], 0
    if chunk:
        yield chunk


def count_records(paths: Sequence[str], unit: str = "article") -> int | None:
    """How many records the inputs hold at most (files, plus non-blank JSONL lines), for the ETA; None with
    stdin. Reads JSONL files once, quickly, without parsing."""
    if STDIN in paths:
        return None
    total = 0
    for source in expand_paths(paths, []):
        if unit == "sentence" or Path(source).suffix.lower() in JSONL_SUFFIXES:
            try:
                with open(source, "rb") as fh:
                    total += sum(1 for line in fh if line.strip())
            except OSError:
                continue
        else:
            total += 1
    return total


__all__ = ["DUPLICATES", "MAX_INPUT_BYTES", "IdRegistry", "chunked", "count_records", "iter_records"]
