"""Tidy tables from `slant predict` results: one row per article, per sentence, per target mention.

The result dicts (see ``slant.predict.pipeline``) nest sentences in articles and mentions in sentences. For
analysis they are flattened into three tables that join on keys, every cell one scalar (no lists, no packed
``a;b`` strings), so they load as they are into pandas, R, SQL, spreadsheets or Parquet.

``articles`` (key ``article_id``), one row per article result:
    ``article_id``, ``title``, ``outlet``, ``model_name``, ``model_version``, ``n_sentences``, ``bias_share``
    (share of sentences labelled biased), ``author_sentences``, ``author_bias_share``, ``quote_sentences``,
    ``quote_bias_share`` (the same split by voice), ``n_targets`` (distinct targets mentioned), ``n_mentions``,
    ``n_removed`` (lines the cleaner dropped), ``n_warnings``, then ``share_frame_<Frame>`` per frame of the
    model: the share of sentences carrying that frame label.
``sentences`` (key ``article_id`` + ``index``), one row per scored sentence:
    ``article_id``, ``index`` (0-based within the article), ``start``, ``end`` (character offsets into the
    result's cleaned ``text``), ``voice`` ("author"/"quote"), ``text``, ``bias_label``, ``bias_prob`` (always
    p(biased)), ``top_frame``, ``top_frame_prob``, ``n_frame_labels``, ``n_mentions``, then per frame
    ``frame_<Frame>`` (bool: the frame's p reaches its calibrated threshold) and ``p_frame_<Frame>`` (its p).
``stance`` (key ``article_id`` + ``sentence_index`` + ``start``), one row per target mention:
    ``article_id``, ``sentence_index``, ``target`` (the target's name), ``mention`` (the words in the text),
    ``start``, ``end`` (offsets into the cleaned text), ``label``, then ``p_<label>`` per stance label
    (``p_negative``, ``p_neutral``, ``p_positive``).

Results of ``--unit sentence`` (already split sentences, no article) give no ``articles`` row; each is one
``sentences`` row with ``article_id`` = the record's ``id``, ``index`` 0, and ``start``/``end``/``voice``/``text``
empty (None), and its stance rows carry offsets into that sentence.

Frame and stance columns follow the model's label order, read from the results themselves; with no result at all
only the fixed columns exist. Full warnings and removed lines stay in the JSON output.

Example:
    >>> tables = tidy_rows(results)  # doctest: +SKIP
    >>> frames = to_frames(results)  # doctest: +SKIP
    >>> frames["stance"].groupby(["article_id", "target"])["p_positive"].mean()  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

TABLES: tuple[str, ...] = ("articles", "sentences", "stance")
ARTICLE_COLUMNS: tuple[str, ...] = (
    "article_id", "title", "outlet", "model_name", "model_version", "n_sentences", "bias_share",
    "author_sentences", "author_bias_share", "quote_sentences", "quote_bias_share", "n_targets", "n_mentions",
    "n_removed", "n_warnings",
)  # fmt: skip
SENTENCE_COLUMNS: tuple[str, ...] = (
    "article_id", "index", "start", "end", "voice", "text", "bias_label", "bias_prob", "top_frame",
    "top_frame_prob", "n_frame_labels", "n_mentions",
)  # fmt: skip
STANCE_COLUMNS: tuple[str, ...] = (
    "article_id",
    "sentence_index",
    "target",
    "mention",
    "start",
    "end",
    "label",
)
_UNSAFE = re.compile(r"\W+")


def column_name(label: str) -> str:
    """A label as a column-name part: runs of anything but letters, digits and ``_`` become ``_``."""
    return _UNSAFE.sub("_", label).strip("_") or "_"


def _sentence_row(article_id: Any, s: dict[str, Any]) -> dict[str, Any]:
    frames: dict[str, float] = s.get("frames") or {}
    top = max(frames, key=lambda f: frames[f]) if frames else None
    on = set(s.get("frame_labels") or [])
    row = {
        "article_id": article_id, "index": s.get("index", 0), "start": s.get("start"), "end": s.get("end"),
        "voice": s.get("voice"), "text": s.get("text"), "bias_label": s["bias"]["label"],
        "bias_prob": s["bias"]["prob"], "top_frame": top, "top_frame_prob": frames[top] if top else None,
        "n_frame_labels": len(on), "n_mentions": len(s.get("stance") or []),
    }  # fmt: skip
    for f in frames:
        row[f"frame_{column_name(f)}"] = f in on
    for f, p in frames.items():
        row[f"p_frame_{column_name(f)}"] = p
    return row


def _stance_rows(article_id: Any, index: int, s: dict[str, Any]) -> list[dict[str, Any]]:
    out = []
    for st in s.get("stance") or []:
        row = {"article_id": article_id, "sentence_index": index, "target": st["target"],
               "mention": st["mention"], "start": st["start"], "end": st["end"], "label": st["label"]}  # fmt: skip
        row.update({f"p_{column_name(k)}": p for k, p in st["probs"].items()})
        out.append(row)
    return out


def _article_row(r: dict[str, Any]) -> dict[str, Any]:
    summary = r.get("summary") or {}
    voice = summary.get("voice") or {}
    model = r.get("model") or {}
    targets = summary.get("targets") or {}
    sentences = r.get("sentences") or []
    row = {
        "article_id": r.get("id"), "title": r.get("title"), "outlet": r.get("outlet"),
        "model_name": model.get("name"), "model_version": model.get("version"),
        "n_sentences": summary.get("n_sentences", len(sentences)), "bias_share": summary.get("bias_share"),
        "author_sentences": (voice.get("author") or {}).get("n_sentences", 0),
        "author_bias_share": (voice.get("author") or {}).get("bias_share"),
        "quote_sentences": (voice.get("quote") or {}).get("n_sentences", 0),
        "quote_bias_share": (voice.get("quote") or {}).get("bias_share"),
        "n_targets": sum(1 for t in targets.values() if t.get("mentions")),
        "n_mentions": sum(len(s.get("stance") or []) for s in sentences),
        "n_removed": len(r.get("removed") or []), "n_warnings": len(r.get("warnings") or []),
    }  # fmt: skip
    for f, share in (summary.get("frames") or {}).items():
        row[f"share_frame_{column_name(f)}"] = share
    return row


def tidy_rows(results: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The three tables of ``results`` as lists of flat dicts: ``{"articles": [...], "sentences": [...],
    "stance": [...]}`` (columns in the module docstring), in result order then sentence order.

    Accepts article results and ``--unit sentence`` results (recognised by having no ``sentences`` list), mixed
    or not. Raises ValueError naming the result when one lacks what the tables need.
    """
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for k, r in enumerate(results):
        if not isinstance(r, dict):
            raise ValueError(f"result {k} is {type(r).__name__}; expected a result dict of slant predict")
        try:
            if isinstance(r.get("sentences"), list):
                out["articles"].append(_article_row(r))
                for s in r["sentences"]:
                    out["sentences"].append(_sentence_row(r.get("id"), s))
                    out["stance"].extend(_stance_rows(r.get("id"), s.get("index", 0), s))
            else:  # a --unit sentence record
                out["sentences"].append(_sentence_row(r.get("id"), r))
                out["stance"].extend(_stance_rows(r.get("id"), 0, r))
        except (KeyError, TypeError, AttributeError) as err:
            raise ValueError(
                f"result {k} (id {r.get('id')!r}) is not a slant predict result: missing or bad {err}; "
                "expected 'sentences' with 'bias', 'frames', 'stance' (or a --unit sentence record)"
            ) from err
    return out


def columns(rows: list[dict[str, Any]], table: str) -> list[str]:
    """The columns of ``table`` for these rows: the fixed ones, then the label columns in first-seen order."""
    fixed = {"articles": ARTICLE_COLUMNS, "sentences": SENTENCE_COLUMNS, "stance": STANCE_COLUMNS}[table]
    names = dict.fromkeys(fixed)
    for row in rows:
        names.update(dict.fromkeys(row))
    return list(names)


def to_frames(results: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """The three tables as pandas DataFrames (``{"articles", "sentences", "stance"}``), columns as documented.

    Integer columns that may be empty (offsets of ``--unit sentence`` rows) use pandas' nullable ``Int64``.
    """
    import pandas as pd

    rows = tidy_rows(results)
    frames = {}
    for name in TABLES:
        df = pd.DataFrame(rows[name], columns=columns(rows[name], name))
        for col in ("start", "end", "index"):
            if col in df and df[col].isna().any():
                df[col] = df[col].astype("Int64")
        frames[name] = df
    return frames
