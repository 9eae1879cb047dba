"""Writing a comparison: ``summary.csv``, ``summary.json`` and one self-contained ``report.html``."""

from __future__ import annotations

import base64
import html
import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from slant.compare.stats import ARTICLE_METRICS, SENTENCE_METRICS

CSV_COLUMNS: list[str] = [
    "scope", "section", "level", "unit", "unit_b", "metric", "test", "item", "estimate", "ci_low", "ci_high",
    "n_articles", "n_sentences", "mentions", "negative", "neutral", "positive", "statistic", "dof", "p_value",
    "p_adjusted", "cramers_v", "high_unit", "high", "low_unit", "low",
]  # fmt: skip


def summary_table(results: dict[str, Any]) -> pd.DataFrame:
    """Every number of the comparison in one long table (the ``summary.csv``)."""
    parts = []
    for scope, levels in results["scopes"].items():
        for res in levels.values():
            for section, df in (("profile", res.profiles), ("difference", res.differences), ("test", res.tests),
                                ("stance", res.stance)):  # fmt: skip
                if not df.empty:
                    parts.append(df.assign(scope=scope, section=section))
    tb = results.get("time_bins")
    if tb is not None and not tb.empty:
        long = tb.melt(
            id_vars=["level", "unit", "bin", "n_articles", "enough"], var_name="item", value_name="estimate"
        )
        long["metric"] = np.where(
            long["item"] == "biased_sentence_rate", "biased_sentence_rate", "frame_article_share"
        )
        long["item"] = long["item"].where(long["item"] != "biased_sentence_rate", "biased")
        long["unit_b"] = long["bin"]  # the time bin, in the second-unit column
        parts.append(long.drop(columns=["bin", "enough"]).assign(scope="all", section="time_bin"))
    return pd.concat(parts, ignore_index=True).reindex(columns=CSV_COLUMNS)


def _clean(x: Any) -> Any:
    if isinstance(x, dict):
        return {str(k): _clean(v) for k, v in x.items()}
    if isinstance(x, list | tuple):
        return [_clean(v) for v in x]
    if isinstance(x, np.generic):
        x = x.item()
    if isinstance(x, float) and not math.isfinite(x):
        return None
    if isinstance(x, pd.Timestamp):
        return x.isoformat()
    return x


def _records(df: pd.DataFrame) -> list[dict[str, Any]]:
    return _clean(df.to_dict("records")) if not df.empty else []


FRAMING_FIELDS: list[str] = ["unit", "item", "estimate", "ci_low", "ci_high", "n_articles"]


def framing_views(profiles: pd.DataFrame) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """Frame use per unit in two views, the article head first: ``{"article": {metric: records}, "sentence":
    {metric: records}}``, each record ``unit, item (frame), estimate, ci_low, ci_high, n_articles``."""
    return {
        view: {m: _records(profiles.loc[profiles["metric"] == m, FRAMING_FIELDS]) for m in metrics}
        for view, metrics in (("article", ARTICLE_METRICS), ("sentence", SENTENCE_METRICS))
    }


def summary_dict(results: dict[str, Any], meta: dict[str, Any]) -> dict[str, Any]:
    """The ``summary.json`` content: run metadata, input report and every table as records. Each level opens with
    ``framing`` (:func:`framing_views`: the article head's view first, then the sentence view); ``profiles`` has
    every profile row, article-level metrics first."""
    scopes = {
        scope: {
            by: {
                "framing": framing_views(r.profiles),
                "profiles": _records(r.profiles),
                "differences": _records(r.differences),
                "tests": _records(r.tests),
                "stance": _records(r.stance),
                "notable": _clean(r.notable),
            }  # fmt: skip
            for by, r in levels.items()
        }
        for scope, levels in results["scopes"].items()
    }
    tb = results.get("time_bins")
    return _clean({**meta, "shared_topics": results["shared_topics"], "notes": results["notes"], "scopes": scopes,
                   "time_bins": _records(tb) if tb is not None else []})  # fmt: skip


def write_summaries(results: dict[str, Any], meta: dict[str, Any], out: Path) -> tuple[Path, Path]:
    """Write ``summary.csv`` and ``summary.json`` under ``out``."""
    csv_path, json_path = out / "summary.csv", out / "summary.json"
    summary_table(results).to_csv(csv_path, index=False, float_format="%.6g")
    with open(json_path, "w", encoding="utf-8") as fh:
        json.dump(summary_dict(results, meta), fh, indent=1, ensure_ascii=False)
    return csv_path, json_path


