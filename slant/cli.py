"""The `slant` command: a thin dispatcher over each package's own `main(argv)`.

Example:
    $ slant predict article.html --format html -o article.html
"""

from __future__ import annotations

import importlib
import os
import sys

# subcommand -> (module with main(argv), one-line help)
COMMANDS: dict[str, tuple[str, str]] = {
    "data": ("slant.data.cli", "prepare the corpora, print statistics, write data cards"),
    "train": ("slant.training.cli", "train the multi-task model"),
    "evaluate": ("slant.eval.cli", "evaluate a model on the published test protocols"),
    "predict": ("slant.predict.cli", "label the sentences of articles and profile them"),
    "compare": ("slant.compare.cli", "compare framing, bias and stance across outlets"),
    "stance-suite": ("slant.eval.suite", "score a model on the stance behavioural suite"),
    "bench": ("slant.eval.bench", "measure prediction speed against a naive pipeline loop"),
    "pages": ("slant.eval.pages", "score cleaning, titles and targets on the page suite (no model needed)"),
    "serve": ("slant.serve.cli", "a local web service and page over one model (slant[serve])"),
}


def set_offline_defaults() -> None:
    """Never reach for the Hugging Face hub unless the user asked for it explicitly."""
    for var in ("HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE", "HF_DATASETS_OFFLINE"):
        os.environ.setdefault(var, "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def usage() -> str:
    lines = ["usage: slant <command> [options]", "", "commands:"]
    lines += [f"  {name:<12} {help_}" for name, (_, help_) in COMMANDS.items()]
    lines += ["", "Run `slant <command> --help` for a command's options."]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or argv[0] in ("-h", "--help", "help"):
        print(usage())
        return 0
    if argv[0] in ("-V", "--version"):
        from slant import __version__

        print(f"slant {__version__}")
        return 0
    name, rest = argv[0], argv[1:]
    if name not in COMMANDS:
        print(f"slant: unknown command {name!r}; expected one of {', '.join(COMMANDS)}", file=sys.stderr)
        return 2
    set_offline_defaults()
    module = importlib.import_module(COMMANDS[name][0])
    return int(module.main(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
