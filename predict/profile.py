"""Roll the sentence labels of one article up into its profile (the ``summary`` of the result JSON).

Example:
    >>> s = [{"index": 0, "text": "A.", "voice": "author", "bias": {"label": "biased", "prob": 0.9},
    ...       "frames": {"Economic": 0.8}, "frame_labels": ["Economic"], "stance": []}]
    >>> summary = summarize(s, frame_names=["Economic"])
    >>> summary["bias_share"], summary["frames"]
    (1.0, {'Economic': 1.0})
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from slant.text.sentences import VOICES

# Stance labels as the data and new models spell them; `summarize` takes the model's own list.
STANCE_KEYS: tuple[str, ...] = ("negative", "neutral", "positive")
# How many of the most biased sentences, and how many main targets, get an evidence entry.
EVIDENCE_BIASED = 3
EVIDENCE_TARGETS = 3
DIGITS = 4


def _share(count: int, total: int) -> float:
    return round(count / total, DIGITS) if total else 0.0


def target_table(
    sentences: Sequence[dict[str, Any]],
    target_names: Sequence[str] = (),
    stance_names: Sequence[str] = STANCE_KEYS,
    target_forms: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, dict[str, Any]]:
    """Per target: mention count, counts per stance label, and ``mean`` = mean(p_positive - p_negative).

    Targets are listed by mentions (descending), then first appearance; names in ``target_names`` (the ones the
    user asked for) are always listed, with ``mentions`` 0 and ``mean`` None when never mentioned. When
    ``target_forms`` is given, each mentioned target's row also has ``forms``: the surface forms merged under its
    canonical name ("Democrats", "Democratic" under "Democratic Party").
    """
    rows: dict[str, dict[str, Any]] = {}
    diffs: dict[str, list[float]] = {}
    for s in sentences:
        for st in s["stance"]:
            row = rows.setdefault(st["target"], {"mentions": 0, **{k: 0 for k in stance_names}, "mean": None})
            row["mentions"] += 1
            if st["label"] in stance_names:
                row[st["label"]] += 1
            diffs.setdefault(st["target"], []).append(
                st["probs"].get("positive", 0.0) - st["probs"].get("negative", 0.0)
            )
    for name, values in diffs.items():
        rows[name]["mean"] = round(sum(values) / len(values), DIGITS)
    for name in target_names:
        rows.setdefault(name, {"mentions": 0, **{k: 0 for k in stance_names}, "mean": None})
    if target_forms is not None:
        for name, row in rows.items():
            if target_forms.get(name):  # a user's target never mentioned has no forms (and no key)
                row["forms"] = list(target_forms[name])
    order = sorted(rows, key=lambda n: -rows[n]["mentions"])  # sorted() is stable: ties keep first appearance
    return {name: rows[name] for name in order}


def voice_table(sentences: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Sentence count and bias share separately for the author's prose and for quoted/attributed speech."""
    out = {}
    for voice in VOICES:
        group = [s for s in sentences if s.get("voice") == voice]
        biased = sum(s["bias"]["label"] == "biased" for s in group)
        out[voice] = {"n_sentences": len(group), "bias_share": _share(biased, len(group))}
    return out


def evidence(
    sentences: Sequence[dict[str, Any]], targets: dict[str, dict[str, Any]], frames: dict[str, float]
) -> list[dict[str, Any]]:
    """The most telling sentences: the most biased ones, the strongest stance per main target, the clearest
    sentence of the most frequent frame. Each entry has ``index``, ``text``, ``kind`` and a ``why`` line."""
    out: list[dict[str, Any]] = []
    biased = sorted(
        (s for s in sentences if s["bias"]["label"] == "biased"), key=lambda s: -s["bias"]["prob"]
    )
    for s in biased[:EVIDENCE_BIASED]:
        where = " (quoted speech)" if s.get("voice") == "quote" else ""
        out.append({"index": s["index"], "text": s["text"], "kind": "bias",
                    "why": f"biased wording, p(biased)={s['bias']['prob']:.2f}{where}"})  # fmt: skip
    main = [name for name, row in targets.items() if row["mentions"]][:EVIDENCE_TARGETS]
    for name in main:
        best: tuple[float, dict[str, Any], dict[str, Any]] | None = None
        for s in sentences:
            for st in s["stance"]:
                if st["target"] == name and st["label"] != "neutral":
                    p = st["probs"].get(st["label"], 0.0)
                    if best is None or p > best[0]:
                        best = (p, s, st)
        if best is not None:
            p, s, st = best
            out.append({"index": s["index"], "text": s["text"], "kind": "stance", "target": name,
                        "why": f"strongest {st['label']} stance toward {name} (\u201c{st['mention']}\u201d, p={p:.2f})"})  # fmt: skip
    top = max(frames, key=lambda f: frames[f], default=None)
    if top is not None and frames[top] > 0:
        s = max(sentences, key=lambda s: s["frames"].get(top, 0.0))
        out.append({"index": s["index"], "text": s["text"], "kind": "frame", "frame": top,
                    "why": f"clearest sentence of the most frequent frame {top}, p={s['frames'][top]:.2f}"})  # fmt: skip
    return out


def summarize(
    sentences: Sequence[dict[str, Any]],
    *,
    frame_names: Sequence[str],
    target_names: Sequence[str] = (),
    stance_names: Sequence[str] = STANCE_KEYS,
    target_forms: Mapping[str, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The article profile.

    Args:
        sentences: Sentence dicts of the result JSON (``bias``, ``frame_labels``, ``stance``, ``voice``...).
        frame_names: All frame labels of the model, in order (every one gets a share, 0 when absent).
        target_names: Targets the user asked for; listed even when never mentioned.
        stance_names: The model's stance labels (each gets a count per target).
        target_forms: Canonical target name -> surface forms merged into it (adds ``forms`` to each target row).

    Returns:
        ``n_sentences``; ``bias_share`` (share of sentences labelled biased); ``frames`` (per frame, share of
        sentences with it in ``frame_labels``); ``targets`` (see :func:`target_table`); ``voice`` (see
        :func:`voice_table`); ``evidence`` (see :func:`evidence`).
    """
    n = len(sentences)
    frames = {f: _share(sum(f in s["frame_labels"] for s in sentences), n) for f in frame_names}
    targets = target_table(sentences, target_names, stance_names, target_forms)
    return {
        "n_sentences": n,
        "bias_share": _share(sum(s["bias"]["label"] == "biased" for s in sentences), n),
        "frames": frames,
        "targets": targets,
        "voice": voice_table(sentences),
        "evidence": evidence(sentences, targets, frames),
    }
