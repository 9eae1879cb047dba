"""Turn sentences and their target spans into encoder inputs — shared by training, evaluation and prediction."""

from __future__ import annotations

from dataclasses import dataclass

import torch
from transformers import PreTrainedTokenizerBase

from slant.data.spans import Span, apart_from
from slant.model.config import TARGET_END, TARGET_START


@dataclass
class EncodedBatch:
    """Encoder inputs plus where each requested (text, span) landed.

    `slots[(i, j)] = (row, col)`: span j of text i is read at `target_positions[row, col]`.
    `text_rows[i]` is a row whose pooled vector represents text i (for bias and frames).
    """

    tensors: dict[str, torch.Tensor]
    slots: dict[tuple[int, int], tuple[int, int]]
    text_rows: list[int]


def mark_spans(text: str, spans: list[Span]) -> str:
    """Wrap each (non-overlapping, sorted) span in target markers.

    >>> mark_spans("Xi met Yoon.", [(0, 2), (7, 11)])
    '[TGT] Xi [/TGT] met [TGT] Yoon [/TGT].'
    """
    out, last = [], 0
    for start, end in spans:
        out += [text[last:start], f"{TARGET_START} ", text[start:end], f" {TARGET_END}"]
        last = end
    out.append(text[last:])
    return "".join(out)


def non_overlapping_groups(spans: list[Span]) -> list[list[int]]:
    """Greedily split span indices into groups whose spans do not overlap (each group is one encoder pass)."""
    order = sorted(range(len(spans)), key=lambda j: (spans[j][0], spans[j][1]))
    groups: list[list[int]] = []
    ends: list[int] = []
    for j in order:
        for g, end in enumerate(ends):
            if spans[j][0] >= end:
                groups[g].append(j)
                ends[g] = spans[j][1]
                break
        else:
            groups.append([j])
            ends.append(spans[j][1])
    return groups


def check_spans(text: str, spans: list[Span], where: str = "") -> None:
    for start, end in spans:
        if not (0 <= start < end <= len(text)):
            raise ValueError(
                f"target span ({start}, {end}){where} is outside its sentence of length {len(text)}; "
                "expected 0 <= start < end <= len(text)"
            )


def encode(
    tokenizer: PreTrainedTokenizerBase,
    texts: list[str],
    spans: list[list[Span]] | None,
    *,
    stance_input: str,
    max_length: int,
    mentions: list[list[list[Span]]] | None = None,
    max_per_row: int | None = None,
) -> EncodedBatch:
    """Tokenise texts (dynamic padding) with their target spans for one forward pass.

    In "markers" input a text with k non-overlapping targets is one row; in "marker_each" input every target is its
    own row with only that target marked; "marker_coref" is marker_each with the target's other mentions
    (`mentions[i][j]`, spans in text i for its target j) marked too, read at the target's own marker; in "pair"
    input every target is its own row (sentence, mention). Texts without targets are one plain row either way.
    Other input formats ignore `mentions`. `max_per_row` caps the targets marked in one "markers" row: a text with
    more is encoded in several rows (chunks of targets in sentence order), so no marker is lost to truncation of
    a long marked row and every target is scored.
    """
    if max_per_row is not None and max_per_row < 1:
        raise ValueError(f"max_per_row={max_per_row}; expected a positive number of targets per row")
    spans = spans if spans is not None else [[] for _ in texts]
    rows_a: list[str] = []
    rows_b: list[str | None] = []
    row_targets: list[
        list[tuple[int, int]]
    ] = []  # per row: the (text, span) pairs it carries, in marker order
    row_reads: list[list[int]] = []  # per row: which marker (by order) each of its targets is read at
    text_rows: list[int] = []
    for i, (text, text_spans) in enumerate(zip(texts, spans)):
        check_spans(text, text_spans, f" of text {i}")
        if not text_spans:
            text_rows.append(len(rows_a))
            rows_a.append(text)
            rows_b.append(None)
            row_targets.append([])
            row_reads.append([])
            continue
        first_row = len(rows_a)
        if stance_input in ("marker_each", "marker_coref"):
            for j, span in enumerate(text_spans):
                more = []
                if stance_input == "marker_coref" and mentions is not None and j < len(mentions[i]):
                    more = list(mentions[i][j])
                    check_spans(text, more, f" (other mentions of target {j} of text {i})")
                marked = sorted([span, *apart_from(span, more)])
                rows_a.append(mark_spans(text, marked))
                rows_b.append(None)
                row_targets.append([(i, j)])
                row_reads.append([marked.index(span)])
        elif stance_input == "markers":
            for whole in non_overlapping_groups(text_spans):
                whole = sorted(whole, key=lambda j: text_spans[j][0])
                step = max_per_row or len(whole)
                for group in (whole[k : k + step] for k in range(0, len(whole), step)):
                    rows_a.append(mark_spans(text, [text_spans[j] for j in group]))
                    rows_b.append(None)
                    row_targets.append([(i, j) for j in group])
                    row_reads.append(list(range(len(group))))
        else:
            for j, (start, end) in enumerate(text_spans):
                rows_a.append(text)
                rows_b.append(text[start:end])
                row_targets.append([(i, j)])
                row_reads.append([0])
        text_rows.append(first_row)

    if any(b is not None for b in rows_b):
        enc = tokenizer(
            rows_a,
            [b or "" for b in rows_b],
            truncation="only_first",
            max_length=max_length,
            padding=True,
            return_tensors="pt",
        )
    else:
        enc = tokenizer(rows_a, truncation=True, max_length=max_length, padding=True, return_tensors="pt")
    n_t = max((len(t) for t in row_targets), default=0)
    positions = torch.full((len(rows_a), max(n_t, 1)), -1, dtype=torch.long)
    slots: dict[tuple[int, int], tuple[int, int]] = {}
    marker_id = tokenizer.convert_tokens_to_ids(TARGET_START)
    for row, (targets, reads) in enumerate(zip(row_targets, row_reads)):
        if not targets:
            continue
        if stance_input != "pair":
            found = (enc["input_ids"][row] == marker_id).nonzero().flatten().tolist()
        else:
            found = [0] * len(targets)
        for col, (key, k) in enumerate(zip(targets, reads)):
            # A marker cut off by truncation falls back to [CLS] (position 0).
            positions[row, col] = found[k] if k < len(found) else 0
            slots[key] = (row, col)
    tensors = {k: v for k, v in enc.items() if k in ("input_ids", "attention_mask", "token_type_ids")}
    tensors["target_positions"] = positions
    return EncodedBatch(tensors=tensors, slots=slots, text_rows=text_rows)
