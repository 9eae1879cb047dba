"""One self-contained HTML page for article results: inline CSS, no scripts, fonts or images, all text escaped.

Sentences are shaded by their top frame (legend above the text), biased sentences are underlined (p(biased) in
the hover title), target mentions are marked in their stance colour, and a side panel shows the profile.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from html import escape
from importlib import resources
from typing import Any

CSS_FILE = "report.css"
STRONG_BIAS = 0.8  # p(biased) from which the underline is doubled


def load_css() -> str:
    """The page style, shipped as package data next to this module."""
    return resources.files("slant.predict").joinpath(CSS_FILE).read_text(encoding="utf-8")


def _e(value: Any) -> str:
    return escape("" if value is None else str(value), quote=True)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _frame_class(frame_order: Sequence[str], frame: str) -> str:
    return f"f{frame_order.index(frame) % 14}" if frame in frame_order else ""


def _top_frame(s: dict[str, Any]) -> str | None:
    return max(s["frame_labels"], key=lambda f: s["frames"].get(f, 0.0)) if s["frame_labels"] else None


def _sentence_html(s: dict[str, Any], frame_order: Sequence[str], anchor: str) -> str:
    """One sentence: its text with mentions marked; offsets of stance entries index the cleaned text."""
    pieces, last = [], s["start"]
    for st in sorted(s["stance"], key=lambda st: st["start"]):
        if st["start"] < last:
            continue  # overlapping mention (not produced by the pipeline); keep the text intact
        pieces.append(_e(s["text"][last - s["start"] : st["start"] - s["start"]]))
        tip = f"{st['target']}: {st['label']} (p={st['probs'][st['label']]:.2f})"
        pieces.append(f'<mark class="st-{_e(st["label"])}" title="{_e(tip)}">{_e(st["mention"])}</mark>')
        last = st["end"]
    pieces.append(_e(s["text"][last - s["start"] :]))
    top = _top_frame(s)
    classes = ["s", _frame_class(frame_order, top) if top else ""]
    if s["bias"]["label"] == "biased":
        classes += ["biased", "strong" if s["bias"]["prob"] >= STRONG_BIAS else ""]
    if s.get("voice") == "quote":
        classes.append("quote")
    frames = ", ".join(f"{f} {s['frames'][f]:.2f}" for f in s["frame_labels"]) or "none"
    title = f"#{s['index']} · {s['bias']['label']} (p(biased)={s['bias']['prob']:.2f}) · frames: {frames} · {s.get('voice', '')}"
    cls = " ".join(c for c in classes if c)
    return f'<span id="{anchor}-s{s["index"]}" class="{cls}" title="{_e(title)}">{"".join(pieces)}</span>'


def _body_html(result: dict[str, Any], frame_order: Sequence[str], anchor: str) -> str:
    """The cleaned text as paragraphs (a line break between two sentences starts a new paragraph)."""
    text, out, prev_end = result["text"], ["<p>"], None
    for s in result["sentences"]:
        if prev_end is not None:
            gap = text[prev_end : s["start"]]
            out.append("</p>\n<p>" if "\n" in gap else _e(gap))
        out.append(_sentence_html(s, frame_order, anchor))
        prev_end = s["end"]
    out.append("</p>")
    return "".join(out)


def _frame_bars(summary: dict[str, Any], frame_order: Sequence[str]) -> str:
    frames = sorted(summary["frames"].items(), key=lambda kv: -kv[1])
    rows = []
    for f, share in frames:
        if share <= 0:
            continue
        cls = _frame_class(frame_order, f)
        rows.append(f'<span class="sw {cls}"></span><span>{_e(f.replace("_", " "))}</span>'
                    f'<span class="bar"><span class="{cls}" style="width:{_pct(share)}"></span></span>'
                    f'<span class="v">{_pct(share)}</span>')  # fmt: skip
    return (
        f'<div class="bars">{"".join(rows)}</div>' if rows else "<p>No sentence passed a frame threshold.</p>"
    )


def _article_frames(summary: dict[str, Any], frame_order: Sequence[str]) -> str:
    """The article-level frames (the article head, calibrated on SemEval dev articles): the labelled ones first."""
    probs = summary.get("article_frames") or {}
    if not probs:
        return ""
    labelled = set(summary.get("article_frame_labels") or [])
    top = sorted(probs.items(), key=lambda kv: (kv[0] not in labelled, -kv[1]))[: max(3, len(labelled))]
    rows = [
        f'<span class="sw {_frame_class(frame_order, f)}"></span>'
        f"<span>{'<b>' if f in labelled else ''}{_e(f.replace('_', ' '))}{'</b>' if f in labelled else ''}</span>"
        f'<span class="bar"><span class="{_frame_class(frame_order, f)}" style="width:{_pct(p)}"></span></span>'
        f'<span class="v">{p:.2f}</span>'
        for f, p in top
    ]
    return (
        f'<h3>Article frames (probability)</h3><div class="bars article-frames">{"".join(rows)}</div>'
        "<p>Bold: above the article threshold.</p>"
    )


def _targets_table(summary: dict[str, Any]) -> str:
    if not summary["targets"]:
        return "<p>No targets found.</p>"
    rows = ["<tr><th>target</th><th>mentions</th><th>neg</th><th>neu</th><th>pos</th><th>mean</th></tr>"]
    for name, t in summary["targets"].items():
        mean = t["mean"]
        cls = "neu" if mean is None or abs(mean) < 0.1 else ("pos" if mean > 0 else "neg")
        shown = "–" if mean is None else f"{mean:+.2f}"
        rows.append(f'<tr><td>{_e(name)}</td><td>{t["mentions"]}</td><td>{t["negative"]}</td><td>{t["neutral"]}</td>'
                    f'<td>{t["positive"]}</td><td class="{cls}">{shown}</td></tr>')  # fmt: skip
    return f"<table>{''.join(rows)}</table>"


def _profile_html(result: dict[str, Any], frame_order: Sequence[str]) -> str:
    summary = result["summary"]
    voice = summary.get("voice", {})
    by_voice = " · ".join(f"{v}: {_pct(d['bias_share'])} of {d['n_sentences']}" for v, d in voice.items())
    evidence = "".join(
        f'<li><a href="#{_e(result["_anchor"])}-s{ev["index"]}">#{ev["index"]}</a> {_e(ev["text"])}'
        f'<span class="why">{_e(ev["why"])}</span></li>'
        for ev in summary["evidence"]
    )
    return (
        f'<aside class="profile"><h3>Bias</h3><p>{_pct(summary["bias_share"])} of {summary["n_sentences"]} '
        f'sentences labelled biased</p><div class="bar bias-bar"><span style="width:{_pct(summary["bias_share"])}">'
        f"</span></div><p>{_e(by_voice)}</p>{_article_frames(summary, frame_order)}"
        f"<h3>Frames (share of sentences)</h3>{_frame_bars(summary, frame_order)}"
        f"<h3>Targets (stance)</h3>{_targets_table(summary)}"
        f'<h3>Evidence</h3><ol class="evidence">{evidence or "<li>none</li>"}</ol></aside>'
    )


def _article_html(result: dict[str, Any], anchor: str) -> str:
    result = {**result, "_anchor": anchor}
    frame_order = list(result["summary"]["frames"])
    body = _body_html(result, frame_order, anchor)
    legend = "".join(
        f'<span class="key"><span class="sw {_frame_class(frame_order, f)}"></span> {_e(f.replace("_", " "))}</span>'
        for f, share in result["summary"]["frames"].items() if share > 0
    )  # fmt: skip
    model = result.get("model", {})
    meta = " · ".join(_e(x) for x in (result.get("outlet"), result.get("id"),
                                       f"model {model.get('name', '?')} {model.get('version', '')}") if x)  # fmt: skip
    warnings = "".join(f"<li>{_e(w)}</li>" for w in result.get("warnings", []))
    removed = "".join(
        f'<li><span class="reason">{_e(r["reason"])}</span> {_e(r["text"])}</li>' for r in result["removed"]
    )
    return (
        f'<article id="{anchor}"><h2>{_e(result.get("title") or result.get("id") or "Article")}</h2>'
        f'<p class="meta">{meta}</p>'
        + (f'<ul class="warnings">{warnings}</ul>' if warnings else "")
        + '<p class="legend">Shading: top frame of the sentence · <u>underline</u>: labelled biased (hover for '
        'p(biased)) · marked names: stance (<span style="color:var(--neg)">negative</span>, neutral, '
        f'<span style="color:var(--pos)">positive</span>)<br>{legend}</p>'
        f'<div class="layout"><div class="text">{body}</div>{_profile_html(result, frame_order)}</div>'
        f"<details><summary>Removed lines ({len(result['removed'])})</summary><ul>{removed}</ul></details>"
        "</article>"
    )


def to_html(results: Sequence[dict[str, Any]], *, title: str = "Slant: article labels") -> Iterator[str]:
    """A complete page for one or more article results."""
    yield ("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
           f"<title>{_e(title if len(results) != 1 else (results[0].get('title') or results[0].get('id') or title))}"
           f"</title><style>\n{load_css()}</style></head><body><main>\n")  # fmt: skip
    if len(results) > 1:
        items = "".join(
            f'<li><a href="#a{i}">{_e(r.get("title") or r.get("id"))}</a></li>' for i, r in enumerate(results)
        )
        yield f"<h1>{_e(title)}</h1><nav><ul>{items}</ul></nav>\n"
    for i, r in enumerate(results):
        yield _article_html(r, f"a{i}") + "\n"
    yield "</main></body></html>\n"


def article_html(result: dict[str, Any], anchor: str = "a0") -> str:
    """The view of one article without a page around it (what ``slant serve``'s page shows); needs the CSS of
    :func:`load_css` on the page."""
    return _article_html(result, anchor)
