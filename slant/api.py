"""`Slant`: the one-import Python API, a thin facade over the article pipeline and the outlet comparison.

Example (a tiny random model stands in for a trained one, so the labels mean nothing here):
    >>> from slant import Slant
    >>> from slant.model.tiny import build_tiny_model
    >>> import tempfile
    >>> model_dir = build_tiny_model(tempfile.mkdtemp() + "/model")
    >>> slant = Slant.from_pretrained(model_dir, backend="torch")
    >>> result = slant.predict("Mayor Ruth Calder defended the harbor fee. Critics called it a terrible tax.")
    >>> [s.text for s in result.sentences]
    ['Mayor Ruth Calder defended the harbor fee.', 'Critics called it a terrible tax.']
    >>> result.sentences[0].bias.label in ("neutral", "biased")
    True
    >>> articles, sentences, stance = result.to_pandas()
    >>> len(articles), len(sentences), list(stance["target"])
    (1, 2, ['Ruth Calder'])
    >>> batch = slant.predict([{"id": "a1", "text": "The court ruled on Monday.", "outlet": "Daily"},
    ...                        {"id": "a2", "text": "Police said the vote was calm."}])
    >>> [r.id for r in batch], batch.to_pandas().sentences["article_id"].tolist()
    (['a1', 'a2'], ['a1', 'a2'])
"""

from __future__ import annotations

import sys
import tempfile
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from slant.results import ArticleResult, Results, Tables

VOICES = ("all", "author", "quote")


@dataclass(frozen=True)
class Comparison:
    """What :meth:`Slant.compare` wrote and found.

    Attributes:
        out: The output directory (summary.json/csv, report.html, plots/, tables/, skipped.csv, cache/).
        summary: The content of ``summary.json``: per-outlet profiles with intervals, tests, run metadata.
        tables: The tidy ``articles``, ``sentences`` and ``stance`` tables the statistics were computed from.
        report: Path of the HTML report.
    """

    out: Path
    summary: dict[str, Any]
    tables: Tables
    report: Path
    meta: dict[str, Any] = field(default_factory=dict)


def _as_article(item: Any, i: int) -> dict[str, Any]:
    """One input as the pipeline's article dict; raises ValueError/TypeError naming the input."""
    from slant.predict.inputs import looks_like_html

    if isinstance(item, str):
        if not item.strip():
            raise ValueError(f"input {i} is empty; expected article text or HTML")
        return {"id": str(i), ("html" if looks_like_html(item) else "text"): item}
    if isinstance(item, dict):
        body = {k: item[k] for k in ("text", "html") if isinstance(item.get(k), str) and item[k].strip()}
        if not body:
            raise ValueError(
                f"input {i} (id {item.get('id')!r}) has no text; expected a non-empty 'text' or 'html' string"
            )
        article = {k: item[k] for k in ("id", "title", "outlet", "url", "date", "targets") if item.get(k)}
        article.setdefault("id", str(i))
        if "text" in body and looks_like_html(body["text"]) and "html" not in body:
            body = {"html": body["text"]}
        return {**article, **body}
    raise TypeError(
        f"input {i} is {type(item).__name__}; expected a string or a dict with 'text' (and optional 'id', "
        "'title', 'outlet', 'targets')"
    )


