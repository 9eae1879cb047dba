"""Where a source's files come from: the local mirror (SLANT_DATA_DIR), else a download cache."""

from __future__ import annotations

import os
import tempfile
import urllib.error
import urllib.request
from pathlib import Path
from typing import TYPE_CHECKING

from slant.data.errors import DataError

if TYPE_CHECKING:
    from slant.data.corpora import Source

ENV_VAR = "SLANT_DATA_DIR"
# Downloads land here unless $SLANT_DOWNLOAD_DIR (or the download_dir argument) says otherwise.
DOWNLOAD_ENV_VAR = "SLANT_DOWNLOAD_DIR"
DEFAULT_DOWNLOAD_DIR = Path("~/.cache/slant/datasets")


def mirror_root(data_dir: str | os.PathLike[str] | None = None) -> Path | None:
    """The mirror folder: ``data_dir`` if given, else $SLANT_DATA_DIR, else None (download instead)."""
    chosen = data_dir if data_dir is not None else os.environ.get(ENV_VAR) or None
    if chosen is None:
        return None
    root = Path(chosen).expanduser()
    if not root.is_dir():
        raise DataError(f"{root}: data directory not found; expected a folder holding one folder per corpus")
    return root


def source_dir(
    source: Source, data_dir: str | os.PathLike[str] | None = None, download_dir: Path | None = None
) -> Path:
    """Return the folder holding ``source``'s release files, downloading them first when there is no mirror.

    Raises:
        DataError: the mirror lacks the source's folder, or a download is needed and fails (offline, moved).
    """
    root = mirror_root(data_dir)
    if root is not None:
        folder = root / source.folder
        if not folder.is_dir():
            raise DataError(
                f"{folder}: folder for corpus {source.name!r} not found in the data directory {root}; "
                f"expected the release files of {source.origin}"
            )
        return folder
    chosen = download_dir or os.environ.get(DOWNLOAD_ENV_VAR) or DEFAULT_DOWNLOAD_DIR
    cache = Path(chosen).expanduser() / source.folder
    download(source, cache)
    return cache


def download(source: Source, dest: Path, timeout: float = 60.0) -> None:
    """Fetch every file of ``source.downloads`` into ``dest`` (skipping those present), each written atomically."""
    if not source.downloads:
        raise DataError(
            f"corpus {source.name!r} has no direct download; {source.manual or 'get it from ' + source.origin}, "
            f"then point {ENV_VAR} at the folder that holds {source.folder}/"
        )
    for rel, url in source.downloads:
        target = dest / rel
        if target.is_file() and target.stat().st_size > 0:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".part-")
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
                while chunk := resp.read(1 << 20):
                    out.write(chunk)
            os.replace(tmp, target)
        except (urllib.error.URLError, OSError) as exc:
            Path(tmp).unlink(missing_ok=True)
            raise DataError(
                f"could not download {url} for corpus {source.name!r} ({exc}); offline? "
                f"Set {ENV_VAR} to a local mirror holding {source.folder}/{rel}"
            ) from exc
    if source.manual:
        missing = [f for f in source.files if not (dest / f).exists()]
        if missing:
            raise DataError(f"{dest}: {source.name!r} also needs {missing}: {source.manual}")
