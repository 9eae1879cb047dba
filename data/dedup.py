"""Removing test texts from training data: exact matches and matches after case/whitespace normalisation."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def normalise(text: str) -> str:
    """Casefold and collapse every run of whitespace to one space.

    >>> normalise("  The  Senate\\nVOTED ")
    'the senate voted'
    """
    return " ".join(text.casefold().split())


def remove_overlap(
    rows: list[dict[str, Any]], held_out_texts: Iterable[str]
) -> tuple[list[dict[str, Any]], dict[str, int]]:
    """Drop rows whose text also occurs among ``held_out_texts``.

    Args:
        rows: training rows (schema dicts with a ``text`` key).
        held_out_texts: texts of a dev or test split.

    Returns:
        The kept rows, and counts ``{"exact": rows equal to a held-out text, "normalised": rows equal only after
        normalise()}``.

    >>> kept, counts = remove_overlap([{"text": "A b"}, {"text": "a  B"}, {"text": "c"}], ["A b"])
    >>> [r["text"] for r in kept], counts
    (['c'], {'exact': 1, 'normalised': 1})
    """
    exact = set(held_out_texts)
    norm = {normalise(t) for t in exact}
    kept, counts = [], {"exact": 0, "normalised": 0}
    for row in rows:
        if row["text"] in exact:
            counts["exact"] += 1
        elif normalise(row["text"]) in norm:
            counts["normalised"] += 1
        else:
            kept.append(row)
    return kept, counts


def drop_repeats(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], int]:
    """Keep the first row of each normalised text (callers order rows by preference); return kept and dropped count.

    Rows with a target span are keyed by (text, span), so one sentence's several targets all stay.
    """
    seen: set[tuple[str, int, int]] = set()
    kept = []
    for row in rows:
        key = (normalise(row["text"]), row.get("target_start", -1), row.get("target_end", -1))
        if key not in seen:
            seen.add(key)
            kept.append(row)
    return kept, len(rows) - len(kept)
