"""The corpora Slant reads (SOURCES): where each comes from, its licence, its files and parser; `load_source`.

The task protocols (`slant.data.protocols`) and the cache (`slant.data.cache`) build on this module, and
`slant.data.registry` (`load_task`) on all three, so imports run one way.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from slant.data.sources import abp, babe, gvfc, newsmtsc, semeval2023

if TYPE_CHECKING:
    from slant.data.sources.base import Parsed

GH = "https://raw.githubusercontent.com"


@dataclass(frozen=True)
class Source:
    """One corpus as publicly released.

    Attributes:
        name: registry key, also the ``source`` column of its rows.
        folder: folder name under the mirror (SLANT_DATA_DIR) and the download cache.
        origin: public origin (repository or project page).
        licence: the licence as written in the release.
        citation: the paper to cite.
        files: release files the parser reads, relative to ``folder``.
        parse: reads the folder into a Parsed.
        downloads: (relative path, URL) pairs fetched when there is no mirror.
        manual: how to obtain files that cannot be fetched directly ("" when all can).
    """

    name: str
    folder: str
    origin: str
    licence: str
    citation: str
    files: tuple[str, ...]
    parse: Callable[[Path], Parsed]
    downloads: tuple[tuple[str, str], ...] = ()
    manual: str = ""

    def __post_init__(self) -> None:
        if not self.name or not self.folder:
            raise ValueError(
                f"Source needs a name and a folder, got name={self.name!r} folder={self.folder!r}"
            )
        bad = [url for _, url in self.downloads if not url.startswith("https://")]
        if bad:
            raise ValueError(f"Source {self.name!r}: download URLs must be https://, got {bad}")


def _raw(repo: str, commit: str, paths: tuple[str, ...], prefix: str = "") -> tuple[tuple[str, str], ...]:
    return tuple((p, f"{GH}/{repo}/{commit}/{prefix}{p}") for p in paths)


SOURCES: dict[str, Source] = {
    s.name: s
    for s in (
        Source(
            name="newsmtsc",
            folder="newsmtsc",
            origin="https://github.com/fhamborg/NewsMTSC",
            licence="MIT (repository LICENSE: 'For newly developed files ... Copyright 2020 Felix Hamborg'); "
            "no separate data licence",
            citation="Hamborg & Donnay, 'NewsMTSC: (Multi-)Target-dependent Sentiment Classification in News "
            "Articles', EACL 2021",
            files=newsmtsc.FILES,
            parse=newsmtsc.parse,
            downloads=_raw("fhamborg/NewsMTSC", "b9d9b79704ed1b35cecaf1d7c2343dc1bd734fb7", newsmtsc.FILES),
        ),
        Source(
            name="babe",
            folder="babe",
            origin="https://github.com/Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE",
            licence="GNU AGPL v3 (repository-wide LICENSE)",
            citation="Spinde et al., 'Neural Media Bias Detection Using Distant Supervision With BABE', Findings of "
            "EMNLP 2021 (MBIC: Spinde et al., iConference 2021)",
            files=babe.FILES,
            parse=babe.parse,
            downloads=_raw(
                "Media-Bias-Group/Neural-Media-Bias-Detection-Using-Distant-Supervision-With-BABE",
                "fb79f646dcabf1746f5ebedc06ed8dd61ba78188",
                babe.FILES,
            ),
        ),
        Source(
            name="semeval2023_task3",
            folder="semeval2023_task3",
            origin="https://propaganda.math.unipd.it/semeval2023task3/",
            licence="none stated (official data distributed by the organisers after registration)",
            citation="Piskorski, Stefanovitch, Da San Martino & Nakov, 'SemEval-2023 Task 3: Detecting the "
            "Category, the Framing, and the Persuasion Techniques in Online News in a Multi-lingual Setup', "
            "SemEval 2023",
            files=semeval2023.FILES,
            parse=semeval2023.parse,
            manual="register at https://propaganda.math.unipd.it/semeval2023task3/ and unpack the English "
            "subtask-2 training data as data/en/train-articles-subtask-2/ and data/en/train-labels-subtask-2.txt",
        ),
        Source(
            name="gvfc",
            folder="gvfc",
            origin="the GVFC release of Liu et al. (Boston University, OpenFraming project), "
            "GVFC_headlines_and_annotations.xlsx",
            licence="none stated",
            citation="Liu, Guo, Mays, Betke & Wijaya, 'Detecting Frames in News Headlines and Its Application to "
            "Analyzing News Framing Trends Surrounding U.S. Gun Violence', CoNLL 2019",
            files=gvfc.FILES,
            parse=gvfc.parse,
            manual="download GVFC_headlines_and_annotations.xlsx (or the CSV with the same columns) from the "
            "GVFC release and place it in gvfc/",
        ),
        Source(
            name="article_bias_prediction",
            folder="article_bias_prediction",
            origin="https://github.com/ramybaly/Article-Bias-Prediction",
            licence="Apache License 2.0 (LICENSE)",
            citation="Baly, Da San Martino, Glass & Nakov, 'We Can Detect Your Bias: Predicting the Political "
            "Ideology of News Articles', EMNLP 2020",
            files=abp.SPLIT_FILES,
            parse=abp.parse,
            downloads=_raw(
                "ramybaly/Article-Bias-Prediction",
                "ced8111a720948e6a410e52031ace99c4e53f096",
                abp.SPLIT_FILES,
            ),
            manual="clone https://github.com/ramybaly/Article-Bias-Prediction and copy its data/jsons/ folder "
            "(or pack it as data_jsons.tar.xz) into article_bias_prediction/",
        ),
    )
}

_PARSED: dict[tuple[str, str], Parsed] = {}


def load_source(name: str, data_dir: str | os.PathLike[str] | None = None) -> tuple[Parsed, Path]:
    """Parse one registered corpus (memoised per process by folder and file times); return it and its folder."""
    from slant.data.mirror import source_dir

    if name not in SOURCES:
        raise ValueError(f"unknown source {name!r}; expected one of {sorted(SOURCES)}")
    folder = source_dir(SOURCES[name], data_dir)
    key = (name, fingerprint(folder))
    if key not in _PARSED:
        _PARSED[key] = SOURCES[name].parse(folder)
    return _PARSED[key], folder


def fingerprint(folder: Path) -> str:
    """A cheap fingerprint of a folder's files: relative path, size and mtime of each, hashed."""
    import hashlib

    h = hashlib.sha256(str(folder.resolve()).encode())
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(folder)}|{st.st_size}|{st.st_mtime_ns}\n".encode())
    return h.hexdigest()[:16]