_CSS = """body{font-family:system-ui,sans-serif;max-width:1100px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ccc;padding-bottom:.2em;margin-top:1.6em}h3{margin-bottom:.3em}
table{border-collapse:collapse;font-size:.82em;margin:.6em 0}td,th{border:1px solid #ddd;padding:.2em .5em;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}img{max-width:100%;border:1px solid #eee}
.sig{background:#fff3cd}.ex{font-size:.88em;margin:.2em 0 .2em 1em}.side{display:inline-block;vertical-align:top;width:48%}
.note{color:#555;font-size:.9em}code{background:#f4f4f4;padding:0 .2em}"""


def _img(path: Path) -> str:
    data = base64.b64encode(Path(path).read_bytes()).decode("ascii")
    return f'<img alt="{html.escape(Path(path).stem)}" src="data:image/png;base64,{data}">'


def _fmt(v: Any, digits: int = 3) -> str:
    if isinstance(v, float | np.floating):
        return "–" if not np.isfinite(v) else (f"{v:.2e}" if 0 < abs(v) < 1e-3 else f"{v:.{digits}f}")
    return html.escape(str(v))


def _table(df: pd.DataFrame, highlight: pd.Series | None = None) -> str:
    head = "".join(f"<th>{html.escape(str(c))}</th>" for c in df.columns)
    body = []
    for i, row in enumerate(df.itertuples(index=False)):
        cls = ' class="sig"' if highlight is not None and bool(highlight.iloc[i]) else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{_fmt(v)}</td>" for v in row) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(body)}</table>"


def _statement(res, by: str, alpha: float) -> str:
    t = res.tests
    parts = []
    for test, what in (("chi2_article_label", "labelling by the article head"),
                       ("perm_article_mean_p", "mean article-head probability"),
                       ("chi2_article_use", "article-level use from sentence labels"),
                       ("perm_sentence_share", "sentence share")):  # fmt: skip
        sig = t[(t["test"] == test) & (t["p_adjusted"] < alpha)]
        names = ", ".join(
            f"{r.item} (higher in {r.high_unit}, lower in {r.low_unit})" for r in sig.itertuples()
        )
        parts.append(f"Frames whose {what} differs between {by}s after Benjamini–Hochberg correction "
                     f"(q &lt; {alpha}): {html.escape(names) if names else 'none'}.")  # fmt: skip
    b = t[t["test"] == "perm_biased_rate"].iloc[0]
    verdict = "differs" if b["p_adjusted"] < alpha else "does not differ detectably"
    parts.append(f"The biased-sentence rate {verdict} between {by}s (permutation p = {_fmt(b['p_value'])}).")
    return "<p>" + "<br>".join(parts) + "</p>"


def _notable(res) -> str:
    if not res.notable:
        return "<p>No difference survives correction.</p>"
    out = []
    for n in res.notable:
        out.append(
            f"<h3>{html.escape(n['item'])} — {html.escape(n['test'])} (BH p = {_fmt(n['p_adjusted'])})</h3>"
        )
        sides = []
        for key, unit, val in (
            ("examples_high", n["high_unit"], n["high"]),
            ("examples_low", n["low_unit"], n["low"]),
        ):
            ex = "".join(f'<p class="ex">“{html.escape(e["text"])}” <span class="note">({html.escape(e["outlet"])}, '
                         f"p={e['prob']})</span></p>" for e in n[key]) or '<p class="ex note">no such sentence</p>'  # fmt: skip
            sides.append(f'<div class="side"><b>{html.escape(str(unit))}</b> ({_fmt(val)}){ex}</div>')
        out.append("".join(sides))
    return "".join(out)


def _ci_table(profiles: pd.DataFrame, metric: str) -> str:
    """Frames x units table of one metric, each cell ``estimate [ci_low, ci_high]``."""
    p = profiles[profiles["metric"] == metric]
    cell = p.assign(
        v=[
            f"{_fmt(e)} [{_fmt(lo)}, {_fmt(hi)}]"
            for e, lo, hi in zip(p["estimate"], p["ci_low"], p["ci_high"])
        ]
    )
    wide = cell.pivot(index="item", columns="unit", values="v").reindex(index=list(dict.fromkeys(p["item"])))
    return _table(wide.rename_axis(index="frame", columns=None).reset_index())


