"""Scoring a corpus: the one adapter onto the article pipeline, the cache, and the local worker pool.

The article pipeline (``slant.predict.pipeline.ArticlePipeline``) is reached only through
:class:`PipelineScorerFactory`, so the dependency lives here. Anything that turns an article dict into the
pipeline's result dict can score a corpus: tests use :class:`slant.compare.fake.FakeScorerFactory`.

A *scorer factory* is a picklable callable returning a scorer, with two attributes that enter the cache:
``version`` (cache directory) and ``settings`` (mixed into each article's key), and ``frame_labels`` (the model's
frames, which name the frame columns of the tables).

Every result must carry the article head's output (``summary.article_frames`` and ``article_frame_labels``). A
cached result without it was written before the article head was part of the result; it is *stale*: scored
again and overwritten, never mixed with complete results (``ScoringInfo.n_stale`` counts them).

Example:
    >>> factory = PipelineScorerFactory("artifacts/model", max_sentences=40)   # doctest: +SKIP
    >>> results, info = score_corpus(articles, factory, ArticleCache("out/cache", factory.version), workers=2)
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from tqdm.auto import tqdm

from slant.compare.cache import ArticleCache, cache_key
from slant.compare.tables import has_article_frames
from slant.predict.engine import PipelineFactory, PlainChunkScorer, score_chunks

CHUNK_ARTICLES = 16

Scorer = Callable[[dict[str, Any]], dict[str, Any]]


class ScorerFactory(Protocol):
    """Builds a scorer inside each worker; ``version`` and ``settings`` identify its results in the cache."""

    version: str
    settings: str
    frame_labels: tuple[str, ...]

    def __call__(self) -> Scorer: ...


class ScoringError(RuntimeError):
    """Scoring an article failed or returned something that is not a pipeline result."""


def trim_result(result: dict[str, Any], max_sentences: int) -> dict[str, Any]:
    """Keep the first ``max_sentences`` sentences of a result (for HTML inputs the text cap cannot reach)."""
    if max_sentences > 0 and len(result.get("sentences", [])) > max_sentences:
        result = {**result, "sentences": result["sentences"][:max_sentences], "trimmed_to": max_sentences}
    return result


def model_version(model_dir: str | Path) -> str:
    """``<dir name>-<12 hex>``: a digest of the weights, config and calibration, so retraining changes it."""
    d = Path(model_dir)
    weights = sorted(d.glob("*.safetensors")) + sorted(d.glob("*.onnx"))
    if not weights:
        raise ScoringError(f"model directory {d} has no *.safetensors weights; expected a saved Slant model")
    h = hashlib.sha256()
    for p in [d / "config.json", d / "calibration.json", *weights]:
        if p.is_file():
            with open(p, "rb") as fh:
                for chunk in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(chunk)
    return f"{d.resolve().name}-{h.hexdigest()[:12]}"


@dataclass(frozen=True)
class PipelineScorerFactory:
    """Builds the real article pipeline once per worker and scores with it.

    Attributes:
        model_dir: Saved Slant model directory.
        quantize: Dynamic int8 quantisation of the encoder (CPU).
        batch_size: Sentences per encoder batch inside the pipeline.
        max_sentences: Score only the first N sentences of each article (0 = all).
        backend: ``onnx`` or ``torch``; None picks onnx when ``slant[onnx]`` is installed.
        precision: ``fp32`` or ``bf16`` weights (torch backend).
    """

    model_dir: str
    quantize: bool = False
    batch_size: int | None = None  # None: the precision's default
    max_sentences: int = 40
    backend: str | None = None
    precision: str = "fp32"

    def __post_init__(self) -> None:
        if self.batch_size is not None and self.batch_size < 1:
            raise ValueError(f"batch_size={self.batch_size} invalid; expected >= 1")
        if self.max_sentences < 0:
            raise ValueError(
                f"max_sentences={self.max_sentences} invalid; expected 0 (all) or a positive count"
            )

    @property
    def version(self) -> str:
        return model_version(self.model_dir)

    @property
    def settings(self) -> str:
        bf16 = ";precision=bf16" if self.precision != "fp32" else ""  # fp32 caches written before stay valid
        return f"max_sentences={self.max_sentences};quantize={int(self.quantize)}{bf16}"

    @property
    def frame_labels(self) -> tuple[str, ...]:
        """The model's frame labels, in its output order (from its ``config.json``)."""
        from slant.model.config import SlantConfig

        return tuple(SlantConfig.from_pretrained(self.model_dir).frame_labels)

    def __call__(self) -> Scorer:
        from slant.predict import pipeline as pl

        cap = self.max_sentences
        kwargs: dict[str, Any] = {
            "quantize": self.quantize,
            "batch_size": self.batch_size,
            "backend": self.backend,
            "precision": self.precision,
        }
        if cap > 0:  # the pipeline caps after cleaning and splitting: exact, and it says so in its warnings
            kwargs["config"] = pl.PipelineConfig(max_sentences=cap)
        pipe = pl.ArticlePipeline.from_pretrained(self.model_dir, **kwargs)

        def score(article: dict[str, Any]) -> dict[str, Any]:
            return trim_result(pipe.score_article(article), cap)

        return score

    def chunk_scorer(self) -> Any:
        """The batched form used by :func:`score_corpus`: a chunk's sentences in one model call, capped natively."""
        return PipelineFactory(self.model_dir, quantize=self.quantize, batch_size=self.batch_size,
                               max_sentences=self.max_sentences or PipelineFactory.max_sentences,
                               backend=self.backend, precision=self.precision)()  # fmt: skip


