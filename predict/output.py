"""Writing results: atomically to a file (temp file in the same folder, then ``os.replace``), or to stdout."""

from __future__ import annotations

import contextlib
import os
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import TextIO


def _file_mode(path: Path) -> int:
    """The mode of the file being replaced, else 0666 minus the process umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        mask = os.umask(0)
        os.umask(mask)
        return 0o666 & ~mask


def write_atomic(path: str | Path, chunks: Iterable[str]) -> Path:
    """Write ``chunks`` to ``path`` so that readers see the old file or the complete new one, never a part.

    The folder is created when missing. If producing a chunk or writing fails, the temporary file is removed,
    any existing file at ``path`` is left as it was, and the error propagates.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.chmod(tmp, _file_mode(path))  # mkstemp makes 0600; results are ordinary files
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for chunk in chunks:
                fh.write(chunk)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return path


def write_stream(chunks: Iterable[str], stream: TextIO | None = None) -> None:
    """Write ``chunks`` to ``stream`` (stdout by default)."""
    stream = stream or sys.stdout
    for chunk in chunks:
        stream.write(chunk)
    stream.flush()
