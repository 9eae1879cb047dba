"""Reading what users hand to `slant predict`: files, directories, stdin, JSONL; every bad input reported.

Nothing here raises on bad user input. Each reader returns what it could read plus a list of
:class:`Problem` (one line each, naming the input); the CLI prints them and sets the exit code.

Example:
    >>> batch = read_articles(["examples/article.txt"])  # doctest: +SKIP
    >>> batch.articles[0]["id"], batch.problems
    ('examples/article.txt', [])
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from slant.text.clean import decode_bytes, looks_binary

TEXT_SUFFIXES: tuple[str, ...] = (".txt",)
HTML_SUFFIXES: tuple[str, ...] = (".html", ".htm")
JSONL_SUFFIXES: tuple[str, ...] = (".jsonl",)
SUFFIXES: tuple[str, ...] = TEXT_SUFFIXES + HTML_SUFFIXES + JSONL_SUFFIXES
# Anything larger is not an article (a database dump, a video...): refuse it instead of reading it into memory.
MAX_INPUT_BYTES = 256 * 1024 * 1024
STDIN = "-"
ARTICLE_FIELDS: tuple[str, ...] = ("id", "title", "outlet", "url", "date")


@dataclass(frozen=True)
class Problem:
    """Something wrong with one input.

    Attributes:
        source: The input it concerns (a path, ``path:line`` or ``stdin``).
        message: What was expected and what was found, one line.
        fatal: True when nothing usable came from the input (an error), False for a warning.
    """

    source: str
    message: str
    fatal: bool = False

    def line(self, command: str = "slant predict") -> str:
        """The one-line message printed on stderr."""
        kind = "error" if self.fatal else "warning"
        return f"{command}: {kind}: {self.source}: {' '.join(self.message.split())}"


@dataclass
class InputBatch:
    """Records read from the inputs, and the problems met.

    Attributes:
        articles: Article dicts (``text`` or ``html``; ``id``, ``source``, optional ``title``/``outlet``/``url``/
            ``date``; ``warnings`` from reading) or, in sentence mode, ``{"id", "text", "targets", "source"}``.
        problems: Warnings and errors, in the order met.
        sources: Every input source named (paths expanded from directories), for the exit code.
    """

    articles: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)

    @property
    def failed_sources(self) -> set[str]:
        return {p.source for p in self.problems if p.fatal}


def expand_paths(paths: Sequence[str], problems: list[Problem]) -> list[str]:
    """Files of the given paths, directories searched recursively for .txt/.html/.htm/.jsonl (sorted)."""
    out: list[str] = []
    for raw in paths:
        if raw == STDIN:
            out.append(STDIN)
            continue
        path = Path(raw)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not found:
                problems.append(Problem(raw, f"directory has no {'/'.join(SUFFIXES)} files", fatal=True))
            out.extend(str(p) for p in found)
        elif path.is_file():
            out.append(raw)
        elif path.exists():
            problems.append(Problem(raw, "not a regular file or directory", fatal=True))
        else:
            problems.append(Problem(raw, "no such file or directory", fatal=True))
    return out


def _read_bytes(source: str, stdin: BinaryIO | None) -> bytes:
    if source == STDIN:
        stream = stdin if stdin is not None else sys.stdin.buffer
        return stream.read(MAX_INPUT_BYTES + 1)
    with open(source, "rb") as fh:
        return fh.read(MAX_INPUT_BYTES + 1)


def read_text(source: str, problems: list[Problem], stdin: BinaryIO | None = None) -> str | None:
    """Read and decode one input; None (with an error recorded) when it is unreadable, empty or binary."""
    label = "stdin" if source == STDIN else source
    try:
        data = _read_bytes(source, stdin)
    except OSError as err:
        problems.append(Problem(label, f"cannot read ({err.strerror or err})", fatal=True))
        return None
    if len(data) > MAX_INPUT_BYTES:
        problems.append(
            Problem(
                label,
                f"larger than {MAX_INPUT_BYTES // 2**20} MiB; expected one article or a JSONL of articles",
                True,
            )
        )
        return None
    if not data.strip():
        problems.append(Problem(label, "is empty; expected article text, HTML or JSONL", fatal=True))
        return None
    if looks_binary(data):
        problems.append(
            Problem(
                label,
                "looks like a binary file (PDF, image, archive?); expected UTF-8 text, HTML or JSONL",
                True,
            )
        )
        return None
    text, warnings = decode_bytes(data)
    problems.extend(Problem(label, w) for w in warnings)
    return text


def looks_like_html(text: str) -> bool:
    """True for text that starts like an HTML document or fragment (used for stdin and JSONL ``text``)."""
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html", "<head", "<body", "<article", "<div", "<p>", "<p "))


def _jsonl_records(text: str, label: str, problems: list[Problem]) -> Iterable[tuple[int, dict[str, Any]]]:
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as err:
            problems.append(
                Problem(
                    f"{label}:line {lineno}", f"not valid JSON ({err.msg} at column {err.colno}); skipped"
                )
            )
            continue
        if not isinstance(obj, dict):
            problems.append(
                Problem(
                    f"{label}:line {lineno}", f"expected a JSON object, found {type(obj).__name__}; skipped"
                )
            )
            continue
        yield lineno, obj


def _article_from_record(
    obj: dict[str, Any], label: str, lineno: int, problems: list[Problem]
) -> dict[str, Any] | None:
    where = f"{label}:line {lineno}"
    body = {k: obj.get(k) for k in ("text", "html") if isinstance(obj.get(k), str) and obj.get(k).strip()}
    if not body:
        problems.append(Problem(where, "expected a non-empty string field 'text' or 'html'; skipped"))
        return None
    article: dict[str, Any] = {"source": where, "warnings": []}
    article.update(body if "text" in body else {"html": body["html"]})
    for key in ARTICLE_FIELDS:
        value = obj.get(key)
        if value is not None and not isinstance(value, dict | list):
            article[key] = str(value)
    names = obj.get("targets")
    if isinstance(names, list) and all(isinstance(n, str) for n in names):
        article["targets"] = names  # extra target names for this article
    article.setdefault("id", where)
    return article


def _articles_from_source(
    source: str, text: str, problems: list[Problem], warnings: list[str]
) -> list[dict[str, Any]]:
    label = "stdin" if source == STDIN else source
    suffix = Path(source).suffix.lower()
    if suffix in JSONL_SUFFIXES:
        out = [
            a
            for n, obj in _jsonl_records(text, label, problems)
            if (a := _article_from_record(obj, label, n, problems))
        ]
        for a in out:
            a["warnings"] = list(warnings)
        if not out:
            problems.append(
                Problem(label, "no usable JSONL line (expected objects with 'text' or 'html')", fatal=True)
            )
        return out
    article: dict[str, Any] = {"id": label, "source": label, "warnings": list(warnings)}
    is_html = suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES and looks_like_html(text))
    article["html" if is_html else "text"] = text
    return [article]


def read_articles(paths: Sequence[str], stdin: BinaryIO | None = None) -> InputBatch:
    """Read articles from files, directories (recursive), JSONL files and ``-`` (stdin).

    Args:
        paths: Input paths as given on the command line.
        stdin: Stream to read ``-`` from (defaults to ``sys.stdin.buffer``).

    Returns:
        The articles in input order, and every problem (missing path, empty, binary, undecodable bytes,
        malformed JSONL lines) with the input it concerns.
    """
    batch = InputBatch()
    for source in expand_paths(paths, batch.problems):
        batch.sources.append("stdin" if source == STDIN else source)
        n_problems = len(batch.problems)
        text = read_text(source, batch.problems, stdin)
        if text is not None:
            warnings = [
                p.message for p in batch.problems[n_problems:]
            ]  # decoding notes travel with the article
            batch.articles.extend(_articles_from_source(source, text, batch.problems, warnings))
    return batch


def _sentence_record(obj: dict[str, Any], where: str, max_targets: int | None = None) -> dict[str, Any]:
    """Validate one sentence-mode record; raises ValueError naming what is wrong (a span outside the text,
    overlapping targets, more than `max_targets` targets)."""
    text = obj.get("text")
    if not isinstance(text, str) or not text.strip():
        raise ValueError("expected a non-empty string field 'text'")
    targets = obj.get("targets", [])
    if not isinstance(targets, list):
        raise ValueError(f"expected 'targets' to be a list of {{start, end}}, found {type(targets).__name__}")
    if max_targets is not None and len(targets) > max_targets:
        raise ValueError(
            f"has {len(targets)} targets; expected at most {max_targets} per sentence (raise --max-targets, "
            "or split the targets over several records)"
        )
    spans: list[tuple[int, int]] = []
    mentions: list[list[tuple[int, int]]] = []
    for k, t in enumerate(targets):
        spans.append(_span(t, f"target {k}", len(text)))
        more = t.get("mentions", [])
        if not isinstance(more, list):
            raise ValueError(
                f"target {k}: expected 'mentions' to be a list of {{start, end}} (the target's other mentions), "
                f"found {type(more).__name__}"
            )
        mentions.append([_span(m, f"target {k} mention {j}", len(text)) for j, m in enumerate(more)])
    order = sorted(range(len(spans)), key=lambda k: spans[k])
    for a, b in zip(order, order[1:]):
        if spans[b][0] < spans[a][1]:
            raise ValueError(
                f"target {a} ({spans[a][0]}, {spans[a][1]}) and target {b} ({spans[b][0]}, {spans[b][1]}) overlap; "
                "expected separate spans, one per target"
            )
    rid = obj.get("id", where)
    return {
        "id": rid if isinstance(rid, str | int) else str(rid),
        "text": text,
        "targets": spans,
        "mentions": mentions,
        "source": where,
    }


def _span(t: Any, what: str, n_chars: int) -> tuple[int, int]:
    start = t.get("start") if isinstance(t, dict) else None
    end = t.get("end") if isinstance(t, dict) else None
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= n_chars):
        raise ValueError(
            f'{what} is {json.dumps(t)[:80]}; expected {{"start", "end"}} integers with '
            f"0 <= start < end <= {n_chars} (the text's length)"
        )
    return start, end


def read_sentences(
    paths: Sequence[str], stdin: BinaryIO | None = None, *, max_targets: int | None = None
) -> InputBatch:
    """Read sentence-mode JSONL (``{"id", "text", "targets": [{"start", "end"}]}`` per line), in input order.

    A target may list its other mentions in the sentence, ``"mentions": [{"start", "end"}]`` (pronouns, repeated
    names); "marker_coref" models mark them, others ignore them.

    A line that is not a JSON object is reported as a warning and skipped. A record that cannot be scored (no
    text, a target span outside the text, overlapping targets, more than `max_targets` targets) is reported as an
    error for that line and skipped; the other lines are kept either way.
    """
    batch = InputBatch()
    for source in expand_paths(paths, batch.problems):
        label = "stdin" if source == STDIN else source
        batch.sources.append(label)
        text = read_text(source, batch.problems, stdin)
        if text is None:
            continue
        n_before = len(batch.articles)
        for lineno, obj in _jsonl_records(text, label, batch.problems):
            where = f"{label}:line {lineno}"
            try:
                batch.articles.append(_sentence_record(obj, where, max_targets))
            except ValueError as err:
                batch.problems.append(Problem(where, f"{err}; skipped", fatal=True))
        if len(batch.articles) == n_before:
            batch.problems.append(
                Problem(label, "no usable sentence line (expected JSONL objects with 'text')", True)
            )
    return batch
