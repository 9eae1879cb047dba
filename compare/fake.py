"""A deterministic stand-in for the article pipeline: same result JSON, no model.

Used by the tests and for dry runs of ``slant compare`` (``--model fake``). Labels follow simple cues so synthetic
corpora can carry known differences: a sentence with a frame keyword (``economy`` -> Economic, ``crime`` ->
Crime_and_punishment, ``health`` -> Health_and_safety, ``vote`` -> Political) has that frame; one with a loaded
word (``outrageous``, ``disgraceful``, ``radical``, ``shameful``) is biased; a target name (``Smith``, ``Jones``,
``Congress``) is a stance target, negative after ``slammed``/``attacked``, positive after ``praised``/``hailed``.
Everything else is a hash of the sentence text, so the same article always gets the same result. The article head
is the largest sentence probability of each frame over the first ``ARTICLE_SENTENCES`` sentences, labelled at 0.5,
so an article carries a frame at article level exactly when one of those sentences has its cue.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import Any

from slant.data.labels import FRAME_LABELS
from slant.predict.profile import summarize

FRAME_CUES: dict[str, str] = {
    "economy": "Economic",
    "crime": "Crime_and_punishment",
    "health": "Health_and_safety",
    "vote": "Political",
}
BIAS_CUES: tuple[str, ...] = ("outrageous", "disgraceful", "radical", "shameful")
TARGETS: tuple[str, ...] = ("Smith", "Jones", "Congress")
_SENT = re.compile(r"[^.!?]+[.!?]*")
ARTICLE_SENTENCES = 24  # sentences pooled by the stand-in article head (the pipeline's default bag)


def _u(text: str, salt: str) -> float:
    """A uniform number in [0, 1) from the text (stable across runs and processes)."""
    return int(hashlib.sha256(f"{salt}\x00{text}".encode()).hexdigest()[:8], 16) / 0x100000000


def _stance(sentence: str, target: str, start: int) -> dict[str, Any]:
    low = sentence.lower()
    if "slammed" in low or "attacked" in low:
        probs = {"negative": 0.8, "neutral": 0.15, "positive": 0.05}
    elif "praised" in low or "hailed" in low:
        probs = {"negative": 0.05, "neutral": 0.15, "positive": 0.8}
    else:
        probs = {"negative": 0.1, "neutral": 0.8, "positive": 0.1}
    return {
        "target": target, "mention": target, "start": start, "end": start + len(target),
        "label": max(probs, key=probs.get), "probs": probs,
    }  # fmt: skip


def fake_score(article: dict[str, Any]) -> dict[str, Any]:
    """Score one article dict like ``ArticlePipeline.score_article`` would (see module docstring)."""
    text = article.get("text") or re.sub(r"<[^>]+>", " ", article.get("html", ""))
    sentences = []
    for m in _SENT.finditer(text):
        s = m.group().strip()
        if not s:
            continue
        start = text.index(s, m.start())
        low = s.lower()
        frames = {f: round(0.9 if any(c in low and FRAME_CUES[c] == f for c in FRAME_CUES) else
                           0.4 * _u(s, f), 4) for f in FRAME_LABELS}  # fmt: skip
        biased = any(c in low for c in BIAS_CUES) or _u(s, "bias") < 0.1
        p_bias = 0.85 if biased else 0.15
        stance = [_stance(s, t, start + s.index(t)) for t in TARGETS if t in s]
        sentences.append(
            {
                "index": len(sentences), "start": start, "end": start + len(s), "text": s,
                "voice": "quote" if s.startswith(('"', "“")) else "author",
                "bias": {"label": "biased" if biased else "neutral", "prob": p_bias},
                "frames": frames, "frame_labels": [f for f, p in frames.items() if p >= 0.5],
                "stance": stance,
            }
        )  # fmt: skip
    return {
        "id": article.get("id", ""),
        "title": article.get("title", ""),
        "outlet": article.get("outlet", ""),
        "model": {"name": "fake", "version": "1"},
        "removed": [],
        "sentences": sentences,
        "summary": summarize(sentences, frame_names=FRAME_LABELS) | fake_article_frames(sentences),
    }


def fake_article_frames(sentences: list[dict[str, Any]]) -> dict[str, Any]:
    """``article_frames`` and ``article_frame_labels`` as the pipeline adds them to the summary (max pooling)."""
    bag = sentences[:ARTICLE_SENTENCES]
    probs = {f: max((s["frames"][f] for s in bag), default=0.0) for f in FRAME_LABELS}
    return {"article_frames": probs, "article_frame_labels": [f for f, p in probs.items() if p >= 0.5]}


@dataclass(frozen=True)
class FakeScorerFactory:
    """Scorer factory for :func:`fake_score` (picklable; works in worker processes and on Dask)."""

    max_sentences: int = 0
    version: str = "fake-1"
    frame_labels: tuple[str, ...] = tuple(FRAME_LABELS)

    @property
    def settings(self) -> str:
        return f"max_sentences={self.max_sentences}"

    def __call__(self):
        from slant.compare.scoring import trim_result

        return lambda article: trim_result(fake_score(article), self.max_sentences)
