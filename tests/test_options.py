"""One config mechanism: every command's flags come from its dataclass, and a config file gives the same config."""

from __future__ import annotations

import argparse
import json

import pytest

from slant.compare.cli import CompareOptions
from slant.eval.bench import BenchConfig
from slant.eval.harness import EvalConfig
from slant.options import add_options, build, options_from_args

CASES = [
    (
        EvalConfig,
        {
            "model_dir": "m",
            "tasks": ["bias", "frames"],
            "bootstrap": 200,
            "progress": False,
            "c_grid": [0.5, 2.0],
        },
        [
            "--model",
            "m",
            "--tasks",
            "bias",
            "frames",
            "--bootstrap",
            "200",
            "--no-progress",
            "--c-grid",
            "0.5",
            "2",
        ],
    ),
    (
        BenchConfig,
        {"model": "m", "articles": 5, "quantize": False, "skip_naive": True},
        ["--model", "m", "--articles", "5", "--no-quantize", "--skip-naive"],
    ),
    (
        CompareOptions,
        {"outlets": "A,B", "max_sentences": 0, "alpha": 0.1, "time_bin": "", "topic_matched": True},
        ["--outlets", "A,B", "--max-sentences", "0", "--alpha", "0.1", "--time-bin", "", "--topic-matched"],
    ),
]


@pytest.mark.parametrize(("cls", "file_values", "flags"), CASES, ids=[c[0].__name__ for c in CASES])
def test_a_config_file_and_the_same_flags_make_the_same_config(tmp_path, cls, file_values, flags):
    parser = argparse.ArgumentParser()
    add_options(parser, cls)
    path = tmp_path / "options.json"
    path.write_text(json.dumps(file_values))
    from_file = build(cls, options_from_args(cls, parser.parse_args(["--config", str(path)])))
    from_flags = build(cls, options_from_args(cls, parser.parse_args(flags)))
    assert from_file == from_flags != cls()
    # flags override the file
    over = build(cls, options_from_args(cls, parser.parse_args(["--config", str(path), flags[0], "x"])))
    assert getattr(over, _field_of(cls, flags[0])) == "x"


def _field_of(cls, flag: str) -> str:
    from dataclasses import fields

    from slant.options import flag as flag_of

    return next(f.name for f in fields(cls) if flag_of(f) == flag)


def test_unknown_option_in_a_file_names_the_known_ones(tmp_path):
    path = tmp_path / "o.yaml"
    path.write_text("bootstrapp: 10\n")
    parser = argparse.ArgumentParser()
    add_options(parser, EvalConfig)
    with pytest.raises(ValueError, match=r"unknown option\(s\) \['bootstrapp'\]; expected any of"):
        build(EvalConfig, options_from_args(EvalConfig, parser.parse_args(["--config", str(path)])))
