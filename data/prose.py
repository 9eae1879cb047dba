"""The prose frames task: Slant's sentence annotations joined with the mirror, split by article, and their card.

Splits follow the SemEval-2023 protocol so no article crosses it: a SemEval article's sentences go to ``test``
when the article is in fold ``fold``'s test part, to ``dev`` when it is in that fold's dev carve, else to
``train``. Article-Bias-Prediction articles (not in SemEval) are split by article independently of the fold, so every fold
tests on the same ABP articles: those of the first annotation round by the seeded holdout they were split with
when they were annotated, those of later rounds each by a seeded hash of its id (`hashed_part`), so that adding
a round never moves an article already split.
"""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np

from slant.data.labels import FRAME_LABELS
from slant.data.sources.frames_prose import (
    FIRST_PASS,
    SECOND_PASS,
    Annotation,
    AnnotationSet,
    join_texts,
    read_annotations,
    to_rows,
)
from slant.data.splits import grouped_holdout

ABP_TEST_FRACTION = 0.35
ABP_DEV_FRACTION = 0.2


def sentence_spans(text: str) -> set[tuple[int, int]]:
    """The (start, end) spans of the project's sentence splitter, which the annotation offsets must match."""
    from slant.text.sentences import split_sentences

    return {(s.start, s.end) for s in split_sentences(text)}


def annotations_fingerprint(*paths: Path) -> str:
    """Hash of the annotation files, so cached task data is rebuilt when an annotation changes."""
    h = hashlib.sha256()
    for p in paths:
        h.update(p.name.encode())
        h.update(p.read_bytes() if p.is_file() else b"<missing>")
    return h.hexdigest()[:16]


def mirror_articles(data_dir: Any, corpora: set[str]) -> tuple[dict[str, dict[str, str]], dict[tuple, str]]:
    """Article texts (as each corpus loader reads them) and outlets of the corpora the annotations use."""
    from slant.data.registry import load_source

    texts: dict[str, dict[str, str]] = {}
    outlets: dict[tuple[str, str], str] = {}
    for corpus in sorted(corpora):
        parsed, _ = load_source(corpus, data_dir)
        part = "en" if corpus == "semeval2023_task3" else "all"
        texts[corpus] = {r["article_id"]: r["text"] for r in parsed.parts[part]}
        for r in parsed.parts[part]:
            if r["outlet"]:
                outlets[(corpus, r["article_id"])] = r["outlet"]
    return texts, outlets


def load_annotation_set(path: Path = FIRST_PASS, data_dir: Any = None, articles: Any = None) -> AnnotationSet:
    """Read an annotation file and join each sentence with its text from the mirror (all checks applied)."""
    items = read_annotations(path)
    texts, outlets = articles or mirror_articles(data_dir, {a.corpus for a in items})
    joined = join_texts(path, items, texts, sentence_spans)
    return AnnotationSet(path=path, items=items, texts=joined, outlets=outlets)


def split_of_articles(
    items: list[Annotation], semeval_rows: list[dict[str, Any]], seed: int, fold: int
) -> dict[tuple[str, str], str]:
    """(corpus, article id) -> "train" | "dev" | "test" under SemEval fold ``fold`` (see the module docstring)."""
    from slant.data.protocols import DEV_FRACTION, _semeval_folds

    rest_i, test_i = _semeval_folds(semeval_rows, seed)[fold]
    rest = [semeval_rows[i] for i in rest_i]
    _, dev_i = grouped_holdout([r["article_id"] for r in rest], DEV_FRACTION, seed)
    sem_test = {semeval_rows[i]["article_id"] for i in test_i}
    sem_dev = {rest[i]["article_id"] for i in dev_i}
    out = {}
    first_round = {a.article_id for a in items if a.corpus == "article_bias_prediction" and a.round == 1}
    abp_ids = sorted(first_round)
    for a in items:
        if a.corpus == "article_bias_prediction" and a.article_id not in first_round:
            out[(a.corpus, a.article_id)] = hashed_part(a.article_id, seed)
    if abp_ids:
        rest_j, test_j = grouped_holdout(abp_ids, ABP_TEST_FRACTION, seed)
        keep_j, dev_j = grouped_holdout([abp_ids[j] for j in rest_j], ABP_DEV_FRACTION, seed)
        for j in test_j:
            out[("article_bias_prediction", abp_ids[j])] = "test"
        for j in dev_j:
            out[("article_bias_prediction", abp_ids[rest_j[j]])] = "dev"
        for j in keep_j:
            out[("article_bias_prediction", abp_ids[rest_j[j]])] = "train"
    for a in items:
        if a.corpus == "semeval2023_task3":
            aid = a.article_id
            out[(a.corpus, aid)] = "test" if aid in sem_test else "dev" if aid in sem_dev else "train"
    return out


