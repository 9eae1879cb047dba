"""``slant compare``: framing, media bias and stance across outlets, with uncertainty and corrected tests.

Example:
    $ slant compare news.jsonl --model artifacts/model --out artifacts/compare --outlets "CNN,Fox News" --workers 2
    $ slant compare --demo --model artifacts/model --out artifacts/compare
"""

from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass, field

from slant.compare.analysis import StatsConfig
from slant.compare.columns import VOICES, ColumnMap
from slant.compare.corpus import CorpusError
from slant.compare.run import CompareConfig, run_compare
from slant.compare.scoring import ScoringError
from slant.compare.select import Selection
from slant.extras import MissingExtra
from slant.model.defaults import BATCH_SIZE, BATCH_SIZE_BF16, PRECISIONS, check_precision
from slant.model.hub import default_model
from slant.options import add_options, build, options_from_args


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else ()


@dataclass(frozen=True)
class CompareOptions:
    """Every option of `slant compare` (the flags, or a --config file); `config_from_args` builds the nested
    `CompareConfig` from them and validates it."""

    inputs: tuple[str, ...] = field(default=(), metadata={"cli": False})  # positional
    model: str = field(
        default="",
        metadata={
            "help": "model directory or Hub id ('fake' for a dry run; default: $SLANT_MODEL or artifacts/model)"
        },
    )
    out: str = field(
        default="artifacts/compare",
        metadata={
            "help": "output directory: summary.json/csv, report.html, tables/, plots/, cache/ (-o, --output)"
        },
    )
    demo: bool = field(
        default=False, metadata={"help": "six ABP outlets, two per leaning, from $SLANT_DATA_DIR"}
    )
    # selection
    outlets: str = field(default="", metadata={"help": "comma-separated outlets to keep"})
    topics: str = field(default="", metadata={"help": "comma-separated topics to keep"})
    since: str | None = field(default=None, metadata={"help": "keep articles dated on/after this ISO date"})
    until: str | None = field(default=None, metadata={"help": "keep articles dated on/before this ISO date"})
    max_per_outlet: int = field(default=0, metadata={"help": "seeded sample per outlet (0 = all)"})
    topic_matched: bool = field(
        default=False,
        metadata={"help": "keep topics every outlet covers (same mix per outlet with --max-per-outlet)"},
    )
    min_articles: int = field(default=10, metadata={"help": "drop outlets with fewer articles (default 10)"})
    split: str | None = field(default=None, metadata={"help": "ABP split to keep, e.g. media/test"})
    voice: str = field(
        default="all",
        metadata={
            "help": "compare all sentences, only the author's prose, or only quoted speech (default: all)",
            "choices": list(VOICES),
        },
    )
    # corpus columns (JSONL, CSV, Parquet)
    id_col: str = field(default="id", metadata={"help": "column holding the id"})
    text_col: str = field(default="text", metadata={"help": "column holding the text"})
    html_col: str = field(default="html", metadata={"help": "column holding the html"})
    outlet_col: str = field(default="outlet", metadata={"help": "column holding the outlet"})
    title_col: str = field(default="title", metadata={"help": "column holding the title"})
    date_col: str = field(default="date", metadata={"help": "column holding the date"})
    topic_col: str = field(default="topic", metadata={"help": "column holding the topic"})
    leaning_col: str = field(default="leaning", metadata={"help": "column holding the leaning"})
    # scoring
    workers: int = field(
        default=os.cpu_count() or 1, metadata={"help": "worker processes (default: all cores)"}
    )
    scheduler: str | None = field(
        default=None,
        metadata={"help": "Dask: 'local', 'local:threads' or tcp://host:8786 (default: processes)"},
    )
    max_sentences: int | None = field(
        default=None, metadata={"help": "score the first N sentences per article (0 = all; demo 40)"}
    )
    quantize: bool = field(default=False, metadata={"help": "int8 dynamic quantisation of the encoder"})
    backend: str | None = field(
        default=None,
        metadata={
            "help": "onnx (default when slant[onnx] is installed: ONNX Runtime fp32) or torch",
            "choices": ["onnx", "torch"],
        },
    )
    precision: str = field(
        default="fp32",
        metadata={"help": "bf16: bfloat16 weights on the torch backend (fastest on CPUs with AMX or AVX512-BF16)",
                  "choices": list(PRECISIONS)},
    )  # fmt: skip
    batch_size: int | None = field(
        default=None,
        metadata={
            "help": f"sentences per encoder batch (default: {BATCH_SIZE}; {BATCH_SIZE_BF16} with bf16)"
        },
    )
    progress: bool = field(default=True, metadata={"help": "show a progress bar (--no-progress: none)"})
    # statistics
    bootstrap: int = field(default=1000, metadata={"help": "article bootstrap resamples (default 1000)"})
    permutations: int = field(default=2000, metadata={"help": "permutations per test (default 2000)"})
    seed: int = field(default=13, metadata={"help": "seed of sampling, bootstrap and permutations"})
    alpha: float = field(default=0.05, metadata={"help": "BH-adjusted p below which a difference is notable"})
    time_bin: str = field(
        default="M", metadata={"help": "time bins ('' = none)", "choices": ["", "W", "M", "Q", "Y"]}
    )


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="slant compare", description=__doc__.split("\n")[0])
    p.add_argument(
        "inputs",
        nargs="*",
        help="corpus: .jsonl/.csv/.parquet files, an ABP data/jsons directory or data_jsons.tar.xz",
    )
    add_options(p, CompareOptions)
    p.add_argument("-o", "--output", dest="out", default=None, help=argparse.SUPPRESS)  # aliases of --out
    return p


def config_from_args(a: argparse.Namespace) -> CompareConfig:
    """Turn parsed arguments (and any --config file) into a validated :class:`CompareConfig`."""
    values = options_from_args(CompareOptions, a)
    if a.inputs:
        values["inputs"] = tuple(a.inputs)
    o = build(CompareOptions, values)
    check_precision(o.precision, o.quantize, o.backend)
    max_sentences = o.max_sentences if o.max_sentences is not None else (40 if o.demo else 0)
    return CompareConfig(
        inputs=tuple(o.inputs), out=o.out, model=o.model or default_model(),
        selection=Selection(outlets=_names(o.outlets), topics=_names(o.topics), since=o.since, until=o.until,
                            max_per_outlet=o.max_per_outlet, topic_matched=o.topic_matched,
                            min_articles=o.min_articles, seed=o.seed),
        stats=StatsConfig(n_boot=o.bootstrap, n_perm=o.permutations, seed=o.seed, alpha=o.alpha,
                          time_bin=o.time_bin, min_articles=o.min_articles),
        workers=o.workers, scheduler=o.scheduler, max_sentences=max_sentences, quantize=o.quantize, precision=o.precision,
        batch_size=o.batch_size, split=o.split, demo=o.demo, voice=o.voice, backend=o.backend,
        columns=ColumnMap(id=o.id_col, text=o.text_col, html=o.html_col, outlet=o.outlet_col, title=o.title_col,
                          date=o.date_col, topic=o.topic_col, leaning=o.leaning_col),
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``slant compare``; returns the exit status (0 ok, 1 user/data error, 2 usage)."""
    args = build_parser().parse_args(argv)
    try:
        cfg = config_from_args(args)
        progress = options_from_args(CompareOptions, args).get("progress", True)
        run_compare(cfg, progress=progress, log=lambda m: print(m, file=sys.stderr))
    except (CorpusError, ScoringError, ValueError, OSError, MissingExtra) as exc:
        print(f"slant compare: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