def check_result(result: Any, article_id: str) -> dict[str, Any]:
    """Raise :class:`ScoringError` unless ``result`` has the pipeline's sentence structure and article frames."""
    if not isinstance(result, dict) or not isinstance(result.get("sentences"), list):
        raise ScoringError(
            f"article {article_id}: scorer returned {type(result).__name__}, expected a result dict"
        )
    for s in result["sentences"]:
        if not {"text", "bias", "frame_labels"} <= set(s):
            raise ScoringError(
                f"article {article_id}: sentence without text/bias/frame_labels: {json.dumps(s)[:200]}"
            )
    if not has_article_frames(result):
        raise ScoringError(f"article {article_id}: result has no summary.article_frames / article_frame_labels; "
                           "expected the article head's probabilities and labels, as slant predict writes them")  # fmt: skip
    return result


def article_payload(row: dict[str, Any]) -> dict[str, Any]:
    """The dict handed to a scorer for one row of the article table."""
    out = {"id": row["id"], "title": row.get("title", ""), "outlet": row["outlet"]}
    if row.get("text"):
        out["text"] = row["text"]
    else:
        out["html"] = row["html"]
    return out


@dataclass
class ScoringInfo:
    """What a scoring run did: articles found in the cache, cached ones scored again because they had no
    article-level frames (``n_stale``, included in ``n_scored``), newly scored, and the wall time."""

    n_articles: int
    n_cached: int
    n_stale: int = 0
    n_scored: int = 0
    seconds: float = 0.0
    backend: str = "local"

    def to_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


def score_corpus(
    articles: pd.DataFrame,
    factory: ScorerFactory,
    cache: ArticleCache,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    progress: bool = True,
    scorer: Scorer | None = None,
) -> tuple[dict[str, dict[str, Any]], ScoringInfo]:
    """Score every article once, reading and filling the cache; resumable after a kill.

    Args:
        articles: Article table from :func:`slant.compare.corpus.read_corpus` (uses ``key``, ``id``, text...).
        factory: Scorer factory (its ``version`` names ``cache``; its ``settings`` enter each key).
        cache: Where results are read from and written to, one file per article as soon as it is scored.
        workers: 1 scores in this process; more use that many worker processes.
        scheduler: A Dask scheduler address, ``"local"`` or ``"local:threads"`` to score on Dask instead (see
            ``slant.predict.engine``: the same chunked scorer as ``slant predict``).
        progress: Show a tqdm bar with ETA.
        scorer: An already built scorer for the in-process path (skips ``factory()``; tests count calls).

    Returns:
        Results by article ``key``, every one with article-level frames, and a :class:`ScoringInfo`.
    """
    if workers < 1:
        raise ValueError(f"workers={workers} invalid; expected >= 1")
    t0 = time.perf_counter()
    rows = articles.to_dict("records")
    ckeys = {r["key"]: cache_key(r["key"], factory.settings) for r in rows}
    results: dict[str, dict[str, Any]] = {}
    pending: list[dict[str, Any]] = []
    stale = 0
    for r in rows:
        hit = cache.get(ckeys[r["key"]])
        if hit is not None and has_article_frames(hit):
            results[r["key"]] = hit
        else:  # missing, or cached before results carried the article head: scored (again) and overwritten
            stale += hit is not None
            pending.append(r)
    info = ScoringInfo(n_articles=len(rows), n_cached=len(results), n_stale=stale)
    bar = tqdm(
        total=len(pending), desc="scoring articles", unit="article", disable=not progress or not pending
    )

    def done(row: dict[str, Any], result: Any) -> None:
        res = check_result(result, row["id"])
        cache.put(ckeys[row["key"]], res)
        results[row["key"]] = res
        info.n_scored += 1
        bar.update(1)

    parallel = bool(scheduler) or (workers > 1 and len(pending) > 1 and scorer is None)
    if scheduler:
        info.backend = f"dask:{scheduler}"
    elif parallel:
        info.backend = f"processes:{workers}"
    # Pipeline factories score a chunk of articles in one batched model call; plain scorers one at a time.
    size = CHUNK_ARTICLES if scorer is None and hasattr(factory, "chunk_scorer") else 1
    in_flight: deque[list[dict[str, Any]]] = deque()

    def chunks() -> Iterator[list[dict[str, Any]]]:
        for i in range(0, len(pending), size):
            in_flight.append(pending[i : i + size])
            yield [article_payload(r) for r in in_flight[-1]]

    try:
        # The one chunked scorer of Slant (slant.predict.engine): here, in worker processes or on Dask.
        for _, report in score_chunks(chunks(), factory, workers=workers if parallel else 1, scheduler=scheduler,
                                      scorer=PlainChunkScorer(scorer) if scorer is not None else None):  # fmt: skip
            for row, outcome in zip(in_flight.popleft(), report.outcomes):
                if outcome.result is None:
                    why = "; ".join(p.message for p in outcome.problems)
                    raise ScoringError(f"article {row['id']} ({row['outlet']}): {why}")
                done(row, outcome.result)
    except RuntimeError as exc:
        if isinstance(exc, ScoringError):
            raise
        raise ScoringError(f"scoring failed: {exc}") from exc
    finally:
        bar.close()
    info.seconds = round(time.perf_counter() - t0, 3)
    return results, info