def hashed_part(article_id: str, seed: int) -> str:
    """ "test" | "dev" | "train" for an article of a later annotation round, from a seeded hash of its id alone.

    The shares match the first round's holdout (35% test, 20% of the rest dev), and an article's part never
    depends on which other articles are annotated.
    """
    digest = hashlib.sha256(f"frames_prose:{seed}:{article_id}".encode()).digest()
    u = int.from_bytes(digest[:8], "big") / 2**64
    if u < ABP_TEST_FRACTION:
        return "test"
    return "dev" if u < ABP_TEST_FRACTION + (1 - ABP_TEST_FRACTION) * ABP_DEV_FRACTION else "train"


def article_rows(
    items: list[Annotation], texts: dict[str, dict[str, str]], outlets: dict[tuple, str]
) -> list[dict[str, Any]]:
    """One row per annotated article: ``id`` is the sentences' ``article_id`` and ``text`` the whole article as its
    loader reads it (the annotation offsets index into it), so a sentence can be read inside its article."""
    from slant.data.schema import make_row
    from slant.data.sources.frames_prose import NAME

    keys = sorted({(a.corpus, a.article_id) for a in items})
    return [
        make_row(id=f"{c}:{aid}", text=texts[c][aid], source=NAME, outlet=outlets.get((c, aid), ""),
                 article_id=f"{c}:{aid}")
        for c, aid in keys
    ]  # fmt: skip


def build_frames_prose(seed: int, fold: int, data_dir: Any) -> tuple[dict[str, list], dict[str, Any]]:
    """Splits ``train``, ``dev`` and ``frames_prose`` (test) of the prose sentences, plus ``articles`` (the whole
    text of every annotated article, which evaluation reads each sentence in), with a report."""
    from slant.data.registry import load_source

    items = read_annotations(FIRST_PASS)
    texts, outlets = mirror_articles(data_dir, {a.corpus for a in items})
    aset = load_annotation_set(FIRST_PASS, data_dir, articles=(texts, outlets))
    semeval_rows = load_source("semeval2023_task3", data_dir)[0].parts["en"]
    where = split_of_articles(aset.items, semeval_rows, seed, fold)
    rows = to_rows(aset)
    splits: dict[str, list] = {"train": [], "dev": [], "frames_prose": [], "articles": []}
    for a, row in zip(aset.items, rows):
        part = where[(a.corpus, a.article_id)]
        splits["frames_prose" if part == "test" else part].append(row)
    splits["articles"] = article_rows(aset.items, texts, outlets)
    report = {
        "task": "frames_prose",
        "seed": seed,
        "fold": fold,
        "sources": ["frames_prose", "semeval2023_task3", "article_bias_prediction"],
        "exclusions": {},
        "notes": [
            f"{len(rows)} annotated sentences from {len(where)} articles; split by article under SemEval fold "
            f"{fold} (ABP articles: seeded holdout, {ABP_TEST_FRACTION:.0%} test)",
            f"annotations: {FIRST_PASS.name} (sha256 {annotations_fingerprint(FIRST_PASS)})",
        ],
        "dedup": {},
    }
    return splits, report


# ---------------------------------------------------------------------------------------------- data card
def frame_counts(items: list[Annotation]) -> dict[str, dict[str, int]]:
    """Positive sentences per frame, per corpus and overall, plus sentences with no frame."""
    out: dict[str, dict[str, int]] = {}
    for corpus in sorted({a.corpus for a in items}) + ["all"]:
        sel = [a for a in items if corpus in ("all", a.corpus)]
        c = Counter(f for a in sel for f in a.frames)
        out[corpus] = {f: c.get(f, 0) for f in FRAME_LABELS} | {
            "none": sum(not a.frames for a in sel),
            "sentences": len(sel),
            "articles": len({a.article_id for a in sel}),
        }
    return out


