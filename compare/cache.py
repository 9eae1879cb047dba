"""On-disk cache of scored articles: one small JSON file per article, written atomically.

Layout: ``<root>/<model_version>/<key>.json`` where ``key`` is the sha256 of the scored content plus the scoring
settings (see :func:`cache_key`). A file exists only once it is complete (temp file + ``os.replace``), so a run
killed halfway leaves no partial entries and a re-run scores only what is missing.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Any

_SAFE = re.compile(r"[^A-Za-z0-9._-]+")


def cache_key(content_hash: str, settings: str = "") -> str:
    """Cache key of one article: sha256 over its content hash and the scoring settings that change results."""
    return hashlib.sha256(f"{content_hash}\x00{settings}".encode()).hexdigest()


class ArticleCache:
    """Scored-article store for one model version.

    Args:
        root: Cache root (``<out>/cache``).
        model_version: Directory name for the model; unsafe characters become ``_``.

    Example:
        >>> import tempfile
        >>> c = ArticleCache(tempfile.mkdtemp(), "tiny-1")
        >>> c.put("ab" * 32, {"id": "a"}); c.get("ab" * 32)
        {'id': 'a'}
    """

    def __init__(self, root: str | Path, model_version: str) -> None:
        if not model_version:
            raise ValueError("model_version is empty; expected a non-empty name for the cache directory")
        self.dir = Path(root) / _SAFE.sub("_", model_version)
        self.dir.mkdir(parents=True, exist_ok=True)

    def path(self, key: str) -> Path:
        """File of one key."""
        if not re.fullmatch(r"[0-9a-f]{64}", key):
            raise ValueError(f"cache key {key!r} invalid; expected 64 lowercase hex digits (sha256)")
        return self.dir / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        """The cached result, or None when missing or unreadable (an unreadable file is rescored)."""
        p = self.path(key)
        try:
            with open(p, encoding="utf-8") as fh:
                return json.load(fh)
        except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
            return None

    def __contains__(self, key: str) -> bool:
        return self.path(key).is_file()

    def put(self, key: str, result: dict[str, Any]) -> None:
        """Write one result atomically (temp file in the same directory, then ``os.replace``)."""
        fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".json", dir=self.dir)
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(result, fh, ensure_ascii=False)
            os.replace(tmp, self.path(key))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def __len__(self) -> int:
        return sum(1 for _ in self.dir.glob("*.json") if not _.name.startswith(".tmp-"))
