"""`slant predict`: label every sentence of articles and profile them, from one article to a whole archive.

Inputs are read lazily and scored in chunks (see ``slant.predict.stream`` and ``slant.predict.engine``). With
``--format jsonl/csv/parquet`` (and ``html`` for several articles) each chunk is written as soon as it is scored
and ``--resume`` continues a stopped run (see ``slant.predict.sinks``). ``json`` and a single HTML page are one
document: they are written once, at the end.

Exit codes: 0 every input gave a result; 1 some inputs gave nothing (the others' results are written);
2 usage error, bad model directory, unwritable output, or no input gave anything.

Example:
    $ slant predict examples/article.txt --model artifacts/model --format html -o artifacts/predict/article.html
    $ cat articles.jsonl | slant predict - --format jsonl --target "Harbor Council"
    $ slant predict archive.jsonl --format jsonl -o out.jsonl --backend onnx --quantize --resume --progress
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from slant.model.defaults import BATCH_SIZE, BATCH_SIZE_BF16, PRECISIONS, check_precision
from slant.model.hub import default_model
from slant.predict.inputs import STDIN, Problem
from slant.predict.output import write_atomic, write_stream
from slant.predict.stream import DUPLICATES

FORMATS: tuple[str, ...] = ("json", "jsonl", "csv", "parquet", "html")
CMD = "slant predict"
# Articles per chunk (cut earlier at CHUNK_CHARS raw characters): one model call, one commit of the output.
CHUNK_ARTICLES = 64
CHUNK_CHARS = 4_000_000
MAX_TARGETS = 16  # slant.predict.prepare.MAX_TARGETS (not imported here: keep the parser light)


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
        "--model",
        default=default_model(),
        help="model directory or Hugging Face Hub id (default: $SLANT_MODEL, else artifacts/model)",
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
        "--alias",
        action="append",
        default=[],
        metavar="NAME=ALIAS1,ALIAS2",
        help='merge these surface forms under one target name, e.g. --alias "Harbor Council=Council,HC" '
        "(repeatable; added to the built-in table of party and country forms)",
    )
    p.add_argument(
        "--alias-file",
        default=None,
        metavar="PATH",
        help="a file of aliases, one NAME=ALIAS1,ALIAS2 per line (# comments and blank lines allowed)",
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
        default=None,
        help="onnx (default when slant[onnx] is installed): ONNX Runtime fp32, exported into the model directory "
        "on first use; or torch",
    )
    p.add_argument(
        "--precision",
        choices=PRECISIONS,
        default="fp32",
        help="bf16: bfloat16 weights on the torch backend (chosen by it), the fastest path on CPUs with AMX or "
        "AVX512-BF16 units; scores differ from fp32 in the third decimal (default: %(default)s)",
    )
    p.add_argument(
        "--batch-size",
        type=int,
        default=None,
        help=f"sentences per encoder batch (default: {BATCH_SIZE}; {BATCH_SIZE_BF16} with --precision bf16)",
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
    g = p.add_argument_group("large inputs")
    g.add_argument("--resume", action="store_true",
                   help="continue a stopped jsonl/csv/parquet/html-folder output: skip the ids it holds (refused "
                        "when another model or other settings wrote it)")  # fmt: skip
    g.add_argument("--workers", type=int, default=1,
                   help="scoring processes (each loads the model once and gets cores/N threads; default 1: one "
                        "process, reading and cleaning overlapped with the model)")  # fmt: skip
    g.add_argument("--scheduler", default=None,
                   help="score on Dask: tcp://host:8786 (a running cluster), local (a LocalCluster of --workers "
                        "processes) or local:threads")  # fmt: skip
    g.add_argument("--threads", type=int, default=None, help="model threads per scoring process")
    g.add_argument("--chunk-size", type=int, default=None,
                   help=f"articles per chunk, scored together and written together (default {CHUNK_ARTICLES}, "
                        "or the resumed run's)")  # fmt: skip
    g.add_argument(
        "--duplicates",
        choices=DUPLICATES,
        default="suffix",
        help="a repeated id: 'suffix' scores it as id#2, id#3... (default); 'skip' keeps the first",
    )
    g.add_argument(
        "--progress",
        action="store_true",
        default=None,
        help="print articles/s, sentences/s and the ETA on stderr (default: when stderr is a terminal)",
    )
    g.add_argument("--no-progress", dest="progress", action="store_false", help="never print progress")
    return p


def _read_aliases(entries: list[str], path: str | None) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """``--alias-file`` entries, then ``--alias`` ones (a later entry for the same form wins)."""
    from slant.text.aliases import parse_alias, read_alias_file

    found = list(read_alias_file(path)) if path else []
    found += [parse_alias(entry) for entry in entries]
    return tuple(found)


def _usage(args: argparse.Namespace, fmt: str, folder: bool) -> str | None:
    if args.unit == "sentence" and fmt == "html":
        return "--format html needs whole articles; use --unit article, or json/jsonl/csv for sentences"
    for name in ("batch_size", "max_sentences", "workers", "threads", "chunk_size"):
        value = getattr(args, name)
        if value is not None and value < 1:
            return f"--{name.replace('_', '-')} {value} invalid; expected a positive number"
    if not 1 <= args.max_targets <= 256:
        return f"--max-targets {args.max_targets} invalid; expected 1..256"
    if args.paths.count(STDIN) > 1:
        return "stdin (-) given more than once"
    if fmt == "parquet" and not args.output:
        return "--format parquet needs -o DIR (a folder of Parquet parts per table)"
    if args.resume and not (args.output and (fmt in ("jsonl", "csv", "parquet") or folder)):
        return ("--resume needs -o with --format jsonl, csv, parquet, or html into a folder; json and single "
                "pages are written once at the end")  # fmt: skip
    return None


def _html_folder(args: argparse.Namespace, fmt: str) -> bool:
    """``--format html -o OUT`` writes one page per article into folder OUT unless OUT names an .html file."""
    return fmt == "html" and bool(args.output) and Path(args.output).suffix.lower() not in (".html", ".htm")


def _document(fmt: str, unit: str, results: list[dict[str, Any]], single: bool) -> Iterator[str]:
    from slant.predict import render_json

    if fmt == "json":
        return render_json.to_json(results, single=single and unit == "article")
    from slant.predict.render_html import to_html

    return to_html(results)


class _Stdout:
    """jsonl and csv (the sentences table) to stdout, chunk by chunk."""

    def __init__(self, fmt: str, columns: dict[str, list[str]]) -> None:
        self.fmt, self.columns, self.started = fmt, columns, False

    def write(self, results: list[dict[str, Any]]) -> None:
        from slant.predict import render_json
        from slant.predict.sinks import _csv_text
        from slant.predict.tables import tidy_rows

        if self.fmt == "jsonl":
            text = "".join(render_json.to_jsonl(results))
        else:
            text = _csv_text(
                self.columns["sentences"], tidy_rows(results)["sentences"], not self.started
            ).decode()
        self.started = True
        write_stream([text])


def _say(problem: Problem, progress: Any = None) -> None:
    if progress is not None:
        progress.clear()
    print(problem.line(CMD), file=sys.stderr)


def _fail(message: str) -> int:
    print(f"{CMD}: error: {' '.join(message.split())}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    """Run `slant predict`; returns the exit code (see the module docstring)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # --help (0) or a usage error (2), already printed by argparse
        return int(exc.code or 0)
    fmt = args.format or ("jsonl" if args.unit == "sentence" else "json")
    folder = _html_folder(args, fmt)
    if usage := _usage(args, fmt, folder):
        return _fail(usage)
    try:
        aliases = _read_aliases(args.alias, args.alias_file)
    except (ValueError, OSError) as err:  # AliasError names the entry or file line and the expected form
        return _fail(
            str(err)
            if isinstance(err, ValueError)
            else f"{args.alias_file}: cannot read ({err.strerror or err})"
        )

    from slant.extras import default_backend
    from slant.model import ModelDirError
    from slant.model.hub import ModelNotFound, resolve_model
    from slant.predict.engine import PipelineFactory, model_identity, score_chunks, worker_chunk_scorer
    from slant.predict.progress import Progress, peak_rss_mb
    from slant.predict.sinks import OutputError, open_sink, table_columns
    from slant.predict.stream import chunked, count_records, iter_records

    t0 = time.perf_counter()
    try:
        check_precision(args.precision, args.quantize, args.backend)
    except ValueError as err:
        return _fail(str(err))
    args.backend = args.backend or default_backend(args.precision)
    try:
        args.model = str(resolve_model(args.model))  # a Hub id becomes its snapshot in the HF cache
        ident = model_identity(
            args.model, backend=args.backend, quantize=args.quantize, precision=args.precision
        )
    except ModelNotFound as err:
        return _fail(str(err))
    except ModelDirError as err:
        message = " ".join(str(err).split())  # it names the directory already
        return _fail(message if args.model in message else f"{args.model}: {message}")
    except Exception as err:  # noqa: BLE001 - a corrupt model dir raises assorted errors; say it in one line
        return _fail(f"{args.model}: cannot load the model ({type(err).__name__}: {err})")
    labels = ident.pop("labels")
    columns = table_columns(labels["frames"], labels["stance"])
    targets = tuple(t for t in args.target if t.strip())
    streaming = bool(args.output) and (fmt in ("jsonl", "csv", "parquet") or folder)
    sink, chunk_size = None, args.chunk_size
    if streaming:
        header = {"format": fmt, "unit": args.unit, "model": ident,
                  "settings": {"max_sentences": args.max_sentences, "targets": list(targets),
                               "aliases": [[name, list(forms)] for name, forms in aliases],
                               "max_targets": args.max_targets,
                               "duplicates": args.duplicates}}  # fmt: skip
        try:
            sink = open_sink(fmt, args.output, header, columns)
            previous = sink.read_record() if args.resume else None
            if previous:  # refuse before loading the model
                sink.check_resumable(previous)
                chunk_size = chunk_size or previous.get("chunk_size")
        except OutputError as err:
            return _fail(str(err))
        chunk_size = chunk_size or CHUNK_ARTICLES
        header["chunk_size"] = chunk_size
    chunk_size = chunk_size or CHUNK_ARTICLES

    # An absolute path: worker processes and Dask workers may start elsewhere (the same path on every machine).
    factory = PipelineFactory(str(Path(args.model).resolve()), backend=args.backend, quantize=args.quantize, batch_size=args.batch_size,
                              max_sentences=args.max_sentences, targets=targets, unit=args.unit,
                              threads=args.threads, aliases=aliases, max_targets=args.max_targets,
                              precision=args.precision)  # fmt: skip
    scorer = None
    if args.workers == 1 and not args.scheduler:
        try:
            scorer = worker_chunk_scorer(factory, args.threads)
        except Exception as err:  # noqa: BLE001
            return _fail(f"{args.model}: cannot load the model ({type(err).__name__}: {err})")
    t_load = time.perf_counter()
    done: set[str] = set()
    out: Any = _Stdout(fmt, columns) if fmt in ("jsonl", "csv") and not args.output else None
    try:
        if sink is not None:
            done = sink.start(args.resume)
            out = sink
    except OutputError as err:
        return _fail(str(err))

    enabled = args.progress if args.progress is not None else sys.stderr.isatty()
    progress = Progress(count_records(args.paths, args.unit) if enabled else None, enabled=enabled,
                        skipped=len(done))  # fmt: skip
    failed: set[str] = set()

    def report(problem: Problem) -> None:
        if problem.fatal:
            failed.add(problem.source)
        _say(problem, progress)

    records = iter_records(
        args.paths, unit=args.unit, report=report, duplicates=args.duplicates, max_targets=args.max_targets
    )
    chunks = (
        kept
        for c in chunked(records, chunk_size, CHUNK_CHARS)
        if (kept := [r for r in c if r["id"] not in done])
    )
    collected: list[dict[str, Any]] = []
    stats = {
        "articles": 0,
        "sentences": 0,
        "unique_sentences": 0,
        "records": 0,
        "prepare_s": 0.0,
        "score_s": 0.0,
    }
    try:
        for chunk, rep in score_chunks(chunks, factory, workers=args.workers, scheduler=args.scheduler,
                                       scorer=scorer, threads=args.threads):  # fmt: skip
            results = []
            for outcome in rep.outcomes:
                for problem in outcome.problems:
                    report(problem)
                if outcome.result is not None:
                    results.append(outcome.result)
            if results and out is not None:
                out.write(results)
            elif results:
                collected.extend(results)
            stats["records"] += len(chunk)
            stats["articles"] += len(results)
            stats["sentences"] += rep.n_sentences
            stats["unique_sentences"] += rep.n_unique
            stats["prepare_s"] += rep.prepare_s
            stats["score_s"] += rep.score_s
            progress.update(len(results), rep.n_sentences)
    except OutputError as err:
        progress.clear()
        return _fail(str(err))
    except KeyboardInterrupt:
        progress.clear()
        kept = (
            f"; {sink.rows} results in complete chunks are kept in {args.output}, rerun with --resume"
            if sink
            else ""
        )
        print(f"{CMD}: interrupted{kept}", file=sys.stderr)
        return 130
    except (RuntimeError, ValueError, OSError) as err:  # a dead worker, an unreachable scheduler...
        progress.clear()
        kept = (
            f"; {sink.rows} results are kept in {args.output}, rerun with --resume to continue"
            if sink
            else ""
        )
        return _fail(f"scoring stopped: {err}{kept}")
    progress.close()
    t_score = time.perf_counter()
    if not stats["articles"] and not done:
        return _fail("no input produced a result")
    stats["seconds"] = round(t_score - t_load, 3)
    stats["peak_rss_mb"] = peak_rss_mb()
    try:
        if sink is not None:
            sink.finish({k: round(v, 3) if isinstance(v, float) else v for k, v in stats.items()})
        elif out is None:
            doc = _document(fmt, args.unit, collected, single=stats["records"] == 1)
            write_atomic(args.output, doc) if args.output else write_stream(doc)
    except (OSError, OutputError) as err:
        return _fail(f"{args.output or 'stdout'}: cannot write ({getattr(err, 'strerror', None) or err})")
    if args.verbose:
        n, dt = stats["sentences"], max(t_score - t_load, 1e-9)
        where = f" to {Path(args.output)}" if args.output else ""
        print(f"{CMD}: {stats['articles']} result(s), {n} sentences ({stats['unique_sentences']} distinct){where}; "
              f"model load {t_load - t0:.2f}s, reading+cleaning {stats['prepare_s']:.2f}s, model {stats['score_s']:.2f}s, "
              f"wall {dt:.2f}s ({stats['articles'] / dt:.2f} articles/s, {n / dt:.0f} sentences/s)",
              file=sys.stderr)  # fmt: skip
    return 1 if failed else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
