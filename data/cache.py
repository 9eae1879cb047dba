"""Building a task's DatasetDict once and caching it on disk, written atomically."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from slant.data.corpora import SOURCES, fingerprint
from slant.data.mirror import source_dir
from slant.data.protocols import TASKS, label_counts

DEFAULT_CACHE_DIR = Path("artifacts/data/cache")
# Bump when a parser or protocol changes what rows a task holds; old cache folders are then ignored.
PROTOCOL_VERSION = 7


def file_digest(path: Path) -> str:
    """Content hash of a file the rows depend on ("missing" when absent, so its later arrival rebuilds)."""
    return hashlib.sha256(path.read_bytes()).hexdigest()[:16] if path.is_file() else "missing"


def cache_key(task: str, seed: int, fold: int, fingerprints: dict[str, str]) -> str:
    """Hash of everything that determines a task's rows."""
    payload = json.dumps(
        {"task": task, "seed": seed, "fold": fold, "version": PROTOCOL_VERSION, "sources": fingerprints},
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:12]


def cached_build(
    task: str, *, seed: int, fold: int, data_dir: Any, cache_dir: Any, use_cache: bool, return_report: bool
) -> Any:
    """Implementation of registry.load_task (see there)."""
    import datasets

    from slant.data.schema import FEATURES

    if task not in TASKS:
        raise ValueError(f"unknown task {task!r}; expected one of {sorted(TASKS)}")
    spec = TASKS[task]
    fold = fold if spec.folded else 0
    final: Path | None = None
    if use_cache:
        prints = {s: fingerprint(source_dir(SOURCES[s], data_dir)) for s in spec.sources}
        prints.update({Path(f).name: file_digest(Path(f)) for f in spec.extra_files})
        final = Path(cache_dir or DEFAULT_CACHE_DIR) / f"{task}-{cache_key(task, seed, fold, prints)}"
        if (final / "report.json").is_file():
            dd = datasets.load_from_disk(str(final))
            report = json.loads((final / "report.json").read_text(encoding="utf-8"))
            return (dd, report) if return_report else dd
    splits, report = spec.build(seed, fold, data_dir)
    dd = datasets.DatasetDict(
        {name: datasets.Dataset.from_list(splits[name], features=FEATURES) for name in spec.splits}
    )
    report["sizes"] = {name: len(splits[name]) for name in spec.splits}
    report["label_counts"] = {name: label_counts(spec, splits[name]) for name in spec.splits}
    if final is not None:
        write_atomic(dd, report, final)
    return (dd, report) if return_report else dd


def write_atomic(dd: Any, report: dict[str, Any], final: Path) -> None:
    """Save to a temporary sibling folder, then rename it into place, so no half-written cache is ever read."""
    final.parent.mkdir(parents=True, exist_ok=True)
    import datasets

    tmp = Path(tempfile.mkdtemp(dir=final.parent, prefix=f".{final.name}-tmp-"))
    bars_were_off = datasets.utils.are_progress_bars_disabled()
    datasets.utils.disable_progress_bars()
    try:
        dd.save_to_disk(str(tmp / "dd"))
        for item in (tmp / "dd").iterdir():
            item.rename(tmp / item.name)
        (tmp / "dd").rmdir()
        (tmp / "report.json").write_text(json.dumps(report, indent=2, sort_keys=True), encoding="utf-8")
        try:
            os.replace(tmp, final)
        except OSError:
            if not (final / "report.json").is_file():  # another writer did not finish first: a real failure
                raise
    finally:
        if not bars_were_off:
            datasets.utils.enable_progress_bars()
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)
