"""The one entry point for every task: `load_task`, over the corpora (SOURCES) and the task table (TASKS).

Example:
    >>> from slant.data.registry import load_task          # doctest: +SKIP
    >>> dd = load_task("stance", seed=13)                  # doctest: +SKIP
    >>> dd, report = load_task("bias", return_report=True)  # doctest: +SKIP
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from slant.data.cache import cached_build
from slant.data.corpora import SOURCES, Source, fingerprint, load_source
from slant.data.protocols import TASKS

if TYPE_CHECKING:
    import datasets

__all__ = ["SOURCES", "TASKS", "Source", "fingerprint", "load_source", "load_task"]


def load_task(
    task: str,
    *,
    seed: int = 13,
    fold: int = 0,
    data_dir: str | os.PathLike[str] | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    use_cache: bool = True,
    return_report: bool = False,
) -> datasets.DatasetDict | tuple[datasets.DatasetDict, dict[str, Any]]:
    """Build (or read from cache) one task's DatasetDict in the shared row schema.

    Args:
        task: a key of TASKS.
        seed: seed of every split the protocol carves (dev sets, test sets made by us, folds).
        fold: test fold for frames_semeval (0-4); ignored by other tasks.
        data_dir: corpus mirror; defaults to $SLANT_DATA_DIR, else files are downloaded.
        cache_dir: where prepared DatasetDicts are cached (default ``artifacts/data/cache``).
        use_cache: read/write that cache.
        return_report: also return the report dict (sizes, label counts, exclusions, duplicates removed).

    Returns:
        The DatasetDict, or (DatasetDict, report) with ``return_report=True``.

    Raises:
        ValueError: unknown task or fold out of range.
        DataError: missing or malformed corpus files.
    """
    return cached_build(
        task,
        seed=seed,
        fold=fold,
        data_dir=data_dir,
        cache_dir=cache_dir,
        use_cache=use_cache,
        return_report=return_report,
    )
