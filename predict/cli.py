"""`slant predict`: label every sentence of articles and profile them.

Exit codes: 0 every input gave a result; 1 some inputs gave nothing (the others' results are written);
2 usage error, bad model directory, unwritable output, or no input gave anything.

Example:
    $ slant predict examples/article.txt --model artifacts/model --format html -o artifacts/predict/article.html
    $ cat articles.jsonl | slant predict - --format jsonl --target "Harbor Council"
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from slant.predict.inputs import InputBatch, Problem, read_articles, read_sentences
from slant.predict.output import write_atomic, write_stream

FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "html")
CMD = "slant predict"
# Sentences per Predictor call: bounds memory on big directories while keeping length bucketing effective.
CHUNK_SENTENCES = 4096
MAX_TARGETS = 16  # slant.predict.pipeline.MAX_TARGETS (not imported here: the pipeline pulls in torch)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=CMD, description="Label every sentence of articles (bias, frames, stance toward targets) and profile them.",
        epilog="Exit codes: 0 all inputs scored; 1 some inputs failed (others written); 2 usage error or nothing scored.",
    )  # fmt: skip
    p.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="article files (.txt, .html/.htm, .jsonl), directories (searched recursively) or - for stdin",
    )
    p.add_argument(
        "--model", default="artifacts/model", help="saved Slant model directory (default: %(default)s)"
    )
    p.add_argument(
        "--format",
        choices=FORMATS,
        default=None,
        help="output format (default: json for articles, jsonl for --unit sentence)",
    )
    p.add_argument("-o", "--output", default=None, help="write here (atomically) instead of stdout")
    p.add_argument(
        "--target",
        action="append",
        default=[],
        metavar="NAME",
        help="a target name to look for besides those found automatically (repeatable)",
    )
    p.add_argument(
        "--unit",
        choices=("article", "sentence"),
        default="article",
        help='"sentence": JSONL of already split sentences {"id", "text", "targets": [{"start", "end"}]}; a target '
        'may add "mentions": [{"start", "end"}], its other mentions (read by marker_coref models)',
    )
    p.add_argument(
        "--quantize",
        action="store_true",
        help="int8 dynamic quantisation of the encoder (CPU; faster). Best with --backend onnx "
        "(per-channel scales; see docs/RESULTS.md for what it costs)",
    )
    p.add_argument(
        "--backend",
        choices=("torch", "onnx"),
        default="torch",
        help="torch (default) or onnx: ONNX Runtime, exported into the model directory on first use",
    )
    p.add_argument(
        "--batch-size", type=int, default=64, help="sentences per encoder batch (default: %(default)s)"
    )
    p.add_argument(
        "--max-sentences",
        type=int,
        default=2000,
        help="score at most this many sentences per article (default: %(default)s)",
    )
    p.add_argument(
        "--max-targets",
        type=int,
        default=MAX_TARGETS,
        help="targets marked in one pass (default: %(default)s); article sentences with more are scored in several "
        "passes, sentence-mode records with more are refused",
    )
    p.add_argument("-v", "--verbose", action="store_true", help="print timings on stderr")
    return p


def _say(problem: Problem) -> None:
    print(problem.line(CMD), file=sys.stderr)


def _score_isolated(
    score: Callable[[list[Any]], list[dict[str, Any]]],
    items: list[Any],
    sources: list[str],
    failed: list[Problem],
) -> list[dict[str, Any] | None]:
    """Score items in chunks; when a chunk fails, score its items one by one so one bad item loses only itself."""
    out: list[dict[str, Any] | None] = []
    for chunk in _chunks(items):
        try:
            out.extend(score(chunk))
            continue
        except Exception:  # noqa: BLE001 - isolate the culprit below, report it in one line
            pass
        for item in chunk:
            try:
                out.extend(score([item]))
            except Exception as err:  # noqa: BLE001
                failed.append(
                    Problem(sources[len(out)], f"scoring failed ({type(err).__name__}: {err})", True)
                )
                out.append(None)
    return out


def _chunks(items: list[Any]) -> Iterator[list[Any]]:
    chunk: list[Any] = []
    size = 0
    for item in items:
        n = len(getattr(item, "sentences", [None]))
        if chunk and size + n > CHUNK_SENTENCES:
            yield chunk
            chunk, size = [], 0
        chunk.append(item)
        size += n
    if chunk:
        yield chunk


def _prepare_all(pipe: Any, batch: InputBatch, problems: list[Problem]) -> tuple[list[Any], list[str]]:
    prepared, sources = [], []
    for article in batch.articles:
        source = article.get("source") or str(article.get("id"))
        try:
            prep = pipe.prepare(article)
        except Exception as err:  # noqa: BLE001 - one bad article never stops the batch
            problems.append(
                Problem(source, f"cannot prepare the article ({type(err).__name__}: {err})", True)
            )
            continue
        if not prep.sentences:  # nothing usable: one error line, the reason is the last warning
            problems.append(Problem(source, prep.warnings[-1], fatal=True))
            continue
        for w in prep.warnings[len(article.get("warnings") or []) :]:
            problems.append(Problem(source, w))
        if prep.sentences:
            prepared.append(prep)
            sources.append(source)
    return prepared, sources


def _render(fmt: str, unit: str, results: list[dict[str, Any]], single: bool) -> Iterator[str]:
    from slant.predict import render_csv, render_json

    if fmt == "jsonl":
        return render_json.to_jsonl(results)
    if fmt == "json":
        return render_json.to_json(results, single=single and unit == "article")
    if fmt == "csv":
        return render_csv.to_csv(results) if unit == "article" else render_csv.sentences_to_csv(results)
    from slant.predict.render_html import to_html

    return to_html(results)


def main(argv: list[str] | None = None) -> int:
    """Run `slant predict`; returns the exit code (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed by argparse
        return int(exc.code or 0)
    fmt = args.format or ("jsonl" if args.unit == "sentence" else "json")
    usage = None
    if args.unit == "sentence" and fmt == "html":
        usage = "--format html needs whole articles; use --unit article, or json/jsonl/csv for sentences"
    elif args.batch_size < 1:
        usage = f"--batch-size {args.batch_size} invalid; expected a positive number"
    elif args.max_sentences < 1:
        usage = f"--max-sentences {args.max_sentences} invalid; expected a positive number"
    elif not 1 <= args.max_targets <= 256:
        usage = f"--max-targets {args.max_targets} invalid; expected 1..256"
    elif args.paths.count("-") > 1:
        usage = "stdin (-) given more than once"
    if usage:
        print(f"{CMD}: error: {usage}", file=sys.stderr)
        return 2

    t0 = time.perf_counter()
    batch = (
        read_sentences(args.paths, max_targets=args.max_targets)
        if args.unit == "sentence"
        else read_articles(args.paths)
    )
    t_read = time.perf_counter()
    for problem in batch.problems:
        _say(problem)
    if not batch.articles:
        print(f"{CMD}: error: nothing to score in {len(args.paths)} input(s)", file=sys.stderr)
        return 2

    from slant.model import ModelDirError
    from slant.predict.pipeline import ArticlePipeline, PipelineConfig

    try:
        config = PipelineConfig(
            max_sentences=args.max_sentences,
            targets=tuple(t for t in args.target if t.strip()),
            max_targets=args.max_targets,
        )
        # torch's quantisation API warns about itself; stderr is kept for messages about the inputs.
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.ao")
            pipe = ArticlePipeline.from_pretrained(args.model, quantize=args.quantize, batch_size=args.batch_size,
                                                   config=config, progress=sys.stderr.isatty(),
                                                   backend=args.backend)  # fmt: skip
    except ModelDirError as err:
        message = " ".join(str(err).split())  # it names the directory already
        print(
            f"{CMD}: error: {message if args.model in message else f'{args.model}: {message}'}",
            file=sys.stderr,
        )
        return 2
    except Exception as err:  # noqa: BLE001 - a corrupt model dir raises assorted errors; say it in one line
        print(
            f"{CMD}: error: {args.model}: cannot load the model ({type(err).__name__}: {' '.join(str(err).split())})",
            file=sys.stderr,
        )
        return 2
    t_load = time.perf_counter()

    problems: list[Problem] = []
    if args.unit == "sentence":
        sources = [r["source"] for r in batch.articles]
        scored = _score_isolated(pipe.score_sentences, batch.articles, sources, problems)
        n_sentences = len(batch.articles)
    else:
        prepared, sources = _prepare_all(pipe, batch, problems)
        scored = _score_isolated(pipe.score_prepared, prepared, sources, problems)
        n_sentences = sum(len(p.sentences) for p in prepared)
    results = [r for r in scored if r is not None]
    for problem in problems:
        _say(problem)
    t_score = time.perf_counter()
    if not results:
        print(f"{CMD}: error: no input produced a result", file=sys.stderr)
        return 2

    chunks = _render(fmt, args.unit, results, single=len(batch.articles) == 1)
    try:
        if args.output:
            write_atomic(args.output, chunks)
        else:
            write_stream(chunks)
    except OSError as err:
        print(
            f"{CMD}: error: {args.output or 'stdout'}: cannot write ({err.strerror or err})", file=sys.stderr
        )
        return 2
    if args.verbose:
        where = f" to {Path(args.output)}" if args.output else ""
        print(f"{CMD}: {len(results)} result(s), {n_sentences} sentences{where}; reading {t_read - t0:.2f}s, "
              f"model load {t_load - t_read:.2f}s, cleaning+scoring {t_score - t_load:.2f}s "
              f"({n_sentences / max(t_score - t_load, 1e-9):.0f} sentences/s)", file=sys.stderr)  # fmt: skip
    failed = batch.failed_sources | {p.source for p in problems if p.fatal}
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
