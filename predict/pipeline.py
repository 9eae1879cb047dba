"""`ArticlePipeline`: scraped article -> cleaned text -> sentences + target mentions -> Predictor -> result JSON.

Result of one article (``score_article``): ``id``, ``title``, ``outlet``, ``model`` {``name``, ``version``},
``removed`` [{``text``, ``reason``}] (every line the cleaner dropped), ``text`` (the cleaned text; every offset
below indexes into it), ``sentences`` [{``index``, ``start``, ``end``, ``text``, ``voice`` ("author"/"quote"),
``bias`` {``label``, ``prob``}, ``frames`` {frame: p}, ``frame_labels``, ``stance`` [{``target``, ``mention``,
``start``, ``end``, ``label``, ``probs`` {negative, neutral, positive}}]}], ``summary`` (see
``slant.predict.profile.summarize``) and ``warnings``. All probabilities are the Predictor's calibrated ones.
``bias.prob`` is always p(biased), whatever the label (the label is the more probable class), so it sorts
sentences by bias. ``frame_labels`` are the frames whose p reaches the model's calibrated threshold.
Probabilities are rounded to 4 decimals; labels are decided before rounding.

The pipeline never imports ``slant.training``. Sentences of many articles go through the model in one
``Predictor.predict_sentences`` call (sorted into length buckets there), which is what makes directories fast.

Example:
    >>> pipe = ArticlePipeline.from_pretrained("artifacts/model")  # doctest: +SKIP
    >>> result = pipe.score_article({"id": "a1", "text": open("examples/article.txt").read()})  # doctest: +SKIP
    >>> result["summary"]["bias_share"]  # doctest: +SKIP
    0.18
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from slant.model import Predictor, SentencePrediction
from slant.predict.profile import DIGITS, summarize
from slant.text.clean import Removed, clean_text, extract_html, language_warning
from slant.text.sentences import Sentence, split_sentences
from slant.text.targets import Mention, find_targets

HEADLINE_MAX_WORDS = 20
# Targets marked in one encoder pass. Each adds two marker tokens; beyond this a marked sentence risks running past
# the model's max_length, where markers would be cut off.
MAX_TARGETS = 16


@dataclass(frozen=True)
class PipelineConfig:
    """Limits that keep one huge input from taking the machine.

    Attributes:
        max_chars: Characters of raw text read per article; the rest is dropped with a warning.
        max_sentences: Sentences scored per article; the rest is dropped with a warning.
        targets: Extra target names to look for in every article (besides the ones found automatically).
        max_targets: Targets marked in one encoder pass. An article sentence with more is scored in several passes
            (every mention is scored); a sentence-mode record with more is refused with an error.
    """

    max_chars: int = 1_000_000
    max_sentences: int = 2_000
    targets: tuple[str, ...] = ()
    max_targets: int = MAX_TARGETS

    def __post_init__(self) -> None:
        if self.max_chars < 1:
            raise ValueError(f"max_chars={self.max_chars} invalid; expected a positive number of characters")
        if self.max_sentences < 1:
            raise ValueError(
                f"max_sentences={self.max_sentences} invalid; expected a positive number of sentences"
            )
        if not 1 <= self.max_targets <= 256:
            raise ValueError(f"max_targets={self.max_targets} invalid; expected 1..256 targets per sentence")
        if any(not isinstance(t, str) or not t.strip() for t in self.targets):
            raise ValueError(f"targets={self.targets!r} invalid; expected non-empty names")


@dataclass
class PreparedArticle:
    """Everything about one article that comes before the model.

    Attributes:
        meta: ``id``, ``title``, ``outlet`` of the result.
        text: The cleaned text (cut at the last scored sentence when capped); all offsets index into it.
        removed: Lines the cleaner dropped.
        sentences: Sentences of ``text``.
        mentions: Per sentence, ``(target name, mention)`` pairs inside it, by start offset.
        target_names: Names the user asked for (listed in the summary even with no mention).
        warnings: Messages about this article.
    """

    meta: dict[str, Any]
    text: str
    removed: list[Removed]
    sentences: list[Sentence]
    mentions: list[list[tuple[str, Mention]]]
    target_names: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def spans(self) -> list[list[tuple[int, int]]]:
        """Mention spans relative to their sentence, as the Predictor wants them."""
        return [
            [(m.start - s.start, m.end - s.start) for _, m in ms]
            for s, ms in zip(self.sentences, self.mentions)
        ]

    def other_mentions(self) -> list[list[list[tuple[int, int]]]]:
        """Per sentence, per mention: the spans of the same target's other mentions in that sentence ("Xi" and
        "Mr. Xi" in one sentence mark each other), relative to the sentence, for "marker_coref" models."""
        out = []
        for spans, ms in zip(self.spans(), self.mentions):
            names = [name for name, _ in ms]
            out.append(
                [
                    [sp for sp, n in zip(spans, names) if n == name and sp != own]
                    for own, name in zip(spans, names)
                ]
            )
        return out


def _cap_raw(raw: str, max_chars: int, warnings: list[str]) -> str:
    if len(raw) <= max_chars:
        return raw
    cut = raw.rfind("\n", max_chars // 2, max_chars)  # end on a paragraph when one is near
    cut = cut if cut > 0 else max_chars
    warnings.append(
        f"article is {len(raw):,} characters; only the first {cut:,} were read (limit {max_chars:,})"
    )
    return raw[:cut]


def _headline(text: str, first: Sentence) -> str | None:
    """The first paragraph when it reads like a headline (one short line without final punctuation)."""
    alone = text[first.end : first.end + 1] in ("", "\n")
    short = len(first.text.split()) <= HEADLINE_MAX_WORDS
    return first.text if alone and short and first.text[-1] not in '.!?…"”’:' else None


def _assign_mentions(sentences: list[Sentence], targets: list, n: int) -> list[list[tuple[str, Mention]]]:
    """Each mention goes to the sentence that contains it; mentions across a sentence boundary are dropped."""
    starts = [s.start for s in sentences]
    out: list[list[tuple[str, Mention]]] = [[] for _ in range(n)]
    for target in targets:
        for m in target.mentions:
            i = bisect.bisect_right(starts, m.start) - 1
            if 0 <= i < n and m.end <= sentences[i].end:
                out[i].append((target.name, m))
    for ms in out:
        ms.sort(key=lambda tm: tm[1].start)
    return out


class ArticlePipeline:
    """Labels every sentence of articles and profiles them.

    Args:
        predictor: A loaded :class:`slant.model.Predictor`.
        config: Limits and extra targets.
        progress: Show a progress bar over sentences (stderr).
    """

    def __init__(
        self, predictor: Predictor, config: PipelineConfig | None = None, *, progress: bool = False
    ) -> None:
        self.predictor = predictor
        self.config = config or PipelineConfig()
        self.progress = progress
        labels = predictor.labels
        self.bias_labels = list(labels["bias"])
        self.frame_labels = list(labels["frames"])
        self.stance_labels = list(labels["stance"])
        if "biased" not in self.bias_labels:
            raise ValueError(
                f"model bias labels {self.bias_labels} have no 'biased'; expected {['neutral', 'biased']}"
            )
        self._biased = self.bias_labels.index("biased")
        self._thresholds = np.asarray(predictor.frame_thresholds, dtype=np.float32)

    @classmethod
    def from_pretrained(
        cls,
        model_dir: str | Path,
        quantize: bool = False,
        batch_size: int = 64,
        *,
        config: PipelineConfig | None = None,
        progress: bool = False,
        backend: str = "torch",
    ) -> ArticlePipeline:
        """Load the model directory (raises ``slant.model.ModelDirError`` for a bad one).

        ``backend="onnx"`` runs the encoder in ONNX Runtime (int8 when ``quantize``), exporting the graph into the
        model directory on first use; ``"torch"`` (default) uses PyTorch, with int8 dynamic quantisation when
        ``quantize``.
        """
        if backend == "onnx":
            from slant.model.fast import onnx_predictor

            predictor = onnx_predictor(model_dir, quantize=quantize, batch_size=batch_size)
        elif backend == "torch":
            predictor = Predictor.from_pretrained(model_dir, quantize=quantize, batch_size=batch_size)
        else:
            raise ValueError(f"backend={backend!r}; expected 'torch' or 'onnx'")
        return cls(predictor, config, progress=progress)

    @property
    def model_info(self) -> dict[str, str]:
        return {"name": str(self.predictor.name), "version": str(self.predictor.version)}

    # -- before the model -------------------------------------------------------------------------------------
    def prepare(self, article: dict[str, Any]) -> PreparedArticle:
        """Clean, split and find targets in one article dict (``text`` or ``html``; optional ``id``, ``title``,
        ``outlet``, ``url``, ``date``, ``targets`` (names), ``warnings``). Raises ValueError without any text."""
        warnings = list(article.get("warnings") or [])
        meta = {"id": article.get("id"), "title": article.get("title"), "outlet": article.get("outlet")}
        text = article.get("text")
        if not (isinstance(text, str) and text.strip()):
            html = article.get("html")
            if not (isinstance(html, str) and html.strip()):
                raise ValueError(f"article {meta['id']!r}: expected a non-empty 'text' or 'html' field")
            text, page = extract_html(html, url=article.get("url"))
            warnings.extend(page.get("warnings") or [])
            meta["title"] = meta["title"] or page.get("title")
            meta["outlet"] = meta["outlet"] or page.get("outlet")
        cleaned = clean_text(_cap_raw(text, self.config.max_chars, warnings))
        body = cleaned.text
        sentences = split_sentences(body)
        if len(sentences) > self.config.max_sentences:
            cap = self.config.max_sentences
            warnings.append(f"article has {len(sentences):,} sentences; only the first {cap:,} were scored "
                            "(raise --max-sentences to score more)")  # fmt: skip
            sentences = sentences[:cap]
            body = body[: sentences[-1].end]
        if (lang := language_warning(body)) is not None:
            warnings.append(lang)
        if not sentences:
            n = len(cleaned.removed)
            warnings.append(
                f"no text to score: nothing left after cleaning ({n} line{'s' * (n != 1)} removed)"
            )
        if not meta["title"] and sentences:
            meta["title"] = _headline(body, sentences[0])
        names = list(dict.fromkeys([*self.config.targets, *(article.get("targets") or [])]))
        targets = find_targets(body, extra=names) if sentences else []
        return PreparedArticle(meta, body, cleaned.removed, sentences,
                               _assign_mentions(sentences, targets, len(sentences)), names, warnings)  # fmt: skip

    # -- model outputs -> JSON --------------------------------------------------------------------------------
    def _stance(self, probs: np.ndarray, target: str, mention: str, start: int, end: int) -> dict[str, Any]:
        return {
            "target": target, "mention": mention, "start": start, "end": end,
            "label": self.stance_labels[int(np.argmax(probs))],
            "probs": {k: round(float(p), DIGITS) for k, p in zip(self.stance_labels, probs)},
        }  # fmt: skip

    def _heads(self, pred: SentencePrediction) -> dict[str, Any]:
        """``bias`` (label and p(biased)), ``frames`` (all probabilities), ``frame_labels`` (p >= threshold)."""
        p_biased = float(pred.bias[self._biased])
        return {
            "bias": {"label": self.bias_labels[int(np.argmax(pred.bias))], "prob": round(p_biased, DIGITS)},
            "frames": {f: round(float(p), DIGITS) for f, p in zip(self.frame_labels, pred.frames)},
            "frame_labels": [
                f for f, p, t in zip(self.frame_labels, pred.frames, self._thresholds) if p >= t
            ],
        }

    def _result(self, prep: PreparedArticle, preds: Sequence[SentencePrediction]) -> dict[str, Any]:
        sentences = []
        for i, (s, ms, pred) in enumerate(zip(prep.sentences, prep.mentions, preds)):
            stance = [self._stance(p, name, m.text, m.start, m.end) for (name, m), p in zip(ms, pred.stance)]
            sentences.append({"index": i, "start": s.start, "end": s.end, "text": s.text, "voice": s.voice,
                              **self._heads(pred), "stance": stance})  # fmt: skip
        return {
            **prep.meta,
            "model": self.model_info,
            "removed": [{"text": r.text, "reason": r.reason} for r in prep.removed],
            "text": prep.text,
            "sentences": sentences,
            "summary": summarize(sentences, frame_names=self.frame_labels, target_names=prep.target_names),
            "warnings": prep.warnings,
        }

    def score_prepared(self, prepared: Sequence[PreparedArticle]) -> list[dict[str, Any]]:
        """Score prepared articles with one Predictor call over all their sentences."""
        texts = [s.text for p in prepared for s in p.sentences]
        spans = [sp for p in prepared for sp in p.spans()]
        more = [m for p in prepared for m in p.other_mentions()]
        preds = (
            self.predictor.predict_sentences(
                texts, spans, mentions=more, progress=self.progress, max_targets=self.config.max_targets
            )
            if texts
            else []
        )
        out, k = [], 0
        for prep in prepared:
            out.append(self._result(prep, preds[k : k + len(prep.sentences)]))
            k += len(prep.sentences)
        return out

    def score_article(self, article: dict[str, Any]) -> dict[str, Any]:
        """The result JSON of one article dict (see :meth:`prepare` for its fields)."""
        return self.score_prepared([self.prepare(article)])[0]

    def score_articles(self, articles: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Results of many articles, their sentences batched together through the model."""
        return self.score_prepared([self.prepare(a) for a in articles])

    # -- sentence mode ----------------------------------------------------------------------------------------
    def score_sentences(self, records: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
        """Label already split sentences: ``{"id", "text", "targets": [(start, end), ...]}`` (offsets into the
        sentence), optionally ``"mentions"``: per target, its other mentions ``[(start, end), ...]``. Returns one
        dict per record, in order: ``id``, ``bias``, ``frames``, ``frame_labels`` and ``stance`` (one entry per
        target, in the given order; ``target`` is the mention text)."""
        texts = [r["text"] for r in records]
        spans = [[(int(a), int(b)) for a, b in r.get("targets", [])] for r in records]
        more = [[[(int(a), int(b)) for a, b in m] for m in r.get("mentions", [])] for r in records]
        preds = (
            self.predictor.predict_sentences(
                texts, spans, mentions=more, progress=self.progress, max_targets=self.config.max_targets
            )
            if texts
            else []
        )
        out = []
        for r, sp, pred in zip(records, spans, preds):
            stance = [
                self._stance(p, r["text"][a:b], r["text"][a:b], a, b) for (a, b), p in zip(sp, pred.stance)
            ]
            out.append({"id": r.get("id"), **self._heads(pred), "stance": stance})
        return out
