"""The scoring thread of ``slant serve``: one model, a bounded queue, articles of waiting requests merged.

The event loop never runs the model: a request hands its articles to :meth:`ScoringWorker.submit` and awaits the
returned future. The queue holds at most ``queue_size`` requests; one more raises :class:`Busy` (the service
answers 503). The thread takes a request, then whatever else is already waiting (up to ``merge_articles``
articles), cleans and splits every article, and scores all their sentences in one model call, so concurrent
clients share batches. An article that fails (no text, too many sentences, a scoring error) fails alone.
"""

from __future__ import annotations

import logging
import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Any

from slant.serve.errors import ApiError, over_limit

log = logging.getLogger("slant.serve")
Outcome = dict[str, Any] | ApiError  # a result dict, or the error of that one article


class Busy(Exception):
    """The queue is full."""


@dataclass
class _Job:
    articles: list[dict[str, Any]]
    future: Future = field(default_factory=Future)


class ScoringWorker:
    """Owns the pipeline; the only thread that touches the model.

    Args:
        pipeline: A loaded :class:`slant.predict.pipeline.ArticlePipeline`.
        queue_size: Requests that may wait at most.
        max_sentences: Sentences per article at most (counted after cleaning and splitting).
        merge_articles: Articles scored together in one model call at most.
    """

    def __init__(self, pipeline: Any, *, queue_size: int, max_sentences: int, merge_articles: int) -> None:
        self.pipeline = pipeline
        self.max_sentences = max_sentences
        self.merge_articles = merge_articles
        self._queue: queue.Queue[_Job | None] = queue.Queue(maxsize=queue_size)
        self._thread = threading.Thread(target=self._run, name="slant-scoring", daemon=True)
        self._thread.start()

    @property
    def waiting(self) -> int:
        return self._queue.qsize()

    def submit(self, articles: list[dict[str, Any]]) -> Future:
        """Queue articles; the future resolves to one :data:`Outcome` per article, in order. Raises Busy."""
        job = _Job(articles)
        try:
            self._queue.put_nowait(job)
        except queue.Full:
            raise Busy from None
        return job.future

    def close(self) -> None:
        """Stop the thread after the requests already queued."""
        self._queue.put(None)
        self._thread.join(timeout=30)

    # -- the thread -----------------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None:
                return
            jobs = [job]
            n = len(job.articles)
            while n < self.merge_articles:  # take what is already waiting; never wait for more
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    self._queue.put(None)  # re-queue the stop for after this round
                    break
                jobs.append(nxt)
                n += len(nxt.articles)
            # A request whose client went away was cancelled: skip it; the others can no longer be cancelled.
            jobs = [j for j in jobs if j.future.set_running_or_notify_cancel()]
            if not jobs:
                continue
            try:
                outcomes = self._score([a for j in jobs for a in j.articles])
            except BaseException as err:  # noqa: BLE001 - never let the thread die; fail these requests
                log.exception("scoring failed")
                for j in jobs:
                    j.future.set_exception(err)
                continue
            k = 0
            for j in jobs:
                j.future.set_result(outcomes[k : k + len(j.articles)])
                k += len(j.articles)

    def _prepare(self, article: dict[str, Any]) -> Any:
        try:
            prep = self.pipeline.prepare(article)
        except Exception as err:  # noqa: BLE001
            return ApiError(
                422, "unreadable_article", f"cannot read the article ({type(err).__name__}: {err})"
            )
        if not prep.sentences:
            return ApiError(422, "no_text", f"{prep.warnings[-1]}; expected article text with sentences")
        if len(prep.sentences) > self.max_sentences:
            return over_limit(413, "too_many_sentences", "the article's sentence count", "max_sentences",
                              self.max_sentences, len(prep.sentences))  # fmt: skip
        return prep

    def _score(self, articles: list[dict[str, Any]]) -> list[Outcome]:
        outcomes: list[Any] = [self._prepare(a) for a in articles]
        ready = [i for i, o in enumerate(outcomes) if not isinstance(o, ApiError)]
        try:
            results = self.pipeline.score_prepared([outcomes[i] for i in ready])
        except Exception:  # noqa: BLE001 - one article broke the merged call: score each alone
            results = []
            for i in ready:
                try:
                    results.extend(self.pipeline.score_prepared([outcomes[i]]))
                except Exception as err:  # noqa: BLE001
                    log.exception("scoring one article failed")
                    results.append(ApiError(500, "scoring_failed", f"{type(err).__name__}: {err}"))
        for i, r in zip(ready, results):
            outcomes[i] = r
        return outcomes
