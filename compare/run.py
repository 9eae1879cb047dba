"""One comparison run end to end: read → select → score (cached) → tables → statistics → files."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.compare.analysis import StatsConfig, analyse
from slant.compare.cache import ArticleCache
from slant.compare.columns import VOICES, ColumnMap, keep_voice
from slant.compare.corpus import CorpusError, read_corpus
from slant.compare.plots import make_plots
from slant.compare.report import write_html, write_summaries
from slant.compare.scoring import PipelineScorerFactory, Scorer, ScorerFactory, score_corpus
from slant.compare.select import Selection, select_articles
from slant.compare.tables import build_tables, write_tables


@dataclass(frozen=True)
class CompareConfig:
    """A whole ``slant compare`` run.

    Attributes:
        inputs: Corpus files/directories (JSONL, CSV, ABP); ignored by ``demo``, which reads the mirror.
        out: Output directory (summary.csv/json, report.html, plots/, skipped.csv, cache/).
        model: Saved model directory, or ``fake`` for a dry run with the deterministic stand-in scorer.
        selection: Which articles to compare.
        stats: Statistics settings.
        workers: Worker processes (or LocalCluster workers with ``scheduler="local"``).
        scheduler: Dask scheduler (``local``, ``local:threads``, ``tcp://host:8786``) or None for processes.
        max_sentences: Score only the first N sentences of each article (0 = all).
        quantize: Int8 dynamic quantisation of the encoder.
        precision: ``fp32`` or ``bf16`` weights (torch backend).
        batch_size: Sentences per encoder batch.
        split: Optional ABP split such as ``media/test``.
        demo: Select the demo slice of Article-Bias-Prediction (see ``slant.compare.demo``).
        columns: The corpus's column names for Slant's fields (``--text-col`` etc.).
        voice: Compare ``all`` sentences, only the ``author``'s prose, or only ``quote``d speech.
        backend: ``onnx`` or ``torch``; None picks onnx when ``slant[onnx]`` is installed.
    """

    inputs: tuple[str, ...] = ()
    out: str = "artifacts/compare"
    model: str = "artifacts/model"
    selection: Selection = field(default_factory=Selection)
    stats: StatsConfig = field(default_factory=StatsConfig)
    workers: int = 1
    scheduler: str | None = None
    max_sentences: int = 0
    quantize: bool = False
    precision: str = "fp32"
    batch_size: int | None = None  # None: the precision's default
    split: str | None = None
    demo: bool = False
    columns: ColumnMap = field(default_factory=ColumnMap)
    voice: str = "all"
    backend: str | None = None

    def __post_init__(self) -> None:
        if self.voice not in VOICES:
            raise ValueError(f"voice={self.voice!r} invalid; expected one of {', '.join(VOICES)}")
        if self.workers < 1:
            raise ValueError(f"workers={self.workers} invalid; expected >= 1")
        if self.max_sentences < 0:
            raise ValueError(
                f"max_sentences={self.max_sentences} invalid; expected 0 (all) or a positive count"
            )
        if not self.inputs and not self.demo:
            raise ValueError("no input given; expected corpus path(s) or --demo")


def make_factory(cfg: CompareConfig) -> ScorerFactory:
    """The scorer factory for ``cfg.model`` (``fake`` -> the deterministic stand-in)."""
    if cfg.model == "fake":
        from slant.compare.fake import FakeScorerFactory

        return FakeScorerFactory(max_sentences=cfg.max_sentences)
    from slant.model.hub import ModelNotFound, resolve_model

    try:
        model = str(resolve_model(cfg.model))
    except ModelNotFound as err:
        raise CorpusError(str(err)) from err
    return PipelineScorerFactory(model, quantize=cfg.quantize, batch_size=cfg.batch_size,
                                 max_sentences=cfg.max_sentences, backend=cfg.backend,
                                 precision=cfg.precision)  # fmt: skip


def run_compare(
    cfg: CompareConfig, *, factory: ScorerFactory | None = None, scorer: Scorer | None = None,
    progress: bool = True, log=print,
) -> dict[str, Any]:  # fmt: skip
    """Run the comparison described by ``cfg`` and write every output under ``cfg.out``.

    Args:
        cfg: The run.
        factory: Scorer factory to use instead of the one ``cfg.model`` names (tests inject fakes here).
        scorer: A ready scorer for the in-process path (tests count its calls).
        progress: Show the scoring progress bar.
        log: Where one-line progress messages go.

    Returns:
        The run metadata written to ``summary.json`` (plus ``paths`` of the files written).

    Raises:
        CorpusError: Inputs unreadable or nothing left to compare.
        ScoringError: Scoring failed (results scored before the failure stay cached).
    """
    t0 = time.perf_counter()
    out = Path(cfg.out)
    out.mkdir(parents=True, exist_ok=True)
    notes: list[str] = []
    selection = cfg.selection
    if cfg.demo:
        from slant.compare.demo import DEMO_PER_OUTLET, abp_root, choose_outlets

        root = abp_root()
        log(f"demo: reading Article-Bias-Prediction from {root}")
        articles, report = read_corpus([root], split=cfg.split)
        outlets = choose_outlets(articles)
        log(f"demo: outlets {', '.join(outlets)}")
        selection = dataclasses.replace(selection, outlets=tuple(outlets), topic_matched=True,
                                        max_per_outlet=selection.max_per_outlet or DEMO_PER_OUTLET)  # fmt: skip
        notes.append(f"Demo slice of Article-Bias-Prediction: outlets {', '.join(outlets)} (two per leaning), "
                     f"{selection.max_per_outlet} articles each with the same topic mix.")  # fmt: skip
    else:
        articles, report = read_corpus(list(cfg.inputs), split=cfg.split, columns=cfg.columns)
    try:
        selected = select_articles(articles, selection, report)
    finally:
        report.write_skipped(out / "skipped.csv")
    selected.drop(columns=["text", "html"]).to_csv(out / "selected.csv", index=False)
    log(f"compare: {len(selected)} articles from {selected['outlet'].nunique()} outlets "
        f"({len(report.skipped)} rows skipped, see skipped.csv)")  # fmt: skip
    factory = factory or make_factory(cfg)
    if cfg.max_sentences:
        notes.append(
            f"Only the first {cfg.max_sentences} sentences of each article were scored (time budget)."
        )
    cache = ArticleCache(out / "cache", factory.version)
    results, info = score_corpus(selected, factory, cache, workers=cfg.workers, scheduler=cfg.scheduler,
                                 progress=progress, scorer=scorer)  # fmt: skip
    log(
        f"compare: scored {info.n_scored} articles in {info.seconds:.1f}s, {info.n_cached} from cache ({cache.dir})"
    )
    if info.n_stale:
        msg = (f"{info.n_stale} cached articles had no article-level frames (scored before results carried the "
               "article head) and were scored again; their cache files now hold the complete result.")  # fmt: skip
        log(f"compare: {msg}")
        notes.append(msg)
    if cfg.voice != "all":
        results = {k: keep_voice(r, cfg.voice) for k, r in results.items()}
        notes.append(f"Only {cfg.voice} sentences were compared (--voice {cfg.voice}); the article-level frames "
                     "pool the article's opening sentences whatever their voice.")  # fmt: skip
    tables = build_tables(selected, results, frames=getattr(factory, "frame_labels", None))
    table_paths = write_tables(tables, out / "tables")
    empty = int((tables.articles["n_sent"] == 0).sum())
    if empty:
        notes.append(f"{empty} articles have no scorable sentence; they count as articles with no frame.")
    analysis = analyse(tables, cfg.stats, topic_matched_selection=selection.topic_matched)
    plots = make_plots(analysis, out / "plots")
    meta = {
        "model": factory.version,
        "config": {
            **dataclasses.asdict(cfg.stats),
            **dataclasses.asdict(selection),
            "workers": cfg.workers,
            "scheduler": cfg.scheduler,
            "max_sentences": cfg.max_sentences,
            "split": cfg.split,
            "demo": cfg.demo,
            "voice": cfg.voice,
        },  # fmt: skip
        "input": report.to_dict(),
        "scoring": info.to_dict(),
        "notes": notes,
        "n_sentences": int(tables.articles["n_sent"].sum()),
    }
    csv_path, json_path = write_summaries(analysis, meta, out)
    html_path = write_html(analysis, meta, plots, out, cfg.stats.alpha)
    meta["seconds"] = round(time.perf_counter() - t0, 2)
    meta["paths"] = {"summary_csv": str(csv_path), "summary_json": str(json_path), "report": str(html_path),
                     "skipped": str(out / "skipped.csv"), "tables": table_paths}  # fmt: skip
    log(f"compare: wrote {html_path}, {csv_path}, {json_path} ({meta['seconds']:.1f}s)")
    return meta
