"""JSON and JSONL output of results (the result dicts are already JSON-ready: str, int, float, list, dict)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from typing import Any


def to_json(results: Sequence[dict[str, Any]], *, single: bool) -> Iterator[str]:
    """One JSON object when ``single`` (one article in), else a JSON array; pretty-printed, UTF-8 kept."""
    if single and len(results) == 1:
        yield json.dumps(results[0], ensure_ascii=False, indent=2) + "\n"
        return
    yield "[\n"
    for i, r in enumerate(results):
        sep = ",\n" if i < len(results) - 1 else "\n"
        yield "  " + json.dumps(r, ensure_ascii=False, indent=2).replace("\n", "\n  ") + sep
    yield "]\n"


def to_jsonl(results: Sequence[dict[str, Any]]) -> Iterator[str]:
    """One compact JSON object per line."""
    for r in results:
        yield json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n"