def _framing(res, by: str, scope: str, plots: dict[str, Path]) -> str:
    """The two views of framing, the article head first, then the sentence labels."""
    h = ["<h3>Framing by article: the model's article head (first view)</h3>",
         "<p class='note'>The pooled article head reads each article's opening sentences and gives one calibrated "
         "probability per frame; an article is labelled with a frame when that probability passes the model's "
         "article threshold. Intervals: bootstrap over the unit's articles.</p>"]  # fmt: skip
    if f"{scope}/{by}/frames_article" in plots:
        h.append(_img(plots[f"{scope}/{by}/frames_article"]))
    h.append(
        "<p>Share of articles labelled with the frame:</p>"
        + _ci_table(res.profiles, "article_frame_label_share")
    )
    h.append(
        "<p>Mean article-head probability of the frame:</p>" + _ci_table(res.profiles, "article_frame_mean_p")
    )
    h.append("<h3>Framing by sentence (second view)</h3>"
             "<p class='note'>Sentence labels rolled up: the share of sentences labelled with a frame, and the share "
             "of articles with at least one such sentence.</p>")  # fmt: skip
    if f"{scope}/{by}/frames" in plots:
        h.append(_img(plots[f"{scope}/{by}/frames"]))
    h.append(
        "<p>Share of sentences labelled with the frame:</p>" + _ci_table(res.profiles, "frame_sentence_share")
    )
    return "".join(h)


def write_html(
    results: dict[str, Any], meta: dict[str, Any], plots: dict[str, Path], out: Path, alpha: float
) -> Path:
    """One self-contained HTML page: plots as data URIs, inline CSS, no external resources."""
    inp = meta["input"]
    h = [f"<!doctype html><html><head><meta charset='utf-8'><title>Slant outlet comparison</title>"
         f"<style>{_CSS}</style></head><body><h1>Slant outlet comparison</h1>"]  # fmt: skip
    h.append(f"<p class='note'>Model <code>{html.escape(str(meta['model']))}</code>; "
             f"{meta['scoring']['n_articles']} articles ({meta['scoring']['n_cached']} from cache); "
             f"seed {meta['config']['seed']}, {meta['config']['n_boot']} bootstrap resamples of articles, "
             f"{meta['config']['n_perm']} permutations.</p>")  # fmt: skip
    for note in [*meta.get("notes", []), *results["notes"]]:
        h.append(f"<p class='note'>{html.escape(note)}</p>")
    h.append("<h2>Input</h2>")
    h.append(_table(pd.DataFrame(inp["steps"])))
    skipped = pd.DataFrame(sorted(inp["skipped_by_reason"].items()), columns=["reason", "rows"])
    h.append("<p>Rows not compared (listed one by one in <code>skipped.csv</code>):</p>" + _table(skipped))
    if inp["unknown_columns"]:
        h.append(
            f"<p>Ignored columns: {html.escape(', '.join(f'{k} ({v})' for k, v in inp['unknown_columns'].items()))}</p>"
        )
    for scope, levels in results["scopes"].items():
        for by, res in levels.items():
            h.append(f"<h2>{html.escape(scope.replace('_', '-'))} — by {html.escape(by)}</h2>")
            h.append(_statement(res, by, alpha))
            art = res.profiles[res.profiles["metric"] == "articles"][["unit", "n_articles", "n_sentences"]]
            h.append(_table(art.rename(columns={"unit": by})))
            h.append(_framing(res, by, scope, plots))
            for kind in ("bias", "stance"):
                if f"{scope}/{by}/{kind}" in plots:
                    h.append(_img(plots[f"{scope}/{by}/{kind}"]))
            t = res.tests[["test", "item", "statistic", "p_value", "p_adjusted", "cramers_v", "high_unit", "high",
                           "low_unit", "low"]]  # fmt: skip
            h.append(f"<h3>Tests (highlighted: BH-adjusted p &lt; {alpha})</h3>")
            h.append(_table(t, t["p_adjusted"] < alpha))
            h.append("<h3>Notable differences, with example sentences from each side</h3>" + _notable(res))
            if not res.stance.empty:
                h.append("<h3>Stance toward shared targets</h3>" + _table(res.stance.drop(columns=["level"])))
    h.append("</body></html>")
    path = out / "report.html"
    path.write_text("\n".join(h), encoding="utf-8")
    return path