def gold_cross_check(items: list[Annotation], gold: dict[str, set[str]]) -> dict[str, Any]:
    """SemEval article labels as a cross-check of the sentence labels (never a constraint on them).

    Returns:
        ``outside_rate``: share of sentence frame marks whose frame is not in the article's gold set;
        ``uncarried_rate``: share of gold (article, frame) pairs with no annotated sentence carrying the frame
        (only the annotated first sentences of each article are read, so this is an upper bound); and the
        per-frame counts behind both.
    """
    sem = [a for a in items if a.corpus == "semeval2023_task3" and a.article_id in gold]
    marks = [(a.article_id, f) for a in sem for f in a.frames]
    outside = [(aid, f) for aid, f in marks if f not in gold[aid]]
    carried = {(a.article_id, f) for a in sem for f in a.frames}
    pairs = [(aid, f) for aid in sorted({a.article_id for a in sem}) for f in sorted(gold[aid])]
    uncarried = [p for p in pairs if p not in carried]
    return {
        "articles": len({a.article_id for a in sem}),
        "sentence_frame_marks": len(marks),
        "outside_gold": len(outside),
        "outside_rate": round(len(outside) / max(len(marks), 1), 4),
        "outside_by_frame": dict(Counter(f for _, f in outside).most_common()),
        "gold_pairs": len(pairs),
        "uncarried": len(uncarried),
        "uncarried_rate": round(len(uncarried) / max(len(pairs), 1), 4),
        "uncarried_by_frame": dict(Counter(f for _, f in uncarried).most_common()),
    }


def agreement(first: list[Annotation], second: list[Annotation]) -> dict[str, Any]:
    """Per-frame Cohen's kappa and Krippendorff's alpha on the doubly annotated sentences.

    Each (sentence, frame) decision is a binary nominal judgement; alpha is reported per frame and pooled over
    all 14 frame decisions of every sentence (the multi-label agreement), and exact-set agreement is given too.
    """
    import krippendorff
    from sklearn.metrics import cohen_kappa_score

    by_key = {a.key: a for a in first}
    pairs = [(by_key[b.key], b) for b in second if b.key in by_key]
    if not pairs:
        return {"sentences": 0}
    a_mat = np.array([[f in a.frames for f in FRAME_LABELS] for a, _ in pairs], dtype=int)
    b_mat = np.array([[f in b.frames for f in FRAME_LABELS] for _, b in pairs], dtype=int)
    per_frame = {}
    for j, f in enumerate(FRAME_LABELS):
        both = np.stack([a_mat[:, j], b_mat[:, j]])
        pos = int(a_mat[:, j].sum()), int(b_mat[:, j].sum())
        if len(set(both.ravel().tolist())) < 2:
            per_frame[f] = {"positives": pos, "kappa": None, "alpha": None}
            continue
        per_frame[f] = {
            "positives": pos,
            "kappa": round(float(cohen_kappa_score(a_mat[:, j], b_mat[:, j])), 3),
            "alpha": round(
                float(krippendorff.alpha(reliability_data=both, level_of_measurement="nominal")), 3
            ),
        }
    pooled = np.stack([a_mat.ravel(), b_mat.ravel()])
    return {
        "sentences": len(pairs),
        "first_annotators": sorted({a.annotator for a, _ in pairs}),
        "second_annotators": sorted({b.annotator for _, b in pairs}),
        "alpha_pooled": round(
            float(krippendorff.alpha(reliability_data=pooled, level_of_measurement="nominal")), 3
        ),
        "kappa_pooled": round(float(cohen_kappa_score(pooled[0], pooled[1])), 3),
        "exact_set_agreement": round(float(np.mean([set(a.frames) == set(b.frames) for a, b in pairs])), 3),
        "none_agreement": round(float(np.mean([(not a.frames) == (not b.frames) for a, b in pairs])), 3),
        "per_frame": per_frame,
    }


