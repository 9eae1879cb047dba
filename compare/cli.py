"""``slant compare``: framing, media bias and stance across outlets, with uncertainty and corrected tests.

Example:
    $ slant compare news.jsonl --model artifacts/model -o artifacts/compare --outlets "CNN,Fox News" --workers 2
    $ slant compare news.parquet --text-col body --outlet-col source --voice author -o artifacts/compare
    $ slant compare --demo --model artifacts/model --out artifacts/compare
"""

from __future__ import annotations

import argparse
import os
import sys

from slant.compare.analysis import StatsConfig
from slant.compare.columns import VOICES, ColumnMap
from slant.compare.corpus import CorpusError
from slant.compare.run import CompareConfig, run_compare
from slant.compare.scoring import ScoringError
from slant.compare.select import Selection
from slant.extras import MissingExtra
from slant.model.hub import default_model


def _names(value: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip()) if value else ()


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="slant compare", description=__doc__.split("\n")[0])
    p.add_argument(
        "inputs",
        nargs="*",
        help="corpus: .jsonl/.csv/.parquet files, an ABP data/jsons directory or data_jsons.tar.xz",
    )
    p.add_argument(
        "--model",
        default=default_model(),
        help="model directory or Hub id ('fake' for a dry run; default: $SLANT_MODEL or artifacts/model)",
    )
    p.add_argument(
        "-o",
        "--output",
        "--out",
        dest="out",
        default="artifacts/compare",
        help="output directory: summary.json/csv, report.html, tables/, plots/, cache/ (--out is an alias)",
    )
    p.add_argument(
        "--demo", action="store_true", help="six ABP outlets, two per leaning, from $SLANT_DATA_DIR"
    )
    g = p.add_argument_group("selection")
    g.add_argument("--outlets", help="comma-separated outlets to keep")
    g.add_argument("--topics", help="comma-separated topics to keep")
    g.add_argument("--since", help="keep articles dated on/after this ISO date")
    g.add_argument("--until", help="keep articles dated on/before this ISO date")
    g.add_argument("--max-per-outlet", type=int, default=0, help="seeded sample per outlet (0 = all)")
    g.add_argument(
        "--topic-matched",
        action="store_true",
        help="keep topics every outlet covers (same mix per outlet with --max-per-outlet)",
    )
    g.add_argument(
        "--min-articles", type=int, default=10, help="drop outlets with fewer articles (default 10)"
    )
    g.add_argument("--split", help="ABP split to keep, e.g. media/test")
    g.add_argument(
        "--voice",
        choices=VOICES,
        default="all",
        help="compare all sentences, only the author's prose, or only quoted speech (default: all)",
    )
    c = p.add_argument_group("corpus columns (JSONL, CSV, Parquet)")
    for field in ("id", "text", "html", "outlet", "title", "date", "topic", "leaning"):
        c.add_argument(f"--{field}-col", default=field, metavar="NAME", help=f"column holding the {field}")
    s = p.add_argument_group("scoring")
    s.add_argument(
        "--workers", type=int, default=os.cpu_count() or 1, help="worker processes (default: all cores)"
    )
    s.add_argument(
        "--scheduler", help="Dask: 'local', 'local:threads' or tcp://host:8786 (default: processes)"
    )
    s.add_argument(
        "--max-sentences",
        type=int,
        default=None,
        help="score the first N sentences per article (0 = all; demo 40)",
    )
    s.add_argument("--quantize", action="store_true", help="int8 dynamic quantisation of the encoder")
    s.add_argument(
        "--backend",
        choices=("onnx", "torch"),
        default=None,
        help="onnx (default when slant[onnx] is installed: ONNX Runtime fp32) or torch",
    )
    s.add_argument("--batch-size", type=int, default=64, help="sentences per encoder batch")
    s.add_argument("--no-progress", action="store_true", help="no progress bar")
    t = p.add_argument_group("statistics")
    t.add_argument("--bootstrap", type=int, default=1000, help="article bootstrap resamples (default 1000)")
    t.add_argument("--permutations", type=int, default=2000, help="permutations per test (default 2000)")
    t.add_argument("--seed", type=int, default=13, help="seed of sampling, bootstrap and permutations")
    t.add_argument(
        "--alpha", type=float, default=0.05, help="BH-adjusted p below which a difference is notable"
    )
    t.add_argument("--time-bin", default="M", choices=["", "W", "M", "Q", "Y"], help="time bins ('' = none)")
    return p


def config_from_args(a: argparse.Namespace) -> CompareConfig:
    """Turn parsed arguments into a validated :class:`CompareConfig` (ValueError on a bad value)."""
    max_sentences = a.max_sentences if a.max_sentences is not None else (40 if a.demo else 0)
    return CompareConfig(
        inputs=tuple(a.inputs), out=a.out, model=a.model,
        selection=Selection(outlets=_names(a.outlets), topics=_names(a.topics), since=a.since, until=a.until,
                            max_per_outlet=a.max_per_outlet, topic_matched=a.topic_matched,
                            min_articles=a.min_articles, seed=a.seed),
        stats=StatsConfig(n_boot=a.bootstrap, n_perm=a.permutations, seed=a.seed, alpha=a.alpha,
                          time_bin=a.time_bin, min_articles=a.min_articles),
        workers=a.workers, scheduler=a.scheduler, max_sentences=max_sentences, quantize=a.quantize,
        batch_size=a.batch_size, split=a.split, demo=a.demo, voice=a.voice, backend=a.backend,
        columns=ColumnMap(id=a.id_col, text=a.text_col, html=a.html_col, outlet=a.outlet_col, title=a.title_col,
                          date=a.date_col, topic=a.topic_col, leaning=a.leaning_col),
    )  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    """Entry point of ``slant compare``; returns the exit status (0 ok, 1 user/data error, 2 usage)."""
    args = build_parser().parse_args(argv)
    try:
        cfg = config_from_args(args)
        run_compare(cfg, progress=not args.no_progress, log=lambda m: print(m, file=sys.stderr))
    except (CorpusError, ScoringError, ValueError, OSError, MissingExtra) as exc:
        print(f"slant compare: error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
