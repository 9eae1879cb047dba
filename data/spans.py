"""Character spans shared by the data loaders and the model's input encoding (no dependencies)."""

from __future__ import annotations

Span = tuple[int, int]


def apart_from(main: Span, others: list[Span]) -> list[Span]:
    """`others` (sorted, deduplicated) minus any span that overlaps `main` or an earlier kept one.

    >>> apart_from((0, 5), [(30, 33), (2, 4), (31, 35), (30, 33)])
    [(30, 33)]
    """
    kept: list[Span] = []
    for start, end in sorted(set(others)):
        if all(end <= s or start >= e for s, e in [main, *kept]):
            kept.append((start, end))
    return kept
