"""The chunked scorer: one code path for `slant predict` and `slant compare`, in this process, a pool or Dask.

A *chunk* is a list of input dicts (articles, or sentence records for ``--unit sentence``). A *chunk scorer*
turns one into a :class:`ChunkReport`: one :class:`Outcome` per input (its result, or None with the error) plus
counts and timings. It works in two steps so the steps can overlap: ``prepare`` (read HTML, clean, split, find
targets: pure Python) and ``score`` (the model; torch and ONNX Runtime release the GIL while they compute).

:func:`score_chunks` runs chunks through a scorer and yields ``(chunk, report)`` **in input order**, with a bounded
number of chunks in flight, so memory stays flat however long the input is:

* in this process (``workers=1``): a helper thread reads and prepares chunk k+1 while the model scores chunk k;
* ``workers=N``: N spawn-started processes, each loading the model once with ``cores // N`` threads;
* ``scheduler=...``: Dask (``local``: a LocalCluster of processes; ``local:threads``; ``tcp://host:8786``: an
  existing cluster). Each worker process builds the scorer once, on its first task, and keeps it.

A *scorer factory* is a picklable, hashable callable sent to the workers. :class:`PipelineFactory` builds the real
article pipeline; any factory whose product is a plain ``article -> result`` callable also works (wrapped by
:class:`PlainChunkScorer`), which is how ``slant compare`` runs its deterministic stand-in.

Example:
    >>> factory = PipelineFactory("artifacts/model", backend="onnx", quantize=True, max_sentences=40)  # doctest: +SKIP
    >>> for chunk, report in score_chunks(chunks, factory, workers=1):  # doctest: +SKIP
    ...     write([o.result for o in report.outcomes if o.result])
"""

from __future__ import annotations

import dataclasses
import hashlib
import multiprocessing
import os
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from slant.predict.inputs import Problem


@dataclass
class Outcome:
    """What one input gave: its result dict (None when it gave nothing) and the problems met on the way."""

    result: dict[str, Any] | None
    problems: list[Problem] = field(default_factory=list)


@dataclass
class ChunkReport:
    """One scored chunk.

    Attributes:
        outcomes: One per input, in order.
        n_sentences: Sentences in the results (duplicates counted each time).
        n_unique: Sentences that went through the model (identical ones within the chunk scored once).
        prepare_s: Seconds spent reading/cleaning/splitting (in the helper thread or the worker).
        score_s: Seconds spent in the model and building results.
    """

    outcomes: list[Outcome]
    n_sentences: int = 0
    n_unique: int = 0
    prepare_s: float = 0.0
    score_s: float = 0.0


class ChunkScorer(Protocol):
    def prepare(self, items: list[dict[str, Any]]) -> Any: ...

    def score(self, prepared: Any) -> ChunkReport: ...


def _source(item: dict[str, Any]) -> str:
    return str(item.get("source") or item.get("id"))


def _failed(item: dict[str, Any], what: str, err: BaseException) -> Outcome:
    return Outcome(None, [Problem(_source(item), f"{what} failed ({type(err).__name__}: {err})", True)])


