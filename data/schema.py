"""The one row schema every task's DatasetDict shares."""

from __future__ import annotations

from typing import Any

import datasets

# id            unique within the source corpus
# text          sentence, headline or whole article (frames_semeval, leaning_* are articles)
# target_start  character offset of the target span in `text`, -1 when the row has no target
# target_end    exclusive end offset, -1 when no target
# mentions      the target's other mentions in `text` (NewsMTSC's further_mentions: pronouns, repeated names) as
#               flat [start, end, start, end, ...] character offsets; [] when none or unknown
# label         class index into the task's label tuple (data.labels), -1 when the task is multi-label
# frames        14-long multi-hot vector over FRAME_LABELS for frame tasks, [] otherwise
# outlet        outlet name when the corpus gives one, "" otherwise
# article_id    id of the article the text comes from ("" when unknown)
# source        registry name of the corpus the row comes from
FEATURES = datasets.Features(
    {
        "id": datasets.Value("string"),
        "text": datasets.Value("string"),
        "target_start": datasets.Value("int32"),
        "target_end": datasets.Value("int32"),
        "mentions": datasets.Sequence(datasets.Value("int32")),
        "label": datasets.Value("int32"),
        "frames": datasets.Sequence(datasets.Value("int8")),
        "outlet": datasets.Value("string"),
        "article_id": datasets.Value("string"),
        "source": datasets.Value("string"),
    }
)
COLUMNS: tuple[str, ...] = tuple(FEATURES)


def mention_spans(flat: list[int]) -> list[tuple[int, int]]:
    """The `mentions` column's flat offsets as (start, end) pairs.

    >>> mention_spans([3, 5, 9, 12])
    [(3, 5), (9, 12)]
    """
    return list(zip(flat[0::2], flat[1::2]))


def make_row(
    *,
    id: str,
    text: str,
    source: str,
    label: int = -1,
    frames: list[int] | None = None,
    target_start: int = -1,
    target_end: int = -1,
    mentions: list[tuple[int, int]] | None = None,
    outlet: str = "",
    article_id: str = "",
) -> dict[str, Any]:
    """Build one row in the shared schema, checking the target span against the text."""
    if target_start != -1 or target_end != -1:
        if not (0 <= target_start < target_end <= len(text)):
            raise ValueError(
                f"row {id!r} of {source}: target span ({target_start}, {target_end}) is outside its text "
                f"of length {len(text)}; expected 0 <= start < end <= len(text)"
            )
    for start, end in mentions or []:
        if not (0 <= start < end <= len(text)) or target_start == -1:
            raise ValueError(
                f"row {id!r} of {source}: further mention ({start}, {end}) is outside its text of length "
                f"{len(text)} or has no target; expected 0 <= start < end <= len(text) beside a target span"
            )
    return {
        "id": str(id),
        "text": text,
        "target_start": int(target_start),
        "target_end": int(target_end),
        "mentions": [int(x) for span in mentions or [] for x in span],
        "label": int(label),
        "frames": list(frames or []),
        "outlet": outlet or "",
        "article_id": str(article_id or ""),
        "source": source,
    }
