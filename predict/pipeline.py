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

import sys
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from slant.model import Predictor, SentencePrediction
from slant.model.defaults import batch_size_for, check_precision
from slant.predict.prepare import MAX_TARGETS, PipelineConfig, PreparedArticle, prepare_article
from slant.predict.profile import DIGITS, summarize

__all__ = ["MAX_TARGETS", "ArticlePipeline", "PipelineConfig", "PreparedArticle"]


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
        self._context_thresholds = np.asarray(predictor.frame_context_thresholds, dtype=np.float32)
        self.last_unique = 0  # sentences that went through the model in the last scoring call
        self._article_thresholds = np.asarray(predictor.article_frame_thresholds, dtype=np.float32)

    @classmethod
    def from_pretrained(
        cls,
        model_dir: str | Path,
        quantize: bool = False,
        batch_size: int | None = None,
        *,
        config: PipelineConfig | None = None,
        progress: bool = False,
        backend: str | None = None,
        device: str | None = None,
        threads: int | None = None,
        precision: str = "fp32",
    ) -> ArticlePipeline:
        """Load a model directory or Hub id (raises ``slant.model.ModelDirError`` for a bad one).

        ``backend="onnx"`` runs the model in ONNX Runtime (fp32; int8 when ``quantize``), exporting the graph into
        the model directory once, on first use; ``"torch"`` uses PyTorch (int8 dynamic quantisation when
        ``quantize``) on ``device``. ``None`` picks onnx when ``slant[onnx]`` is installed, else torch.
        ``threads`` caps the intra-op threads (default: every core of the process). ``precision="bf16"``
        (torch backend only) runs bfloat16 weights: fastest on CPUs with AMX or AVX512-BF16 units.
        """
        from slant.extras import default_backend, require
        from slant.model.hub import ModelNotFound, resolve_model

        try:
            model_dir = resolve_model(model_dir)
        except ModelNotFound as err:
            from slant.model import ModelDirError

            raise ModelDirError(str(err)) from err
        backend = backend or default_backend(precision)
        check_precision(precision, quantize, backend)
        if backend == "onnx":
            if device not in (None, "cpu"):
                raise ValueError(
                    f"device={device!r} with backend='onnx'; expected 'cpu' (use backend='torch')"
                )
            require("onnx", "the ONNX backend")
            from slant.model.hub import onnx_home
            from slant.model.onnx import _fresh, onnx_path, onnx_predictor

            model_dir = onnx_home(model_dir)  # the model directory, or a shadow of it when it is read-only
            path = onnx_path(model_dir, quantize=quantize)
            if (Path(model_dir) / "model.safetensors").is_file() and not _fresh(path, Path(model_dir)):
                print(f"slant: exporting {model_dir} to ONNX ({path.name}), once; later loads reuse it",
                      file=sys.stderr)  # fmt: skip
            predictor = onnx_predictor(model_dir, quantize=quantize, batch_size=batch_size_for("fp32", batch_size),
                                       threads=threads)  # fmt: skip
        elif backend == "torch":
            predictor = Predictor.from_pretrained(
                model_dir,
                quantize=quantize,
                batch_size=batch_size,
                device=device,
                threads=threads,
                precision=precision,
            )
        else:
            raise ValueError(f"backend={backend!r}; expected 'torch' or 'onnx'")
        return cls(predictor, config, progress=progress)

    @property
    def model_info(self) -> dict[str, str]:
        return {"name": str(self.predictor.name), "version": str(self.predictor.version)}

    # -- before the model -------------------------------------------------------------------------------------
    def prepare(self, article: dict[str, Any]) -> PreparedArticle:
        """Clean, split and find targets in one article (see :func:`slant.predict.prepare.prepare_article`)."""
        return prepare_article(article, self.config)

    # -- model outputs -> JSON --------------------------------------------------------------------------------
    def _stance(self, probs: np.ndarray, target: str, mention: str, start: int, end: int) -> dict[str, Any]:
        return {
            "target": target, "mention": mention, "start": start, "end": end,
            "label": self.stance_labels[int(np.argmax(probs))],
            "probs": {k: round(float(p), DIGITS) for k, p in zip(self.stance_labels, probs)},
        }  # fmt: skip

    def _heads(self, pred: SentencePrediction, thresholds: np.ndarray | None = None) -> dict[str, Any]:
        """``bias`` (label and p(biased)), ``frames`` (all probabilities), ``frame_labels`` (p >= threshold;
        ``thresholds`` default: those of sentences read alone)."""
        thresholds = self._thresholds if thresholds is None else thresholds
        p_biased = float(pred.bias[self._biased])
        return {
            "bias": {"label": self.bias_labels[int(np.argmax(pred.bias))], "prob": round(p_biased, DIGITS)},
            "frames": {f: round(float(p), DIGITS) for f, p in zip(self.frame_labels, pred.frames)},
            "frame_labels": [f for f, p, t in zip(self.frame_labels, pred.frames, thresholds) if p >= t],
        }

    def _article_frames(self, prep: PreparedArticle, preds: Sequence[SentencePrediction]) -> dict[str, Any]:
        """Article-level frames over the article's first sentences (the bag rule the model was trained with): the
        article head, or the pooled frames head (`SlantConfig.article_frames`), calibrated on SemEval dev
        articles, and the frames over their article thresholds."""
        bag = [i for i, s in enumerate(prep.sentences) if len(s.text) > 2][: self.config.article_sentences]
        bag = [i for i in bag if preds[i].frame_logits is not None]
        logits = [preds[i].frame_logits for i in bag]
        article = [preds[i].article_logits for i in bag]
        article = np.stack(article) if article and all(a is not None for a in article) else None
        p = (
            self.predictor.pool_frames_proba(np.stack(logits), article)
            if logits
            else np.zeros(len(self.frame_labels))
        )
        return {
            "article_frames": {f: round(float(x), DIGITS) for f, x in zip(self.frame_labels, p)},
            "article_frame_labels": [
                f for f, x, t in zip(self.frame_labels, p, self._article_thresholds) if logits and x >= t
            ],
        }

    def _in_article(
        self, prep: PreparedArticle, preds: Sequence[SentencePrediction]
    ) -> tuple[list[SentencePrediction], np.ndarray]:
        """The article's sentence predictions with their frames read in the article, and the frame thresholds
        that go with them: logits plus the model's ``frame_context`` times the article's pooled logits over all
        its sentences longer than 2 characters, with the temperature and thresholds fitted on prose dev
        sentences read the same way (`SlantConfig.frame_context`; at 0, and in sentence mode, a sentence's
        frames read it alone). Raw ``frame_logits`` stay as they were, so article-level frames pool the
        sentences themselves."""
        if not self.predictor.config.frame_context:
            return list(preds), self._thresholds
        have = [i for i, p in enumerate(preds) if p.frame_logits is not None]
        ctx = [preds[i].frame_logits for i in have if len(prep.sentences[i].text) > 2]
        if not ctx:
            return list(preds), self._thresholds
        z = np.stack([preds[i].frame_logits for i in have])
        p = self.predictor.frames_proba_in_context(z, np.stack(ctx))
        out = list(preds)
        for i, row in zip(have, p):
            out[i] = replace(preds[i], frames=row)  # a copy: identical sentences share one prediction
        return out, self._context_thresholds

    def _result(self, prep: PreparedArticle, preds: Sequence[SentencePrediction]) -> dict[str, Any]:
        preds, thresholds = self._in_article(prep, preds)
        sentences = []
        for i, (s, ms, pred) in enumerate(zip(prep.sentences, prep.mentions, preds)):
            stance = [self._stance(p, name, m.text, m.start, m.end) for (name, m), p in zip(ms, pred.stance)]
            sentences.append({"index": i, "start": s.start, "end": s.end, "text": s.text, "voice": s.voice,
                              **self._heads(pred, thresholds), "stance": stance})  # fmt: skip
        return {
            **prep.meta,
            "model": self.model_info,
            "removed": [{"text": r.text, "reason": r.reason} for r in prep.removed],
            "text": prep.text,
            "sentences": sentences,
            "summary": summarize(
                sentences,
                frame_names=self.frame_labels,
                target_names=prep.target_names,
                stance_names=self.stance_labels,
                target_forms=prep.target_forms(),
            )
            | self._article_frames(prep, preds),
            "warnings": prep.warnings,
        }

    def _predict_unique(
        self, texts: list[str], spans: list[list[tuple[int, int]]], more: list[list[list[tuple[int, int]]]]
    ) -> list[SentencePrediction]:
        """Predictions for every sentence, identical ones (same text, targets and mentions: boilerplate, wire
        copy) going through the model once and sharing the prediction. Sets ``last_unique``."""
        first: dict[tuple, int] = {}
        pick: list[int] = []  # position of the first occurrence of each distinct sentence
        where: list[int] = []  # per sentence: its distinct sentence
        for k, key in enumerate(zip(texts, map(tuple, spans), (tuple(map(tuple, m)) for m in more))):
            j = first.get(key)
            if j is None:
                j = first[key] = len(pick)
                pick.append(k)
            where.append(j)
        self.last_unique = len(pick)
        if not texts:
            return []
        preds = self.predictor.predict_sentences(
            [texts[k] for k in pick], [spans[k] for k in pick], mentions=[more[k] for k in pick],
            progress=self.progress, max_targets=self.config.max_targets,
        )  # fmt: skip
        return [preds[j] for j in where]

    def score_prepared(self, prepared: Sequence[PreparedArticle]) -> list[dict[str, Any]]:
        """Score prepared articles with one Predictor call over all their sentences."""
        texts = [s.text for p in prepared for s in p.sentences]
        spans = [sp for p in prepared for sp in p.spans()]
        more = [m for p in prepared for m in p.other_mentions()]
        preds = self._predict_unique(texts, spans, more)
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
        preds = self._predict_unique(texts, spans, more)
        out = []
        for r, sp, pred in zip(records, spans, preds):
            stance = [
                self._stance(p, r["text"][a:b], r["text"][a:b], a, b) for (a, b), p in zip(sp, pred.stance)
            ]
            out.append({"id": r.get("id"), **self._heads(pred), "stance": stance})
        return out
