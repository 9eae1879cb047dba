"""Article-Bias-Prediction (Baly et al., EMNLP 2020): data/jsons/*.json (or its tar.xz) plus released splits."""

from __future__ import annotations

import json
import lzma
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from slant.data.errors import DataError, row_error
from slant.data.labels import LEANING_LABELS
from slant.data.schema import make_row
from slant.data.sources.base import Parsed, read_text_utf8

NAME = "article_bias_prediction"
JSON_DIR = "data/jsons"
TARBALL = "data_jsons.tar.xz"
SPLIT_KINDS = ("media", "random")
SPLIT_PARTS = ("train", "valid", "test")
SPLIT_FILES = tuple(f"data/splits/{k}/{p}.tsv" for k in SPLIT_KINDS for p in SPLIT_PARTS)
FIELDS = ("ID", "topic", "source", "bias", "title", "date", "content")


def _iter_json(root: Path) -> Iterator[tuple[str, bytes]]:
    """Yield (member name, raw bytes) of every article JSON, from the folder if present, else the tar.xz."""
    folder, tarball = root / JSON_DIR, root / TARBALL
    if folder.is_dir():
        for p in sorted(folder.glob("*.json")):
            yield str(p), p.read_bytes()
        return
    if not tarball.is_file():
        raise DataError(f"{root}: expected the article folder {JSON_DIR}/ or {TARBALL}, found neither")
    try:
        with tarfile.open(tarball, "r:xz") as tar:
            for member in tar:
                if member.isfile() and member.name.endswith(".json"):
                    handle = tar.extractfile(member)
                    if handle is not None:
                        yield f"{tarball}:{member.name}", handle.read()
    except (tarfile.TarError, lzma.LZMAError, EOFError, OSError) as exc:
        raise DataError(
            f"{tarball}: expected a complete tar.xz of {JSON_DIR}/, found an unreadable archive "
            f"({exc}); truncated download?"
        ) from exc


def article_record(where: str, raw: bytes) -> dict[str, Any]:
    """Parse and check one article JSON; raise DataError naming the file on bad JSON or fields."""
    try:
        obj = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{where}: expected one JSON object, found unparsable content ({exc})") from exc
    if not isinstance(obj, dict):
        raise row_error(where, "top level", "a JSON object", type(obj).__name__)
    missing = [f for f in FIELDS if f not in obj]
    if missing:
        raise row_error(where, f"article {obj.get('ID', '?')!r}", f"fields {list(FIELDS)}", sorted(obj))
    if obj["bias"] not in (0, 1, 2):
        raise row_error(
            where, f"article {obj['ID']!r} field 'bias'", "0, 1 or 2 (left, center, right)", obj["bias"]
        )
    return obj


def article_text(obj: dict[str, Any]) -> str:
    """Title, a blank line, then the untokenised body (``content_original``; ``content`` when that is empty)."""
    body = (obj.get("content_original") or obj.get("content") or "").strip()
    title = (obj.get("title") or "").strip()
    return f"{title}\n\n{body}" if title else body


def read_split(path: Path) -> list[tuple[str, int]]:
    """Parse a released split file: header ``ID\\tbias``, then one ``<id>\\t<0|1|2>`` per line."""
    text = read_text_utf8(path, "a tab-separated split file `ID\\tbias`")
    lines = text.splitlines()
    if not lines or lines[0].strip().split("\t") != ["ID", "bias"]:
        raise row_error(path, "line 1 (header)", "'ID\\tbias'", lines[0] if lines else "")
    out = []
    for line_no, line in enumerate(lines[1:], 2):
        if not line.strip():
            continue
        fields = line.strip().split("\t")
        if len(fields) != 2 or fields[1] not in ("0", "1", "2"):
            raise row_error(path, f"line {line_no}", "`<article id>\\t<0|1|2>`", line)
        out.append((fields[0], int(fields[1])))
    return out


def parse(root: Path) -> Parsed:
    """Read every article and both released split families (media, random)."""
    splits = {
        f"{k}_{p}": read_split(root / f"data/splits/{k}/{p}.tsv") for k in SPLIT_KINDS for p in SPLIT_PARTS
    }
    articles: dict[str, dict[str, Any]] = {}
    meta: dict[str, dict[str, str]] = {}
    for where, raw in _iter_json(root):
        obj = article_record(where, raw)
        art_id = str(obj["ID"])
        articles[art_id] = make_row(
            id=art_id,
            text=article_text(obj),
            source=NAME,
            label=int(obj["bias"]),
            outlet=str(obj["source"] or ""),
            article_id=art_id,
        )
        meta[art_id] = {
            "topic": str(obj.get("topic") or ""),
            "date": str(obj.get("date") or ""),
            "title": str(obj.get("title") or ""),
            "url": str(obj.get("url") or ""),
        }
    parsed = Parsed(parts={"all": list(articles.values())}, extra={"meta": meta})
    for name, pairs in splits.items():
        kind, part = name.split("_")
        path = root / f"data/splits/{kind}/{part}.tsv"
        rows = []
        for art_id, bias in pairs:
            if art_id not in articles:
                raise DataError(
                    f"{path}: article id {art_id!r}: expected a matching {JSON_DIR}/{art_id}.json, found none"
                )
            if articles[art_id]["label"] != bias:
                raise row_error(
                    path, f"article id {art_id!r}", f"bias {articles[art_id]['label']} as in its JSON", bias
                )
            rows.append(articles[art_id])
        parsed.parts[name] = rows
    parsed.notes.append(
        f"{len(articles)} articles, {len({r['outlet'] for r in articles.values()})} outlets; "
        f"labels {list(LEANING_LABELS)} from the JSON `bias` field"
    )
    return parsed
