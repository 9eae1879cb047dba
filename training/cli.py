"""`slant train`: flags (or --config FILE) -> TrainConfig -> train()."""

from __future__ import annotations

import argparse
import sys

from slant.training.config import add_arguments, config_from_args


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="slant train", description="Train the multi-task Slant model.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        config = config_from_args(args)
    except ValueError as err:
        print(f"slant train: error: {err}", file=sys.stderr)
        return 2
    from slant.training.loop import train

    try:
        train(config, resume=args.resume, command="slant train " + " ".join(argv or sys.argv[1:]))
    except (ValueError, FileNotFoundError) as err:
        print(f"slant train: error: {err}", file=sys.stderr)
        return 1
    return 0
