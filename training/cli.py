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
        out = train(config, resume=args.resume, command="slant train " + " ".join(argv or sys.argv[1:]))
    except (ValueError, FileNotFoundError) as err:
        print(f"slant train: error: {err}", file=sys.stderr)
        return 1
    export_default_backend(out)
    return 0


def export_default_backend(model_dir) -> None:  # type: ignore[no-untyped-def]
    """Export the ONNX fp32 graph (the default backend of predict, compare, serve) into the model directory once,
    so no later command has to; without slant[onnx] the first ONNX use would do it."""
    from slant.extras import has

    if not has("onnx"):
        print("slant train: ONNX export skipped (pip install 'slant[onnx]' for the faster default backend)")
        return
    from slant.model.onnx import export_onnx

    path = export_onnx(model_dir, quantize=False)
    print(f"slant train: exported {path} (the default ONNX Runtime backend)")
