"""``slant serve``: the local web service and page over one model (needs ``pip install 'slant[serve]'``).

Example:
    $ slant serve --model artifacts/model            # then open http://127.0.0.1:8000/
    $ curl -s localhost:8000/v1/predict -H 'content-type: application/json' -d '{"text": "The council voted."}'
"""

from __future__ import annotations

import argparse
import dataclasses
import logging
import sys

from slant.extras import MissingExtra, require
from slant.model.defaults import PRECISIONS
from slant.model.hub import default_model

CMD = "slant serve"


def _flag_type(default: object) -> type:
    """A flag's value type from its default (a default of None, "chosen later", takes integers)."""
    return int if default is None else type(default)


def build_parser() -> argparse.ArgumentParser:
    from slant.serve.config import ServeConfig, flag

    p = argparse.ArgumentParser(prog=CMD, description="A local web service and page: paste an article, see its "
                                "labels; JSON API at /v1/predict, docs at /docs.")  # fmt: skip
    p.add_argument("--model", default=default_model(),
                   help="model directory or Hub id (default: $SLANT_MODEL, else artifacts/model)")  # fmt: skip
    p.add_argument("--backend", choices=("onnx", "torch"), default=None,
                   help="onnx (default when slant[onnx] is installed: ONNX Runtime fp32) or torch")  # fmt: skip
    p.add_argument(
        "--quantize", action="store_true", help="int8 weights (faster on CPU; see docs/RESULTS.md)"
    )
    p.add_argument("--precision", choices=PRECISIONS, default="fp32",
                   help="bf16: bfloat16 weights on the torch backend, fastest on CPUs with AMX or AVX512-BF16 "
                   "(default: %(default)s)")  # fmt: skip
    defaults = ServeConfig()
    for f in dataclasses.fields(ServeConfig):
        p.add_argument(flag(f.name), type=_flag_type(getattr(defaults, f.name)), default=getattr(defaults, f.name),
                       help=f"{f.metadata.get('help', '')}" + ("" if getattr(defaults, f.name) is None else " (default: %(default)s)"))  # fmt: skip
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the service until interrupted; returns the exit code (2: usage, missing extra or bad model)."""
    try:
        require("serve", CMD)
    except MissingExtra as err:
        print(f"{CMD}: error: {err}", file=sys.stderr)
        return 2
    from slant.serve.config import ServeConfig

    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        config = ServeConfig(**{f.name: getattr(args, f.name) for f in dataclasses.fields(ServeConfig)})
    except ValueError as err:
        print(f"{CMD}: error: {err}", file=sys.stderr)
        return 2
    import uvicorn

    from slant.api import Slant
    from slant.serve.app import create_app

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s", stream=sys.stderr)
    try:
        slant = Slant.from_pretrained(args.model, backend=args.backend, quantize=args.quantize,
                                      precision=args.precision,
                                      batch_size=config.batch_size, max_sentences=10**6)  # fmt: skip
    except Exception as err:  # noqa: BLE001 - a bad model dir raises assorted errors; say it in one line
        print(
            f"{CMD}: error: {args.model}: cannot load the model ({' '.join(str(err).split())})",
            file=sys.stderr,
        )
        return 2
    app = create_app(slant, config)
    print(
        f"{CMD}: {slant!r} on http://{config.host}:{config.port}/ (Ctrl-C stops)", file=sys.stderr, flush=True
    )
    uvicorn.run(app, host=config.host, port=config.port, log_level="warning", access_log=False)
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
