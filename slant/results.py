"""Typed results of :class:`slant.Slant`: the result JSON of ``slant predict`` as frozen dataclasses.

``ArticleResult.to_dict()`` gives back exactly the dict the pipeline produced (same keys, same order, same
values), so ``json.dumps(result.to_dict())`` is the ``slant predict --format json`` output. ``to_pandas()`` gives
the three tidy tables of :mod:`slant.predict.tables` (articles, sentences, stance: one row per target mention).

Example:
    >>> r = ArticleResult.from_dict({"id": "a1", "title": None, "outlet": None, "model": {"name": "m",
    ...     "version": "1"}, "removed": [], "text": "Hi.", "sentences": [{"index": 0, "start": 0, "end": 3,
    ...     "text": "Hi.", "voice": "author", "bias": {"label": "neutral", "prob": 0.1}, "frames": {},
    ...     "frame_labels": [], "stance": []}], "summary": {}, "warnings": []})
    >>> r.sentences[0].bias.label, r.sentences[0].bias.prob
    ('neutral', 0.1)
    >>> r.to_dict()["sentences"][0]["voice"]
    'author'
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

SENTENCE_KEYS = ("index", "start", "end", "text", "voice", "bias", "frames", "frame_labels", "stance")
ARTICLE_KEYS = ("id", "title", "outlet", "model", "removed", "text", "sentences", "summary", "warnings")


class Tables(NamedTuple):
    """The three tidy tables (pandas DataFrames); unpack them or read them by name."""

    articles: Any
    sentences: Any
    stance: Any


def _tables(dicts: Sequence[dict[str, Any]]) -> Tables:
    from slant.predict.tables import to_frames

    frames = to_frames(dicts)
    return Tables(frames["articles"], frames["sentences"], frames["stance"])


@dataclass(frozen=True)
class Bias:
    """Bias of one sentence: the more probable label and p(biased) (whatever the label)."""

    label: str
    prob: float


@dataclass(frozen=True)
class StanceMention:
    """Stance toward one target at one mention; offsets index the article's cleaned ``text``."""

    target: str
    mention: str
    start: int
    end: int
    label: str
    probs: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        return {"target": self.target, "mention": self.mention, "start": self.start, "end": self.end,
                "label": self.label, "probs": dict(self.probs)}  # fmt: skip


@dataclass(frozen=True)
class SentenceResult:
    """One scored sentence: bias, the 14 frame probabilities and the frames past their threshold, stance."""

    index: int
    start: int
    end: int
    text: str
    voice: str
    bias: Bias
    frames: dict[str, float]
    frame_labels: list[str]
    stance: list[StanceMention]
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> SentenceResult:
        return cls(
            index=d["index"], start=d["start"], end=d["end"], text=d["text"], voice=d.get("voice", ""),
            bias=Bias(d["bias"]["label"], d["bias"]["prob"]), frames=dict(d["frames"]),
            frame_labels=list(d["frame_labels"]), stance=[StanceMention(**st) for st in d["stance"]],
            extra={k: v for k, v in d.items() if k not in SENTENCE_KEYS},
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text, "voice": self.voice,
                "bias": {"label": self.bias.label, "prob": self.bias.prob}, "frames": dict(self.frames),
                "frame_labels": list(self.frame_labels), "stance": [st.to_dict() for st in self.stance],
                **self.extra}  # fmt: skip


@dataclass(frozen=True)
class Removed:
    """A line the cleaner dropped (boilerplate, navigation, bylines...) and why."""

    text: str
    reason: str


@dataclass(frozen=True)
class ArticleResult:
    """Everything Slant says about one article. ``summary`` is the article profile (see
    :func:`slant.predict.profile.summarize`): bias share, frame shares, per-target stance, voice split, evidence.
    """

    id: Any
    title: str | None
    outlet: str | None
    model: dict[str, str]
    removed: list[Removed]
    text: str
    sentences: list[SentenceResult]
    summary: dict[str, Any]
    warnings: list[str]
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> ArticleResult:
        """Wrap a result dict of the pipeline (raises KeyError naming a missing field)."""
        return cls(
            id=d["id"], title=d.get("title"), outlet=d.get("outlet"), model=dict(d["model"]),
            removed=[Removed(r["text"], r["reason"]) for r in d["removed"]], text=d["text"],
            sentences=[SentenceResult.from_dict(s) for s in d["sentences"]], summary=d["summary"],
            warnings=list(d["warnings"]), extra={k: v for k, v in d.items() if k not in ARTICLE_KEYS},
        )  # fmt: skip

    def to_dict(self) -> dict[str, Any]:
        """The result JSON of ``slant predict`` for this article, key for key."""
        return {"id": self.id, "title": self.title, "outlet": self.outlet, "model": dict(self.model),
                "removed": [{"text": r.text, "reason": r.reason} for r in self.removed], "text": self.text,
                "sentences": [s.to_dict() for s in self.sentences], "summary": self.summary,
                "warnings": list(self.warnings), **self.extra}  # fmt: skip

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def to_pandas(self) -> Tables:
        """``(articles, sentences, stance)`` DataFrames: one row for this article, one per sentence, one per
        target mention (columns documented in :mod:`slant.predict.tables`)."""
        return _tables([self.to_dict()])

    def to_html(self) -> str:
        """The page ``slant predict --format html`` writes for this article."""
        from slant.predict.render_html import to_html

        return "".join(to_html([self.to_dict()]))


@dataclass(frozen=True)
class Results(Sequence[ArticleResult]):
    """The results of several articles, in input order; a sequence of :class:`ArticleResult`.

    ``errors`` lists the inputs left out by ``predict(..., on_error="skip")``: ``{"index" or "id", "error"}``.
    """

    items: tuple[ArticleResult, ...]
    errors: tuple[dict[str, Any], ...] = ()

    def __getitem__(self, i):  # type: ignore[no-untyped-def]
        return self.items[i]

    def __len__(self) -> int:
        return len(self.items)

    def __iter__(self) -> Iterator[ArticleResult]:
        return iter(self.items)

    def to_dict(self) -> list[dict[str, Any]]:
        """The list ``slant predict --format json`` writes for several articles."""
        return [r.to_dict() for r in self.items]

    def to_pandas(self) -> Tables:
        """``(articles, sentences, stance)`` DataFrames over all articles, joined by ``article_id``."""
        return _tables(self.to_dict())

    def to_html(self) -> str:
        from slant.predict.render_html import to_html

        return "".join(to_html(self.to_dict()))
