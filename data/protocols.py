"""Task protocols: which corpus parts become which splits, how dev/test are carved, and deduplication.

Every builder returns ``(splits, report)``: split name -> schema rows, and a JSON-able report of exclusions and
removed duplicates. Test texts found in training (exact, or after casefold + whitespace collapse) are removed
from training; dev is always carved from training data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from slant.data.corpora import load_source
from slant.data.dedup import drop_repeats, normalise, remove_overlap
from slant.data.labels import BIAS_LABELS, FRAME_LABELS, LEANING_LABELS, STANCE_LABELS
from slant.data.prose import build_frames_prose
from slant.data.sources.frames_prose import FIRST_PASS
from slant.data.splits import grouped_holdout, grouped_kfold, stratified_holdout

Rows = list[dict[str, Any]]
Built = tuple[dict[str, Rows], dict[str, Any]]
DEV_FRACTION = 0.1
N_FOLDS = 5


@dataclass(frozen=True)
class TaskSpec:
    """One task: its corpora, split names, label space (None for multi-label frames), builder, and whether its
    test split is one of several folds (``load_task(fold=k)``)."""

    name: str
    sources: tuple[str, ...]
    splits: tuple[str, ...]
    labels: tuple[str, ...] | None
    unit: str
    build: Callable[..., Built]
    folded: bool = False  # its rows depend on the SemEval fold (the CV protocol's test articles stay out)
    # extra inputs besides the corpus folders whose change must rebuild the cached rows (file paths)
    extra_files: tuple[Any, ...] = ()


def _take(rows: Rows, idx: list[int]) -> Rows:
    return [rows[i] for i in idx]


def _dedup(report: dict[str, Any], train: Rows, held: dict[str, Rows], train_name: str = "train") -> Rows:
    """Remove from ``train`` every text of each held-out split, recording counts per split."""
    for name, rows in held.items():
        train, counts = remove_overlap(train, (r["text"] for r in rows))
        report["dedup"][f"{train_name} vs {name}"] = counts
    return train


def _report(task: str, sources: tuple[str, ...], seed: int, fold: int | None = None) -> dict[str, Any]:
    return {
        "task": task,
        "seed": seed,
        "fold": fold,
        "sources": list(sources),
        "exclusions": {},
        "notes": [],
        "dedup": {},
    }


def _parse(report: dict[str, Any], name: str, data_dir: Any) -> Any:
    parsed, _ = load_source(name, data_dir)
    if parsed.exclusions:
        report["exclusions"][name] = dict(parsed.exclusions)
    report["notes"] += [f"{name}: {n}" for n in parsed.notes]
    report.setdefault("release", {})[name] = {
        "parts": {part: len(rows) for part, rows in parsed.parts.items()},
        "exclusions": dict(parsed.exclusions),
        "notes": list(parsed.notes),
    }
    return parsed


def build_stance(seed: int, fold: int, data_dir: Any) -> Built:
    """NewsMTSC: train minus a seeded 10% dev grouped by sentence; devtest_rw/devtest_mt as released."""
    report = _report("stance", ("newsmtsc",), seed)
    p = _parse(report, "newsmtsc", data_dir)
    tests = {"newsmtsc_rw": p.parts["devtest_rw"], "newsmtsc_mt": p.parts["devtest_mt"]}
    train = _dedup(report, p.parts["train"], tests)
    keep, held = grouped_holdout([normalise(r["text"]) for r in train], DEV_FRACTION, seed)
    return {"train": _take(train, keep), "dev": _take(train, held), **tests}, report


def build_bias(seed: int, fold: int, data_dir: Any) -> Built:
    """BABE: seeded stratified 20% of SG2 is the test; dev is 10% of the rest; SG1 and MBIC add training rows.

    Training rows equal to a test or dev sentence are removed; a sentence that occurs several times in training
    (SG1 and MBIC re-annotate SG2 sentences) keeps its first label in the order SG2, SG1, MBIC.
    """
    report = _report("bias", ("babe",), seed)
    p = _parse(report, "babe", data_dir)
    sg2 = p.parts["sg2"]
    rest_i, test_i = stratified_holdout([r["label"] for r in sg2], 0.2, seed)
    rest, test = _take(sg2, rest_i), _take(sg2, test_i)
    keep_i, dev_i = stratified_holdout([r["label"] for r in rest], DEV_FRACTION, seed)
    dev = _take(rest, dev_i)
    train = _take(rest, keep_i) + p.parts["sg1"] + p.parts["mbic"]
    train = _dedup(report, train, {"babe": test, "dev": dev})
    train, repeats = drop_repeats(train)
    report["dedup"]["train repeats (kept first of SG2, SG1, MBIC)"] = {"normalised": repeats}
    return {"train": train, "dev": dev, "babe": test}, report


def build_frames_gvfc(seed: int, fold: int, data_dir: Any) -> Built:
    """GVFC: 70/10/20 train/dev/gvfc, stratified by the first coded frame ("none" when no frame).

    ``gvfc_framed`` is the test headlines that carry at least one frame: the 1,300-headline framed set on which the
    published GVFC numbers are measured. ``gvfc`` keeps every test headline (including the unframed ones).
    """
    report = _report("frames_gvfc", ("gvfc",), seed)
    p = _parse(report, "gvfc", data_dir)
    rows, strata = p.parts["all"], p.extra["first_frame"]
    rest_i, test_i = stratified_holdout(strata, 0.2, seed)
    keep_i, dev_i = stratified_holdout([strata[i] for i in rest_i], 0.125, seed)
    rest = _take(rows, rest_i)
    test, dev = _take(rows, test_i), _take(rest, dev_i)
    train = _dedup(report, _take(rest, keep_i), {"gvfc": test, "dev": dev})
    report["notes"].append("protocol: irrelevant headlines (Q1 Relevant = 2) are kept, with no frames")
    framed = [r for r in test if any(r["frames"])]
    report["notes"].append(f"gvfc_framed: the {len(framed)} test headlines with at least one frame")
    return {"train": train, "dev": dev, "gvfc_framed": framed, "gvfc": test}, report


def semeval_folds(seed: int = 13, data_dir: Any = None) -> list[tuple[list[int], list[int]]]:
    """Five folds over the SemEval-2023 English articles (one article = one row), stratified by frame count.

    Returns:
        ``(train-side indices, test indices)`` per fold, indices into the parsed ``en`` rows (sorted by id).
    """
    parsed, _ = load_source("semeval2023_task3", data_dir)
    return _semeval_folds(parsed.parts["en"], seed)


def _semeval_folds(rows: Rows, seed: int) -> list[tuple[list[int], list[int]]]:
    ids = [r["article_id"] for r in rows]
    strata = {r["article_id"]: min(max(sum(r["frames"]), 1), 7) for r in rows}
    return grouped_kfold(ids, N_FOLDS, seed, strata)


def build_frames_semeval(seed: int, fold: int, data_dir: Any) -> Built:
    """SemEval-2023 subtask 2 English: fold ``fold`` of 5 (grouped by article) is the test; dev is 10% of the rest."""
    if not 0 <= fold < N_FOLDS:
        raise ValueError(f"fold must be in [0, {N_FOLDS - 1}], got {fold}")
    report = _report("frames_semeval", ("semeval2023_task3",), seed, fold)
    rows = _parse(report, "semeval2023_task3", data_dir).parts["en"]
    rest_i, test_i = _semeval_folds(rows, seed)[fold]
    rest = _take(rows, rest_i)
    keep_i, dev_i = grouped_holdout([r["article_id"] for r in rest], DEV_FRACTION, seed)
    test, dev = _take(rows, test_i), _take(rest, dev_i)
    train = _dedup(report, _take(rest, keep_i), {"semeval2023_en": test, "dev": dev})
    return {"train": train, "dev": dev, "semeval2023_en": test}, report


def _leaning(kind: str) -> Callable[..., Built]:
    def build(seed: int, fold: int, data_dir: Any) -> Built:
        report = _report(f"leaning_{kind}", ("article_bias_prediction",), seed)
        p = _parse(report, "article_bias_prediction", data_dir)
        dev, test = p.parts[f"{kind}_valid"], p.parts[f"{kind}_test"]
        train = _dedup(report, p.parts[f"{kind}_train"], {"test": test, "dev": dev})
        return {"train": train, "dev": dev, "test": test}, report

    build.__doc__ = f"Article-Bias-Prediction, the released {kind} split (valid -> dev)."
    return build


TASKS: dict[str, TaskSpec] = {
    t.name: t
    for t in (
        TaskSpec(
            "stance",
            ("newsmtsc",),
            ("train", "dev", "newsmtsc_rw", "newsmtsc_mt"),
            STANCE_LABELS,
            "sentence + target span",
            build_stance,
        ),
        TaskSpec("bias", ("babe",), ("train", "dev", "babe"), BIAS_LABELS, "sentence", build_bias),
        TaskSpec(
            "frames_gvfc",
            ("gvfc",),
            ("train", "dev", "gvfc_framed", "gvfc"),
            None,
            "headline",
            build_frames_gvfc,
        ),
        TaskSpec(
            "frames_semeval",
            ("semeval2023_task3",),
            ("train", "dev", "semeval2023_en"),
            None,
            "article",
            build_frames_semeval,
            folded=True,
        ),
        TaskSpec(
            "frames_prose",
            ("semeval2023_task3", "article_bias_prediction"),
            ("train", "dev", "frames_prose", "articles"),
            None,
            "sentence of news prose (Slant's own annotation)",
            build_frames_prose,
            folded=True,
            extra_files=(FIRST_PASS,),
        ),
        TaskSpec(
            "leaning_media",
            ("article_bias_prediction",),
            ("train", "dev", "test"),
            LEANING_LABELS,
            "article",
            _leaning("media"),
        ),
        TaskSpec(
            "leaning_random",
            ("article_bias_prediction",),
            ("train", "dev", "test"),
            LEANING_LABELS,
            "article",
            _leaning("random"),
        ),
    )
}


def label_counts(spec: TaskSpec, rows: Rows) -> dict[str, int]:
    """Rows per label, or per frame (plus ``none``) for frame tasks; rows with no frame vector (the whole
    articles prose sentences are read in) are not labelled and count nowhere."""
    if spec.labels is None:
        counts = {f: 0 for f in FRAME_LABELS}
        counts["none"] = 0
        for r in (r for r in rows if len(r["frames"])):
            for f, v in zip(FRAME_LABELS, r["frames"]):
                counts[f] += int(v)
            counts["none"] += int(not any(r["frames"]))
        return {k: v for k, v in counts.items() if v}
    counts = {lab: 0 for lab in spec.labels}
    for r in rows:
        counts[spec.labels[r["label"]]] += 1
    return counts
