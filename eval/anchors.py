"""Published reference numbers (`anchors.yaml`, shipped as package data) to show beside our results."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

REQUIRED = ("id", "task", "test_set", "model", "metric", "metric_definition", "value", "source", "tag")
TAGS = ("P", "S")


def load_anchors(path: str | Path | None = None) -> list[dict[str, Any]]:
    """Read and check the anchors file (default: the packaged ``anchors.yaml``).

    Raises:
        ValueError: an entry lacks a required field, has an unknown tag or a non-numeric value (names the entry).

    >>> any(a["test_set"] == "babe" for a in load_anchors())
    True
    """
    import yaml

    if path is None:
        text = resources.files("slant.eval").joinpath("anchors.yaml").read_text(encoding="utf-8")
        where = "slant/eval/anchors.yaml"
    else:
        text, where = Path(path).read_text(encoding="utf-8"), str(path)
    raw = yaml.safe_load(text) or {}
    entries = raw.get("anchors")
    if not isinstance(entries, list):
        raise ValueError(f"{where}: expected a top-level 'anchors' list, found {type(entries).__name__}")
    seen: set[str] = set()
    for i, a in enumerate(entries):
        name = a.get("id", f"entry {i}") if isinstance(a, dict) else f"entry {i}"
        if not isinstance(a, dict):
            raise ValueError(f"{where}: {name} is {type(a).__name__}; expected a mapping")
        missing = [k for k in REQUIRED if a.get(k) in (None, "")]
        if missing:
            raise ValueError(f"{where}: anchor {name} lacks {missing}; every anchor needs {list(REQUIRED)}")
        if a["tag"] not in TAGS:
            raise ValueError(f"{where}: anchor {name} has tag {a['tag']!r}; expected one of {TAGS}")
        if not isinstance(a["value"], int | float):
            raise ValueError(f"{where}: anchor {name} has value {a['value']!r}; expected a number")
        if name in seen:
            raise ValueError(f"{where}: anchor id {name} appears twice; expected unique ids")
        seen.add(name)
    return entries


def anchors_for(anchors: list[dict[str, Any]], task: str, test_set: str) -> list[dict[str, Any]]:
    """The anchors of one task's test set, in file order."""
    return [a for a in anchors if a["task"] == task and a["test_set"] == test_set]