class Slant:
    """A loaded Slant model: label articles sentence by sentence, profile them, compare outlets.

    Build it with :meth:`from_pretrained`; one instance holds one model in memory and can be reused for any
    number of calls (it is not safe to call from several threads at once: ``slant serve`` runs one worker).
    """

    def __init__(self, pipeline: Any, *, source: str = "", backend: str = "torch") -> None:
        self.pipeline = pipeline
        self.source = source
        self.backend = backend

    @classmethod
    def from_pretrained(
        cls,
        path_or_id: str | Path | None = None,
        *,
        device: str | None = None,
        backend: str | None = None,
        quantize: bool = False,
        precision: str = "fp32",
        batch_size: int | None = None,
        max_sentences: int = 2000,
        targets: Sequence[str] = (),
    ) -> Slant:
        """Load a model directory or a Hugging Face Hub id (``owner/name``, read through the HF cache; with
        ``HF_HUB_OFFLINE=1`` only the cache).

        Args:
            path_or_id: The model; default ``$SLANT_MODEL``, else ``artifacts/model``.
            device: ``cpu`` or ``cuda`` (torch backend); default: a GPU when there is one.
            backend: ``onnx`` (ONNX Runtime fp32, exported into the model directory on first use; the default
                when ``slant[onnx]`` is installed) or ``torch``.
            quantize: int8 weights (faster on CPU, slightly different scores; see docs/RESULTS.md).
            precision: ``fp32`` or ``bf16``: bfloat16 weights on the torch backend (chosen when ``backend`` is
                not given), the fastest path on CPUs with AMX or AVX512-BF16 units; scores differ from fp32 in
                the third decimal.
            batch_size: Sentences per forward pass (None: 32, or 64 with bf16).
            max_sentences: Sentences scored per article at most (the rest is dropped with a warning).
            targets: Names to look for in every article besides those found automatically.

        Raises:
            slant.model.ModelDirError: not a Slant model directory, or a Hub id that cannot be resolved.
            slant.extras.MissingExtra: ``backend="onnx"`` without ``slant[onnx]`` installed.
        """
        from slant.extras import default_backend
        from slant.model.hub import default_model
        from slant.predict.pipeline import ArticlePipeline, PipelineConfig

        source = str(path_or_id or default_model())
        backend = backend or default_backend(precision)
        config = PipelineConfig(max_sentences=max_sentences, targets=tuple(targets))
        with warnings.catch_warnings():
            warnings.filterwarnings("ignore", category=UserWarning, module=r"torch\.ao")
            pipe = ArticlePipeline.from_pretrained(source, quantize=quantize, batch_size=batch_size,
                                                   config=config, backend=backend, device=device,
                                                   precision=precision)  # fmt: skip
        return cls(pipe, source=source, backend=backend)

    def __repr__(self) -> str:
        info = self.pipeline.model_info
        return f"Slant({self.source!r}, model={info['name']} {info['version']}, backend={self.backend})"

    # -- articles -------------------------------------------------------------------------------------------
    def predict(
        self, inputs: str | dict[str, Any] | Sequence[str | dict[str, Any]], *, on_error: str = "raise"
    ) -> ArticleResult | Results:
        """Label every sentence of one or more articles and profile each.

        Args:
            inputs: A text (or HTML page), a dict ``{"text" or "html", "id", "title", "outlet", "targets"}``,
                or a list of either. Texts get ids ``"0"``, ``"1"``... in order.
            on_error: ``"raise"`` (default): a bad input raises before anything is scored. ``"skip"``: bad
                inputs are left out with a warning and listed in ``Results.errors``; the others are scored.

        Returns:
            An :class:`ArticleResult` for a single text or dict, else :class:`Results` in input order.

        Raises:
            ValueError: an empty input, or one with neither 'text' nor 'html'.
            TypeError: an input that is neither a string nor a dict.
        """
        if on_error not in ("raise", "skip"):
            raise ValueError(f"on_error={on_error!r}; expected 'raise' or 'skip'")
        single = isinstance(inputs, str | dict)
        items = [inputs] if single else list(inputs)
        articles, errors = [], []
        for i, item in enumerate(items):
            try:
                articles.append(_as_article(item, i))
            except (ValueError, TypeError) as err:
                if on_error == "raise":
                    raise
                errors.append({"index": i, "error": str(err)})
                warnings.warn(str(err), stacklevel=2)
        scored = [ArticleResult.from_dict(r) for r in self._score(articles, errors, on_error)]
        if single and scored:
            return scored[0]
        return Results(tuple(scored), errors=tuple(errors))

    def _score(
        self, articles: list[dict[str, Any]], errors: list[dict[str, Any]], on_error: str
    ) -> list[dict]:
        if not articles:
            return []
        try:
            return self.pipeline.score_articles(articles)
        except Exception:
            if on_error == "raise" or len(articles) == 1:
                raise
        out = []  # one article broke the batch: score them one by one so it loses only itself
        for a in articles:
            try:
                out.extend(self.pipeline.score_articles([a]))
            except Exception as err:  # noqa: BLE001
                errors.append({"id": a.get("id"), "error": f"{type(err).__name__}: {err}"})
        return out

    # -- outlets ---------------------------------------------------------------------------------------------
    def compare(
        self,
        data: Any,
        *,
        outlet_col: str = "outlet",
        text_col: str = "text",
        id_col: str = "id",
        title_col: str = "title",
        date_col: str = "date",
        topic_col: str = "topic",
        out: str | Path | None = None,
        voice: str = "all",
        min_articles: int = 10,
        max_sentences: int = 0,
        bootstrap: int = 1000,
        permutations: int = 2000,
        seed: int = 13,
        progress: bool = False,
    ) -> Comparison:
        """Compare framing, bias and stance across outlets (``slant compare`` with this loaded model).

        Args:
            data: A pandas DataFrame, or the path of a .jsonl/.csv/.parquet corpus (or an ABP directory).
            outlet_col / text_col / id_col / title_col / date_col / topic_col: the corpus's column names.
            out: Output directory (default: a new temporary directory).
            voice: Score ``all`` sentences, only the ``author``'s prose, or only ``quote``d speech.
            min_articles: Outlets with fewer articles are dropped.
            max_sentences: Score only the first N sentences of each article (0 = all).
            bootstrap / permutations / seed: Statistics settings.

        Raises:
            slant.compare.corpus.CorpusError: a missing column, an unreadable corpus, nothing left to compare.
        """
        from slant.compare.analysis import StatsConfig
        from slant.compare.columns import ColumnMap, frame_to_jsonl
        from slant.compare.run import CompareConfig, run_compare
        from slant.compare.scoring import PipelineScorerFactory
        from slant.compare.select import Selection

        if voice not in VOICES:
            raise ValueError(f"voice={voice!r}; expected one of {VOICES}")
        out_dir = Path(out) if out else Path(tempfile.mkdtemp(prefix="slant-compare-"))
        columns = ColumnMap(id=id_col, text=text_col, outlet=outlet_col, title=title_col, date=date_col,
                            topic=topic_col)  # fmt: skip
        with tempfile.TemporaryDirectory(prefix="slant-corpus-") as tmp:
            if isinstance(data, str | Path):
                inputs = (str(data),)
            else:
                inputs = (str(frame_to_jsonl(data, columns, Path(tmp) / "corpus.jsonl")),)
                columns = ColumnMap()
            cfg = CompareConfig(inputs=inputs, out=str(out_dir), model=str(self.pipeline.predictor.model_dir),
                                selection=Selection(min_articles=min_articles, seed=seed),
                                stats=StatsConfig(n_boot=bootstrap, n_perm=permutations, seed=seed,
                                                  min_articles=min_articles),
                                workers=1, max_sentences=max_sentences, columns=columns, voice=voice)  # fmt: skip
            factory = PipelineScorerFactory(cfg.model, max_sentences=max_sentences, backend=self.backend)
            scorer = _InProcessScorer(self.pipeline, max_sentences)
            meta = run_compare(cfg, factory=factory, scorer=scorer, progress=progress,
                               log=lambda m: print(m, file=sys.stderr) if progress else None)  # fmt: skip
        import json

        import pandas as pd

        paths = meta["paths"]
        tables = Tables(*(pd.read_csv(paths["tables"][name]) for name in ("articles", "sentences", "stance")))
        summary = json.loads(Path(paths["summary_json"]).read_text(encoding="utf-8"))
        return Comparison(out_dir, summary, tables, Path(paths["report"]), meta)


class _InProcessScorer:
    """Scores compare's articles with the already loaded pipeline (no second copy of the model)."""

    def __init__(self, pipeline: Any, max_sentences: int) -> None:
        self.pipeline, self.max_sentences = pipeline, max_sentences

    def __call__(self, article: dict[str, Any]) -> dict[str, Any]:
        from slant.compare.scoring import trim_result

        return trim_result(self.pipeline.score_article(article), self.max_sentences)
