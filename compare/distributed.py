"""Scoring on Dask: the same scorer and cache as the local path, spread over a cluster.

Why Dask (``dask.distributed``): it is a pure-Python install from PyPI (already a Slant dependency), the same code
runs on one machine (a ``LocalCluster``) and on many (``dask-scheduler`` on one host, ``dask-worker
tcp://host:8786`` on each of the others, then ``slant compare --scheduler tcp://host:8786``), and its futures let
the client write each result to the cache as soon as it arrives. The cache semantics are therefore identical to
the local path: results go to ``<out>/cache/<model_version>/<key>.json`` on the client machine, written
atomically, and only articles missing from the cache are sent to the cluster. Each worker process builds the
scorer (loads the model) once, on its first task, and keeps it.

Workers need Slant installed and the model directory at the same path (a shared filesystem or a copy).

Scheduler values:
    ``local``           a LocalCluster with ``--workers`` single-threaded worker processes on this machine;
    ``local:threads``   a LocalCluster of threads in this process (debugging and tests);
    ``tcp://host:port`` an existing scheduler.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from slant.compare.scoring import ScorerFactory, ScoringError, article_payload, worker_scorer


def dask_score_one(factory: ScorerFactory, article: dict[str, Any]) -> dict[str, Any]:
    """Task run on a Dask worker: score one article with this worker's cached scorer."""
    return worker_scorer(factory)(article)


def score_on_dask(
    pending: list[dict[str, Any]],
    factory: ScorerFactory,
    done: Callable[[dict[str, Any], Any], None],
    *,
    scheduler: str = "local",
    n_workers: int = 1,
) -> None:
    """Score ``pending`` article rows on Dask, calling ``done(row, result)`` on the client as each finishes.

    Args:
        pending: Article-table rows not yet in the cache.
        factory: Picklable scorer factory (sent to the workers).
        done: Client-side callback that checks and caches one result.
        scheduler: ``local``, ``local:threads`` or a scheduler address such as ``tcp://10.0.0.5:8786``.
        n_workers: Workers of a LocalCluster (ignored for a remote scheduler).

    Raises:
        ScoringError: A task failed; results already cached stay cached.
        slant.extras.MissingExtra: Dask is not installed (``pip install 'slant[dask]'``).
    """
    from slant.extras import require

    require("dask", "slant compare --scheduler")
    from dask.distributed import Client, LocalCluster, as_completed

    if not pending:
        return
    cluster = None
    if scheduler in ("local", "local:threads"):
        cluster = LocalCluster(
            n_workers=max(1, n_workers),
            threads_per_worker=1,
            processes=scheduler == "local",
            dashboard_address=None,
        )
        client = Client(cluster)
    elif scheduler.startswith(("tcp://", "tls://", "inproc://", "ucx://")):
        client = Client(scheduler)
    else:
        raise ValueError(
            f"scheduler {scheduler!r} invalid; expected 'local', 'local:threads' or tcp://host:port"
        )
    try:
        # Bounded in flight, so a corpus of any size never floods the scheduler.
        limit = 8 * max(1, len(client.scheduler_info().get("workers", {})) or n_workers)
        todo = iter(pending)
        rows: dict[str, dict[str, Any]] = {}
        queue = as_completed()
        for r in (next(todo, None) for _ in range(limit)):
            if r is not None:
                fut = client.submit(dask_score_one, factory, article_payload(r), pure=False)
                rows[fut.key] = r
                queue.add(fut)
        for fut in queue:
            r = rows.pop(fut.key)
            if fut.status != "finished":
                exc = fut.exception()
                raise ScoringError(
                    f"article {r['id']} ({r['outlet']}): scoring failed on Dask: {exc}"
                ) from exc
            done(r, fut.result())
            fut.release()
            nxt = next(todo, None)
            if nxt is not None:
                new = client.submit(dask_score_one, factory, article_payload(nxt), pure=False)
                rows[new.key] = nxt
                queue.add(new)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
