"""One config mechanism for every command: a typed frozen dataclass whose fields make the flags.

`add_options(parser, Config)` adds one flag per field (its ``metadata["help"]``; ``metadata["flag"]`` renames
the flag, ``metadata["cli"] = False`` keeps a field off the command line) plus ``--config FILE``;
`options_from_args(Config, args)` reads the file's values, then the flags given, so a JSON/YAML file and the same
values as flags make the same config. The command then validates them by building the dataclass.

Field types map to flags: bool -> ``--x`` / ``--x false`` / ``--no-x``; ``tuple[T, ...]`` -> ``--x A B``;
``dict[str, float]`` -> ``--x KEY=NUMBER ...``; ``int``/``float``/``str`` (optionally ``| None``) -> ``--x V``.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
from pathlib import Path
from typing import Any

_CONV = {"int": int, "float": float, "str": str}


def kind(f: dataclasses.Field) -> str:
    """A field's type as written ("int", "tuple[str, ...]", "dict[str, float]", "int | None")."""
    return f.type if isinstance(f.type, str) else f.type.__name__


def flag(f: dataclasses.Field) -> str:
    return f.metadata.get("flag") or "--" + f.name.replace("_", "-")


def cli_fields(cls: type) -> list[dataclasses.Field]:
    return [f for f in dataclasses.fields(cls) if f.metadata.get("cli", True)]


def truthy(value: str) -> bool:
    low = str(value).lower()
    if low in ("1", "true", "yes", "on"):
        return True
    if low in ("0", "false", "no", "off"):
        return False
    raise argparse.ArgumentTypeError(f"{value!r} is not a yes/no value; expected true or false")


def add_options(parser: argparse.ArgumentParser, cls: type, *, config_file: bool = True) -> None:
    """One flag per field of ``cls`` (default None = not given), plus ``--config FILE``."""
    if config_file:
        parser.add_argument(
            "--config", help=f"JSON or YAML file of {cls.__name__} options; flags override it"
        )
    for f in cli_fields(cls):
        name, k, help_ = flag(f), kind(f), f.metadata.get("help", "").replace("%", "%%")
        extra = {"choices": f.metadata["choices"]} if "choices" in f.metadata else {}
        if k == "bool":
            parser.add_argument(
                name, nargs="?", const=True, type=truthy, default=None, dest=f.name, help=help_
            )
            parser.add_argument(
                "--no-" + name[2:], dest=f.name, action="store_false", default=None, help=argparse.SUPPRESS
            )
        elif k.startswith("tuple"):
            inner = k[k.index("[") + 1 :].split(",")[0].strip()
            parser.add_argument(
                name, nargs="+", type=_CONV.get(inner, str), default=None, dest=f.name, help=help_, **extra
            )
        elif k.startswith("dict"):
            parser.add_argument(name, nargs="+", default=None, dest=f.name, help=help_)
        else:
            conv = _CONV.get(k.split("|")[0].strip(), str)
            parser.add_argument(name, type=conv, default=None, dest=f.name, help=help_, **extra)


def options_from_args(cls: type, args: argparse.Namespace) -> dict[str, Any]:
    """The file's values (``--config``), then every flag given, as field name -> value (not yet validated)."""
    values: dict[str, Any] = read_config_file(args.config, cls) if getattr(args, "config", None) else {}
    for f in cli_fields(cls):
        value = getattr(args, f.name, None)
        if value is not None:
            values[f.name] = parse_pairs(f.name, value) if kind(f).startswith("dict") else value
    return values


def build(cls: type, values: dict[str, Any]) -> Any:
    """``cls(**values)``, refusing names that are not its fields (with the ones it has)."""
    known = {f.name for f in dataclasses.fields(cls)}
    unknown = sorted(set(values) - known)
    if unknown:
        raise ValueError(f"unknown option(s) {unknown}; expected any of {sorted(known)}")
    return cls(**values)


def read_config_file(path: str | Path, cls: type | None = None) -> dict[str, Any]:
    """A JSON or YAML mapping of option names to values."""
    what = f"{cls.__name__} fields" if cls else "options"
    path = Path(path)
    if not path.is_file():
        raise ValueError(f"config file {path} not found; expected a .json or .yaml file of {what}")
    text = path.read_text(encoding="utf-8")
    if path.suffix in (".yaml", ".yml"):
        import yaml

        data = yaml.safe_load(text)
    else:
        data = json.loads(text)
    if not isinstance(data, dict):
        raise ValueError(
            f"config file {path}: expected a mapping of option names to values, found {type(data).__name__}"
        )
    return data


def parse_pairs(name: str, items: list[str] | dict[str, float]) -> dict[str, float]:
    """["bias=0.5", "frames_gvfc=2"] -> {"bias": 0.5, "frames_gvfc": 2.0}; a malformed item says what it expected."""
    if isinstance(items, dict):
        return items
    out: dict[str, float] = {}
    for item in items:
        key, sep, value = item.partition("=")
        try:
            if not sep:
                raise ValueError
            out[key.strip()] = float(value)
        except ValueError:
            raise ValueError(f"{name}: {item!r} is not KEY=NUMBER; expected e.g. bias=0.6") from None
    return out
