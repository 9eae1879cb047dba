"""Against the real corpus mirror (SLANT_DATA_DIR): counts must match the published sizes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from test_data_loaders import mirror as mirror  # noqa: F401  (fixture re-used by the CLI test)

from slant.data.cli import main as data_main
from slant.data.registry import load_source, load_task

needs_mirror = pytest.mark.skipif(not os.environ.get("SLANT_DATA_DIR"), reason="SLANT_DATA_DIR is not set")


@pytest.mark.mirror
@needs_mirror
def test_published_sizes() -> None:
    news = load_source("newsmtsc")[0].parts
    assert {k: len(v) for k, v in news.items()} == {"train": 8739, "devtest_rw": 1146, "devtest_mt": 1476}
    babe, _ = load_source("babe")
    assert len(babe.parts["sg2"]) + babe.exclusions["sg2: label_bias 'No agreement'"] == 3674
    assert len(load_source("semeval2023_task3")[0].parts["en"]) == 433
    assert len(load_source("gvfc")[0].parts["all"]) == 2242
    abp = load_source("article_bias_prediction")[0]
    assert len(abp.parts["all"]) == 37554
    assert (
        len(abp.parts["media_train"]) + len(abp.parts["media_valid"]) + len(abp.parts["media_test"]) == 30246
    )


@pytest.mark.mirror
@needs_mirror
def test_priority_tasks_on_mirror(tmp_path: Path) -> None:
    dd, rep = load_task("stance", cache_dir=tmp_path, return_report=True)
    assert len(dd["newsmtsc_rw"]) == 1146 and len(dd["newsmtsc_mt"]) == 1476
    assert len(dd["train"]) + len(dd["dev"]) == 8739 - sum(sum(c.values()) for c in rep["dedup"].values())
    dd = load_task("bias", cache_dir=tmp_path)
    assert len(dd["babe"]) == 735  # 20% of the 3,673 labelled SG2 sentences
    dd = load_task("frames_semeval", fold=0, cache_dir=tmp_path)
    assert sum(len(v) for v in dd.values()) >= 432


def test_cli_stats_writes_cards_and_json(
    mirror: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:  # noqa: F811
    out = tmp_path / "out"
    code = data_main(["stats", "--tasks", "stance", "bias", "--data-dir", str(mirror), "--out", str(out)])
    printed = capsys.readouterr().out
    assert code == 0
    assert "removed train vs newsmtsc_rw: exact 2, normalised 0" in printed
    assert "excluded (babe) sg2: label_bias 'No agreement': 1" in printed
    stats = json.loads((out / "stats.json").read_text())
    assert set(stats) == {"stance", "bias"} and stats["bias"]["sizes"]["babe"] == 8
    card = (out / "cards" / "babe.md").read_text()
    assert "GNU AGPL v3" in card and "| babe | 8 |" in card and "train vs babe" in card
    assert sorted(p.name for p in (out / "cards").iterdir()) == ["babe.md", "newsmtsc.md"]
    assert any((out / "cache").iterdir())  # caches warmed