def prose_card(data_dir: Any = None, seed: int = 13) -> dict[str, Any]:
    """Everything the data card states about the prose annotation: counts, splits, cross-check, agreement."""
    from slant.data.registry import load_source

    first = load_annotation_set(FIRST_PASS, data_dir)
    texts = mirror_articles(data_dir, {a.corpus for a in first.items}) if SECOND_PASS.is_file() else None
    second = load_annotation_set(SECOND_PASS, data_dir, articles=texts) if texts else None
    semeval_rows = load_source("semeval2023_task3", data_dir)[0].parts["en"]
    gold = {r["article_id"]: {f for f, v in zip(FRAME_LABELS, r["frames"]) if v} for r in semeval_rows}
    where = split_of_articles(first.items, semeval_rows, seed, 0)
    split_counts = Counter(where[(a.corpus, a.article_id)] for a in first.items)
    return {
        "annotators": dict(Counter(a.annotator for a in first.items)),
        "counts": frame_counts(first.items),
        "fold0_split_sentences": dict(split_counts),
        "gold_cross_check": gold_cross_check(first.items, gold),
        "agreement": agreement(first.items, second.items) if second else None,
    }


def render_prose_card(card: dict[str, Any]) -> str:
    """The data card of the prose annotation as markdown (counts, splits, cross-check, agreement)."""
    counts = card["counts"]
    corpora = [c for c in counts if c != "all"]
    lines = [
        "# Data card: Slant prose frames (sentence-level annotation of news prose)",
        "",
        "Generated by `slant data stats` from `data/annotations/` and the corpus mirror.",
        "",
        "## Annotators",
        "",
        "| annotator | sentences (first pass) |",
        "|---|---|",
        *[f"| {a} | {n} |" for a, n in sorted(card["annotators"].items())],
        "",
        "## Positive sentences per frame",
        "",
        "| frame | " + " | ".join(corpora) + " | all |",
        "|---|" + "---|" * (len(corpora) + 1),
        *[
            f"| {f} | " + " | ".join(str(counts[c][f]) for c in corpora) + f" | {counts['all'][f]} |"
            for f in (*FRAME_LABELS, "none", "sentences", "articles")
        ],
        "",
        "## Splits (SemEval fold 0, the held-out protocol)",
        "",
        ", ".join(f"{k} {v}" for k, v in sorted(card["fold0_split_sentences"].items())),
        "",
        "## SemEval article labels as a cross-check",
        "",
    ]
    g = card["gold_cross_check"]
    lines += [
        f"- {g['outside_gold']} of {g['sentence_frame_marks']} sentence frame marks ({g['outside_rate']:.1%}) name a "
        f"frame outside their article's SemEval gold set; by frame: {g['outside_by_frame']}.",
        f"- {g['uncarried']} of {g['gold_pairs']} gold (article, frame) pairs ({g['uncarried_rate']:.1%}) have no "
        f"annotated sentence carrying the frame (only the first 30 sentences of each article were read); by frame: "
        f"{g['uncarried_by_frame']}.",
        "",
        "## Agreement (blind second pass)",
        "",
    ]
    a = card.get("agreement")
    if not a:
        return "\n".join(lines + ["No second-pass file.", ""])
    lines += [
        f"{a['sentences']} sentences re-annotated blind by {', '.join(a['second_annotators'])} (first pass: "
        f"{', '.join(a['first_annotators'])}). Krippendorff's alpha pooled over all 14 frame decisions "
        f"{a['alpha_pooled']}, Cohen's kappa pooled {a['kappa_pooled']}, exact frame-set agreement "
        f"{a['exact_set_agreement']}, agreement on 'no frame' {a['none_agreement']}.",
        "",
        "| frame | positives (first, second) | Cohen's kappa | Krippendorff's alpha |",
        "|---|---|---|---|",
        *[
            f"| {f} | {v['positives'][0]}, {v['positives'][1]} | {v['kappa']} | {v['alpha']} |"
            for f, v in a["per_frame"].items()
        ],
        "",
    ]
    return "\n".join(lines)
