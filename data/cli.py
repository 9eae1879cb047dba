"""`slant data stats`: prepare every task, print counts per corpus and split, write data cards and stats.json.

Example:
    $ slant data stats --out artifacts/data --tasks stance bias
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from slant.data.errors import DataError


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of `slant data`."""
    from slant.data.protocols import TASKS

    parser = argparse.ArgumentParser(prog="slant data", description="Prepare the corpora and describe them.")
    sub = parser.add_subparsers(dest="command", required=True)
    stats = sub.add_parser(
        "stats", help="print label counts and duplicates removed; write cards and stats.json"
    )
    stats.add_argument("--out", default="artifacts/data", help="output folder for cards/ and stats.json")
    stats.add_argument(
        "--tasks", nargs="+", default=list(TASKS), choices=list(TASKS), help="tasks to prepare"
    )
    stats.add_argument(
        "--data-dir", default=None, help="corpus mirror (default: $SLANT_DATA_DIR, else download)"
    )
    stats.add_argument("--cache-dir", default=None, help="DatasetDict cache (default: <out>/cache)")
    stats.add_argument("--seed", type=int, default=13, help="seed of the protocol splits")
    return parser


def run_stats(args: argparse.Namespace) -> int:
    """Build each task (warming the cache), print its table, then write the cards and stats.json."""
    from slant.data.cards import render_card
    from slant.data.protocols import TASKS
    from slant.data.registry import SOURCES, load_task

    out = Path(args.out)
    cache_dir = Path(args.cache_dir) if args.cache_dir else out / "cache"
    reports: dict[str, dict] = {}
    for task in args.tasks:
        _, rep = load_task(
            task, seed=args.seed, data_dir=args.data_dir, cache_dir=cache_dir, return_report=True
        )
        reports[task] = rep
        print(f"\n{task}  ({', '.join(TASKS[task].sources)})")
        for split in TASKS[task].splits:
            n = rep["sizes"][split]
            counts = ", ".join(f"{k} {v}" for k, v in rep["label_counts"][split].items())
            print(f"  {split:<16} {n:>6}  {counts}")
        for name, c in rep["dedup"].items():
            print(f"  removed {name}: " + ", ".join(f"{k} {v}" for k, v in c.items()))
        for src, exc in rep["exclusions"].items():
            for k, v in exc.items():
                print(f"  excluded ({src}) {k}: {v}")
    (out / "cards").mkdir(parents=True, exist_ok=True)
    used = sorted({s for t in args.tasks for s in TASKS[t].sources})
    written = 0
    for name in used:
        # Only the reports that parsed this corpus's release describe it (frames_prose reads SemEval and ABP
        # through its own annotation file and has a card of its own, below).
        built = [r for r in reports.values() if name in r.get("release", {})]
        if not built:
            continue
        card = render_card(SOURCES[name], built)
        (out / "cards" / f"{name}.md").write_text(card, encoding="utf-8")
        written += 1
    if "frames_prose" in args.tasks:  # our own annotation: its card adds agreement and the gold cross-check
        from slant.data.prose import prose_card, render_prose_card

        card = prose_card(args.data_dir, seed=args.seed)
        reports["frames_prose"]["card"] = card
        (out / "cards" / "frames_prose.md").write_text(render_prose_card(card), encoding="utf-8")
        written += 1
    (out / "stats.json").write_text(json.dumps(reports, indent=2, sort_keys=True), encoding="utf-8")
    print(f"\nwrote {written} data cards to {out / 'cards'} and {out / 'stats.json'}")
    return 0


def main(argv: list[str] | None = None) -> int:
    """Entry point of `slant data`; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return run_stats(args)
    except (DataError, OSError) as exc:
        print(f"slant data: error: {exc}", file=sys.stderr)
        return 1
