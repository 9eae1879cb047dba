"""Task examples and deterministic, resumable batch streams for multi-task training."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from slant.data.labels import FRAME_LABELS, GVFC_FRAMES
from slant.data.schema import mention_spans
from slant.training.config import TrainConfig

# Frames GVFC can express; its headlines say nothing about the other five, so their loss is masked out.
GVFC_MASK = np.array([f in GVFC_FRAMES for f in FRAME_LABELS], dtype=np.float32)
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


@dataclass
class Example:
    """One training unit: a sentence (with targets), or an article bag of sentences."""

    text: str
    spans: list[tuple[int, int]]
    label: int = -1  # bias class
    stance: list[int] | None = None  # one class per span
    mentions: list[list[tuple[int, int]]] | None = None  # per span: the target's other mentions
    frames: np.ndarray | None = None  # (14,) multi-hot
    frame_mask: np.ndarray | None = None  # (14,) 1 where the label is known
    sentences: list[str] | None = None  # article bags only

    @property
    def length(self) -> int:
        return sum(len(s) for s in self.sentences) if self.sentences else len(self.text)


def name_spans(text: str, limit: int = 2) -> list[tuple[int, int]]:
    """Capitalised name-like spans (not sentence-initial) for marker augmentation."""
    return [m.span() for m in _NAME.finditer(text)][:limit]


def subsample(rows: list, cap: int, seed: int) -> list:
    if not cap or len(rows) <= cap:
        return rows
    keep = np.sort(np.random.default_rng(seed).choice(len(rows), cap, replace=False))
    return [rows[i] for i in keep]


def stance_examples(split) -> list[Example]:
    """Rows are one per target; group them back into sentences so all targets of a sentence share a pass."""
    by_text: dict[str, Example] = {}
    for row in split:
        ex = by_text.setdefault(row["text"], Example(text=row["text"], spans=[], stance=[], mentions=[]))
        span = (row["target_start"], row["target_end"])
        if span in ex.spans:
            continue
        ex.spans.append(span)
        ex.stance.append(row["label"])
        ex.mentions.append(mention_spans(row["mentions"]))
    return list(by_text.values())


_NOT_NAMES = {
    "he",
    "she",
    "him",
    "her",
    "his",
    "hers",
    "they",
    "them",
    "their",
    "it",
    "its",
    "i",
    "we",
    "you",
}


def _is_name(mention: str) -> bool:
    """A capitalised mention that is not a pronoun or a phrase like "The president"."""
    first = mention.split()[0].lower() if mention.split() else ""
    return mention[:1].isupper() and first not in _NOT_NAMES and first not in ("the", "a", "an")


def name_swapped(ex: Example) -> Example | None:
    """The sentence with its first pair of named targets of different labels exchanged, or None without one.

    Each label stays with its place in the sentence, so the two names' labels swap: "A praised B's calm" with A
    neutral and B positive becomes "B praised A's calm" with B neutral and A positive. Other targets and mentions
    keep their labels and move with the text; a mention overlapping a swapped name is dropped.
    """
    order = sorted(range(len(ex.spans)), key=lambda i: ex.spans[i])
    for x, a in enumerate(order):
        for b in order[x + 1 :]:
            (s1, e1), (s2, e2) = ex.spans[a], ex.spans[b]
            n1, n2 = ex.text[s1:e1], ex.text[s2:e2]
            if ex.stance[a] == ex.stance[b] or e1 > s2 or n1 == n2 or not (_is_name(n1) and _is_name(n2)):
                continue
            shift = len(n2) - len(n1)

            def move(span, s1=s1, e1=e1, s2=s2, e2=e2, n1=n1, n2=n2, shift=shift):
                st, en = span
                if (st, en) == (s1, e1):
                    return (s1, s1 + len(n2))
                if (st, en) == (s2, e2):
                    return (s2 + shift, s2 + shift + len(n1))
                if en <= s1 or st >= e2:  # before both, or after both (the lengths cancel out)
                    return span
                if st >= e1 and en <= s2:
                    return (st + shift, en + shift)
                return None

            spans = [move(sp) for sp in ex.spans]
            if any(sp is None for sp in spans):
                continue
            mentions = [[m for m in map(move, ms) if m is not None] for ms in (ex.mentions or [])] or None
            text = ex.text[:s1] + n2 + ex.text[e1:s2] + n1 + ex.text[e2:]
            return Example(text=text, spans=spans, stance=list(ex.stance), mentions=mentions)
    return None


def bias_examples(split) -> list[Example]:
    return [Example(text=r["text"], spans=[], label=r["label"]) for r in split]


def gvfc_examples(split) -> list[Example]:
    return [
        Example(text=r["text"], spans=[], frames=np.asarray(r["frames"], np.float32), frame_mask=GVFC_MASK)
        for r in split
    ]


def semeval_examples(split, splitter: Callable[[str], list[str]], max_sentences: int) -> list[Example]:
    out = []
    for r in split:
        sentences = [s for s in splitter(r["text"]) if len(s) > 2][:max_sentences] or [r["text"][:500]]
        out.append(
            Example(text="", spans=[], frames=np.asarray(r["frames"], np.float32), sentences=sentences)
        )
    return out


class BatchStream:
    """Length-grouped batches of one task whose order is a pure function of (seed, epoch).

    `batch(k)` returns the k-th batch ever drawn from this task, so resuming needs only the counter k.
    """

    def __init__(self, examples: list[Example], batch_size: int, seed: int, task_index: int) -> None:
        if not examples:
            raise ValueError(f"task {task_index} has no training examples; expected at least one")
        self.examples, self.batch_size, self.seed, self.task_index = examples, batch_size, seed, task_index
        self.n_batches = max(1, -(-len(examples) // batch_size))
        self._epoch, self._order = -1, []

    def _plan(self, epoch: int) -> list[list[int]]:
        rng = np.random.default_rng([self.seed, self.task_index, epoch])
        idx = rng.permutation(len(self.examples))
        chunk = self.batch_size * 50  # sort by length inside chunks: little padding, still random
        batches = []
        for k in range(0, len(idx), chunk):
            part = sorted(idx[k : k + chunk], key=lambda i: self.examples[i].length)
            batches += [part[j : j + self.batch_size] for j in range(0, len(part), self.batch_size)]
        return [batches[i] for i in rng.permutation(len(batches))]

    def batch(self, k: int) -> list[Example]:
        epoch, pos = divmod(k, self.n_batches)
        if epoch != self._epoch:
            self._epoch, self._order = epoch, self._plan(epoch)
        return [self.examples[i] for i in self._order[pos % len(self._order)]]


def task_probabilities(
    sizes: dict[str, int], temperature: float, weights: dict[str, float] | None = None
) -> dict[str, float]:
    """p(task) proportional to w_task * n^(1/T): T=1 proportional to size, larger T flattens towards uniform;
    w (default 1) shifts steps between tasks that learn at different speeds."""
    weights = weights or {}
    w = {t: weights.get(t, 1.0) * n ** (1.0 / temperature) for t, n in sizes.items()}
    total = sum(w.values())
    return {t: v / total for t, v in w.items()}


def choose_task(step: int, tasks: list[str], probs: list[float], seed: int) -> str:
    return tasks[np.random.default_rng([seed, 7919, step]).choice(len(tasks), p=probs)]


def augment_markers(ex: Example, step: int, seed: int, rate: float) -> list[tuple[int, int]]:
    """Sometimes mark names in bias/frames sentences so those heads also see marked input, as at prediction."""
    if rate <= 0 or np.random.default_rng([seed, 104729, step, len(ex.text)]).random() >= rate:
        return []
    return name_spans(ex.text)


def class_weights(labels: list[int], n_classes: int) -> np.ndarray:
    counts = np.bincount(np.asarray(labels, dtype=np.int64), minlength=n_classes).astype(np.float64)
    w = counts.sum() / (n_classes * np.maximum(counts, 1))
    return (w / w.mean()).astype(np.float32)


def frame_pos_weights(frames: np.ndarray, cap: float = 8.0) -> np.ndarray:
    """Per-frame positive weights sqrt(negatives / positives), clipped to [1, cap]; 1 for frames never seen.

    GVFC headlines are 56% unframed and a frame like Legality has ~3% positives, so plain BCE learns to predict
    nothing for rare frames; the square root keeps the correction moderate.
    """
    pos = frames.sum(0)
    neg = len(frames) - pos
    w = np.where(pos > 0, np.sqrt(neg / np.maximum(pos, 1)), 1.0)
    return np.clip(w, 1.0, cap).astype(np.float32)


def frame_prior_logits(frames: np.ndarray, mask: np.ndarray, pos_weights: np.ndarray) -> np.ndarray:
    """Starting bias of each frame output: the constant logit that minimises its weighted BCE, log(w * pos / neg).

    A frames head that starts at p = 0.5 spends its first few hundred steps learning that frames are rare; starting
    at the prior skips that. Frames the sentence data never labels get the mean of the labelled ones.
    """
    seen = mask.sum(0)
    pos = (frames * mask).sum(0)
    neg = seen - pos
    ok = (pos > 0) & (neg > 0)
    logits = np.zeros(frames.shape[1], dtype=np.float64)
    logits[ok] = np.log(pos_weights[ok] * pos[ok] / neg[ok])
    if ok.any():
        logits[~ok] = logits[ok].mean()
    return logits.astype(np.float32)


def build_examples(
    config: TrainConfig, datasets: dict, splitter: Callable[[str], list[str]]
) -> tuple[dict, dict]:
    """(train examples per task, dev examples per task) from the tasks' DatasetDicts."""
    makers = {
        "stance": stance_examples,
        "bias": bias_examples,
        "frames_gvfc": gvfc_examples,
        "frames_semeval": lambda s: semeval_examples(s, splitter, config.article_sentences),
    }
    train, dev = {}, {}
    for i, task in enumerate(config.tasks):
        dd = datasets[task]
        train[task] = subsample(makers[task](dd["train"]), config.max_train_examples, config.seed + i)
        if task == "stance" and config.stance_swap:
            train[task] = train[task] + [s for e in train[task] if (s := name_swapped(e)) is not None]
        dev[task] = subsample(makers[task](dd["dev"]), config.max_dev_examples, config.seed + 100 + i)
    return train, dev