class PlainChunkScorer:
    """A chunk scorer over a per-article ``scorer(article) -> result`` callable (no batching, no overlap)."""

    def __init__(self, scorer: Callable[[dict[str, Any]], dict[str, Any]]) -> None:
        self.scorer = scorer

    def prepare(self, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return items

    def score(self, prepared: list[dict[str, Any]]) -> ChunkReport:
        report = ChunkReport([])
        for item in prepared:
            try:
                result = self.scorer(item)
            except Exception as err:  # noqa: BLE001 - one bad article loses only itself
                report.outcomes.append(_failed(item, "scoring", err))
                continue
            report.outcomes.append(Outcome(result))
            n = len(result.get("sentences") or []) if isinstance(result, dict) else 0
            report.n_sentences += n
            report.n_unique += n
        return report


class PipelineChunkScorer:
    """The article pipeline as a chunk scorer: all sentences of a chunk in one deduplicated model call."""

    def __init__(self, pipe: Any, unit: str = "article") -> None:
        if unit not in ("article", "sentence"):
            raise ValueError(f"unit={unit!r}; expected 'article' or 'sentence'")
        self.pipe, self.unit = pipe, unit

    def prepare(self, items: list[dict[str, Any]]) -> list[tuple[dict[str, Any], Any]]:
        """Per item ``(item, PreparedArticle | Outcome)``: an Outcome when the item already failed."""
        if self.unit == "sentence":
            return [(item, item) for item in items]
        out: list[tuple[dict[str, Any], Any]] = []
        for item in items:
            try:
                prep = self.pipe.prepare(item)
            except Exception as err:  # noqa: BLE001 - one bad article never stops the chunk
                out.append((item, _failed(item, "preparing the article", err)))
                continue
            new = [Problem(_source(item), w) for w in prep.warnings[len(item.get("warnings") or []) :]]
            if not prep.sentences:  # nothing usable: one error line, the reason is the last warning
                out.append((item, Outcome(None, [Problem(_source(item), prep.warnings[-1], True)])))
            else:
                out.append((item, (prep, new)))
        return out

    def _score_many(self, preps: list[Any]) -> list[dict[str, Any]]:
        if self.unit == "sentence":
            return self.pipe.score_sentences(preps)
        return self.pipe.score_prepared([p for p, _ in preps])

    def score(self, prepared: list[tuple[dict[str, Any], Any]]) -> ChunkReport:
        todo = [k for k, (_, p) in enumerate(prepared) if not isinstance(p, Outcome)]
        outcomes: list[Outcome | None] = [p if isinstance(p, Outcome) else None for _, p in prepared]
        report = ChunkReport([])
        try:
            results = self._score_many([prepared[k][1] for k in todo])
            report.n_unique += self.pipe.last_unique
        except Exception:  # noqa: BLE001 - find the culprit: score one by one, so one bad item loses only itself
            results = []
            for k in todo:
                try:
                    results.extend(self._score_many([prepared[k][1]]))
                    report.n_unique += self.pipe.last_unique
                except Exception as err:  # noqa: BLE001
                    results.append(_failed(prepared[k][0], "scoring", err))  # type: ignore[arg-type]
        for k, res in zip(todo, results):
            if isinstance(res, Outcome):
                outcomes[k] = res
                continue
            warnings = [] if self.unit == "sentence" else prepared[k][1][1]
            outcomes[k] = Outcome(res, warnings)
            report.n_sentences += len(res["sentences"]) if self.unit == "article" else 1
        report.outcomes = [o for o in outcomes if o is not None]
        return report


@dataclass(frozen=True)
class PipelineFactory:
    """Builds :class:`PipelineChunkScorer` over the real article pipeline (once per process).

    Attributes:
        model_dir: Saved Slant model directory (the same path on every Dask worker).
        backend: ``torch`` or ``onnx``.
        quantize: Int8 encoder (dynamic quantisation).
        precision: ``fp32`` or ``bf16`` weights (torch backend).
        batch_size: Sentences per encoder batch.
        max_sentences: Sentences scored per article.
        targets: Extra target names looked for in every article.
        unit: ``article`` or ``sentence`` (already split sentence records).
        threads: Intra-op threads of the model (None: every core of the process).
    """

    model_dir: str
    backend: str = "torch"
    quantize: bool = False
    batch_size: int | None = None  # None: the precision's default
    max_sentences: int = 2000
    targets: tuple[str, ...] = ()
    unit: str = "article"
    threads: int | None = None
    aliases: tuple[tuple[str, tuple[str, ...]], ...] = ()  # user alias entries (name, surface forms)
    max_targets: int = 16  # targets marked in one pass (slant.predict.prepare.MAX_TARGETS)
    precision: str = "fp32"

    def __call__(self) -> PipelineChunkScorer:
        import warnings

        from slant.predict.pipeline import ArticlePipeline, PipelineConfig

        config = PipelineConfig(
            max_sentences=self.max_sentences,
            targets=self.targets,
            aliases=self.aliases,
            max_targets=self.max_targets,
        )
        with warnings.catch_warnings():  # torch's quantisation API warns about itself
            warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.ao")
            pipe = ArticlePipeline.from_pretrained(
                self.model_dir, quantize=self.quantize, batch_size=self.batch_size, config=config,
                backend=self.backend, threads=self.threads, precision=self.precision,
            )  # fmt: skip
        return PipelineChunkScorer(pipe, self.unit)


def build_chunk_scorer(factory: Callable[[], Any]) -> ChunkScorer:
    """The factory's product as a chunk scorer (``factory.chunk_scorer()`` when it has one)."""
    make = getattr(factory, "chunk_scorer", None)
    made = make() if make is not None else factory()
    return made if hasattr(made, "prepare") and hasattr(made, "score") else PlainChunkScorer(made)


def cores() -> int:
    """Cores this process may use."""
    return max(1, len(os.sched_getaffinity(0)))


# One scorer per worker process and factory, built on first use (pool initializer or first Dask task).
_WORKER_SCORERS: dict[Any, ChunkScorer] = {}
_WORKER_LOCK = threading.Lock()


def worker_chunk_scorer(factory: Any, threads: int | None = None) -> ChunkScorer:
    """This process's scorer for ``factory``; ``threads`` caps the model's intra-op threads in this process."""
    with _WORKER_LOCK:
        key = (factory, threads)
        if key not in _WORKER_SCORERS:
            if threads:
                os.environ.setdefault("OMP_NUM_THREADS", str(threads))
                if dataclasses.is_dataclass(factory) and "threads" in {
                    f.name for f in dataclasses.fields(factory)
                }:
                    factory = dataclasses.replace(factory, threads=threads)
            _WORKER_SCORERS[key] = build_chunk_scorer(factory)
            if (
                threads and "torch" in sys.modules
            ):  # only when the scorer uses torch: importing it costs seconds
                sys.modules["torch"].set_num_threads(threads)
        return _WORKER_SCORERS[key]


def run_chunk(factory: Any, chunk: list[dict[str, Any]], threads: int | None = None) -> ChunkReport:
    """Task of a worker process or Dask worker: prepare and score one chunk with this process's scorer."""
    scorer = worker_chunk_scorer(factory, threads)
    t0 = time.perf_counter()
    prepared = scorer.prepare(chunk)
    t1 = time.perf_counter()
    report = scorer.score(prepared)
    report.prepare_s, report.score_s = t1 - t0, time.perf_counter() - t1
    return report


def _init_worker(factory: Any, threads: int | None) -> None:
    worker_chunk_scorer(factory, threads)


Chunks = Iterable[list[dict[str, Any]]]
PREPARE_NICE = 10  # niceness of the helper thread that reads and prepares the next chunk


def score_chunks(
    chunks: Chunks,
    factory: Any = None,
    *,
    workers: int = 1,
    scheduler: str | None = None,
    scorer: ChunkScorer | None = None,
    threads: int | None = None,
) -> Iterator[tuple[list[dict[str, Any]], ChunkReport]]:
    """Score chunks and yield ``(chunk, report)`` in input order (see the module docstring).

    Args:
        chunks: Lists of input dicts, consumed lazily (in the helper thread when scoring here).
        factory: Picklable scorer factory (needed for ``workers > 1`` and Dask).
        workers: 1 scores in this process; more use that many processes (or LocalCluster workers).
        scheduler: ``local``, ``local:threads`` or a Dask scheduler address such as ``tcp://10.0.0.5:8786``.
        scorer: An already built scorer for this process (skips building one from ``factory``).
        threads: Model threads per worker process (default: the cores divided among the local workers).

    Raises:
        ValueError: Bad ``workers`` or ``scheduler``.
        RuntimeError: A worker or task died (the chunks yielded before stay yielded).
    """
    if workers < 1:
        raise ValueError(f"workers={workers} invalid; expected >= 1")
    if scheduler:
        yield from _on_dask(chunks, factory, scheduler, workers, threads)
    elif workers > 1 and scorer is None:
        yield from _in_pool(chunks, factory, workers, threads or max(1, cores() // workers))
    else:
        yield from _here(chunks, scorer or worker_chunk_scorer(factory, threads))


def _yield_to_the_model() -> None:
    """Lower this (helper) thread's priority on Linux, so it takes the cores the model leaves idle (tokenising,
    building results) instead of preempting the model's own threads, which wait for each other at every op."""
    try:
        tid = threading.get_native_id()
        if os.getpriority(os.PRIO_PROCESS, tid) < PREPARE_NICE:
            os.setpriority(os.PRIO_PROCESS, tid, PREPARE_NICE)
    except (AttributeError, OSError):  # not Linux, or not allowed: the thread keeps the normal priority
        pass


def _here(chunks: Chunks, scorer: ChunkScorer) -> Iterator[tuple[list[dict[str, Any]], ChunkReport]]:
    """Score in this process; a helper thread reads and prepares the next chunk meanwhile."""
    it = iter(chunks)

    def prepare_next() -> tuple[list[dict[str, Any]], Any, float] | None:
        _yield_to_the_model()
        chunk = next(it, None)
        if chunk is None:
            return None
        t0 = time.perf_counter()
        return chunk, scorer.prepare(chunk), time.perf_counter() - t0

    with ThreadPoolExecutor(1, thread_name_prefix="slant-prepare") as pool:
        ahead = pool.submit(prepare_next)
        while (got := ahead.result()) is not None:
            ahead = pool.submit(prepare_next)  # the next chunk is read and prepared while this one scores
            chunk, prepared, prepare_s = got
            t0 = time.perf_counter()
            report = scorer.score(prepared)
            report.prepare_s, report.score_s = prepare_s, time.perf_counter() - t0
            yield chunk, report


def _in_order(
    submit: Callable[[list[dict[str, Any]]], Any],
    chunks: Chunks,
    limit: int,
    wait: Callable[[Any], ChunkReport],
) -> Iterator[tuple[list[dict[str, Any]], ChunkReport]]:
    """Submit chunks with at most ``limit`` in flight; yield them back in submission order."""
    running: deque[tuple[list[dict[str, Any]], Any]] = deque()
    for chunk in chunks:
        running.append((chunk, submit(chunk)))
        while len(running) >= limit:
            done, fut = running.popleft()
            yield done, wait(fut)
    while running:
        done, fut = running.popleft()
        yield done, wait(fut)


def _task_result(fut: Any) -> ChunkReport:
    try:
        return fut.result()
    except Exception as err:  # a dead worker, a model that fails to load...: no per-article culprit
        raise RuntimeError(f"a scoring worker failed ({type(err).__name__}: {err})") from err


def _in_pool(chunks: Chunks, factory: Any, workers: int, threads: int) -> Iterator[Any]:
    # spawn, not fork: forking a process that already holds torch/OpenMP threads can deadlock.
    ctx = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        workers, mp_context=ctx, initializer=_init_worker, initargs=(factory, threads)
    ) as pool:
        try:
            yield from _in_order(lambda c: pool.submit(run_chunk, factory, c, threads), chunks, 2 * workers,
                                 _task_result)  # fmt: skip
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _on_dask(
    chunks: Chunks, factory: Any, scheduler: str, workers: int, threads: int | None
) -> Iterator[Any]:
    from slant.extras import require

    require("dask", "scoring on Dask (--scheduler)")
    from dask.distributed import Client, LocalCluster

    cluster = None
    if scheduler in ("local", "local:threads"):
        threads = threads or max(1, cores() // workers)
        cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=scheduler == "local",
                               dashboard_address=None)  # fmt: skip
        client = Client(cluster)
    elif scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        client = Client(scheduler)
    else:
        raise ValueError(
            f"scheduler {scheduler!r} invalid; expected 'local', 'local:threads' or tcp://host:port"
        )
    try:
        n = len(client.scheduler_info().get("workers", {})) or workers
        submit = lambda c: client.submit(run_chunk, factory, c, threads, pure=False)  # noqa: E731
        yield from _in_order(submit, chunks, 2 * n, _task_result)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def model_digest(model_dir: str | Path) -> str:
    """12 hex digits over the trained files (config, calibration, safetensors weights): the model's identity.

    Exported ONNX files are left out, so exporting them on first use does not change the identity."""
    d = Path(model_dir)
    h = hashlib.sha256()
    for p in [d / "config.json", d / "calibration.json", *sorted(d.glob("*.safetensors"))]:
        if p.is_file():
            h.update(p.name.encode())
            with open(p, "rb") as fh:
                for block in iter(lambda fh=fh: fh.read(1 << 20), b""):
                    h.update(block)
    return h.hexdigest()[:12]


def model_identity(
    model_dir: str | Path, *, backend: str = "torch", quantize: bool = False, precision: str = "fp32"
) -> dict[str, Any]:
    """What a streaming output records about its model: ``name`` and ``version`` (as the results carry them),
    ``digest`` (:func:`model_digest`), ``backend``, ``quantize`` and ``precision`` (when not fp32); plus
    ``labels`` (the heads' label lists, not part of the identity). Reads the model directory's JSON files only; raises ``ModelDirError`` or
    ``OSError`` for a directory that is not a saved model."""
    from slant.model import ModelDirError
    from slant.model.config import SlantConfig
    from slant.model.io import read_json

    d = Path(model_dir)
    if not (d / "config.json").is_file():
        raise ModelDirError(f"{d}: no config.json; expected a model directory written by `slant train`")
    config = SlantConfig.from_pretrained(d)
    info = read_json(d / "run_info.json", default={}) or {}
    return {
        "name": str(info.get("name") or d.name), "version": str(info.get("version") or config.slant_version or "0"),
        "digest": model_digest(d), "backend": backend, "quantize": bool(quantize), "labels": config.heads,
        # fp32 is left implicit, so outputs written before bf16 existed still resume
        **({"precision": precision} if precision != "fp32" else {}),
    }  # fmt: skip
