"""Stance toward each marked target of a sentence (NewsMTSC): negative / neutral / positive, macro-F1."""

from __future__ import annotations

from typing import Any

import numpy as np
import torch
import torch.nn.functional as F

from slant.data.schema import mention_spans
from slant.tasks.base import Example, Split, Task, outlets


class StanceTask(Task):
    name = "stance"
    report_task = "stance"
    output = "stance"
    head = "stance"
    kind = "single"
    tests = ("newsmtsc_rw", "newsmtsc_mt")
    bench_metrics = ("macro_f1",)  # compared by `slant bench` between fp32 and quantised systems
    bench_splits = {"stance": "newsmtsc_rw", "stance_mt": "newsmtsc_mt"}
    headline = "macro_f1"
    units = {"stance": "sentence (all targets of a sentence together)"}

    def examples(self, split: Any, config: Any, splitter: Any) -> list[Example]:
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

    def augment(self, examples: list[Example], config: Any) -> list[Example]:
        """With ``stance_swap``, each multi-target sentence whose two named targets differ in label also appears
        with the names exchanged and their labels swapped (see `name_swapped`). With ``stance_contrast`` n > 0,
        n joined pairs of training sentences of different tone are added (see `contrast_pairs`)."""
        out = list(examples)
        if config.stance_swap:
            out += [s for e in examples if (s := name_swapped(e)) is not None]
        if config.stance_contrast:
            out += contrast_pairs(examples, config.stance_contrast, config.draw_seed)
        return out

    def extra_reports(self, predictor: Any) -> dict[str, Any]:
        """The behavioural stance suite (eval/stance_suite), reported beside NewsMTSC."""
        from slant.eval.suite import score_suite

        return {"stance_suite": score_suite(predictor)}

    def setup(self, model: Any, examples: list[Example], config: Any) -> torch.Tensor | None:
        from slant.training.data import class_weights

        if not config.class_weighting:
            return None
        n = len(self.labels(model.config))
        return torch.tensor(class_weights([s for e in examples for s in e.stance], n))

    def loss(self, trainer: Any, batch: list[Example], step: int) -> torch.Tensor:
        """Cross-entropy over every target of the batch, class-weighted when `setup` gave weights.

        With ``stance_mixed_weight`` w != 1, each target of a sentence whose targets carry different labels counts
        w times (see `mixed_weights`); with ``stance_consistency`` > 0, the symmetric KL between each name-swapped
        copy and its original is added (see `consistency_pairs`). Both off (the defaults), the loss is computed
        exactly as before they existed.
        """
        cfg = trainer.config
        # Originals of the batch's swapped copies that the batch lacks: run alongside it, for the consistency term.
        pairs, extra = consistency_pairs(batch) if cfg.stance_consistency > 0 else ([], [])
        rows = batch + extra
        out, enc = trainer.forward(
            [e.text for e in rows], [e.spans for e in rows], mentions=[e.mentions or [] for e in rows]
        )
        device = out["bias"].device

        def stance_logits(keys: list[tuple[int, int]]) -> torch.Tensor:  # (row, target) -> logits (n, 3)
            r = torch.tensor([enc.slots[k][0] for k in keys], device=device)
            c = torch.tensor([enc.slots[k][1] for k in keys], device=device)
            return out["stance"][r, c].float()

        keys = [(i, j) for i, e in enumerate(batch) for j in range(len(e.spans))]
        gold = torch.tensor([batch[i].stance[j] for i, j in keys], device=device)
        w = trainer.weights.get(self.name)
        w = None if w is None else w.to(device)
        logits = stance_logits(keys)
        if cfg.stance_mixed_weight == 1.0:
            loss = F.cross_entropy(logits, gold, weight=w)
        else:
            per_target = F.cross_entropy(logits, gold, reduction="none")
            a = mixed_weights(batch, cfg.stance_mixed_weight).to(device)
            if w is not None:
                a = a * w[gold]
            loss = (a * per_target).sum() / a.sum()
        if pairs:
            copy_keys = [(i, j) for i, o in pairs for j in range(len(batch[i].spans))]
            orig_keys = [(o, j) for i, o in pairs for j in range(len(batch[i].spans))]
            kl = symmetric_kl(stance_logits(copy_keys), stance_logits(orig_keys))
            loss = loss + cfg.stance_consistency * kl.mean()
        return loss

    def dev_score(self, predictor: Any, examples: list[Example]) -> tuple[float, int]:
        from slant.eval.metrics import macro_f1

        _, _, st = predictor.logits(
            [e.text for e in examples],
            [e.spans for e in examples],
            mentions=[e.mentions or [] for e in examples],
        )
        pred = [int(np.argmax(v)) for s in st for v in s]
        gold = [g for e in examples for g in e.stance]
        return macro_f1(gold, pred, len(self.labels(predictor.config))), len(gold)

    def split(self, ds: Any) -> Split:
        from slant.eval.baselines import stance_text

        texts = list(ds["text"])
        spans = [(int(s), int(e)) for s, e in zip(ds["target_start"], ds["target_end"])]
        return Split(
            texts,
            np.asarray(ds["label"], np.int64),
            spans=spans,
            mentions=[mention_spans(m) for m in ds["mentions"]],
            groups=texts,
            outlets=outlets(ds),
            baseline_texts=[stance_text(t, s, e) for t, (s, e) in zip(texts, spans)],
        )

    def logits(self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False) -> np.ndarray:
        return predictor.stance_logits(split.texts, split.spans, mentions=split.mentions, progress=progress)


# How two sentences are joined into one training input, and the words after which the second may start lower-case.
CONNECTORS = (" ", "; ", ", while ", ", whereas ", " \u2014 but ", ". Meanwhile, ")
_LOWER_STARTS = set(
    "the a an this that these those it its their his her our some many most there here in on at for after when while "
    "as if but and so yet sometimes today yesterday now then still".split()
)
CONTRAST_MAX_CHARS = 170  # each half; two halves plus markers stay inside max_length=96 tokens


def contrast_pairs(examples: list[Example], n: int, seed: int) -> list[Example]:
    """``n`` inputs made of two training sentences whose targets carry different labels, joined into one.

    NewsMTSC has few sentences that praise one target and attack another (353 of 6,959), so a model can read each
    target's stance from the sentence's overall tone. Joining a sentence whose targets are all, say, negative with
    one whose targets are all positive ("A ...; B ..." or "A ..., while B ...") gives inputs whose overall tone
    is mixed and where each target's label is decided by its own clause; each label stays what the original
    annotators gave it in its own sentence. Pairs share no target name, each half has at most
    ``CONTRAST_MAX_CHARS`` characters, both orders occur, and the draw is seeded.
    """
    by_label: dict[int, list[Example]] = {}
    for e in examples:
        if e.swapped_from is None and e.stance and not is_mixed(e) and len(e.text) <= CONTRAST_MAX_CHARS:
            by_label.setdefault(e.stance[0], []).append(e)
    labels = sorted(by_label)
    if len(labels) < 2 or n <= 0:
        return []
    rng = np.random.default_rng(seed + 7919)
    out: list[Example] = []
    tries = 0
    while len(out) < n and tries < 20 * n:
        tries += 1
        la, lb = rng.choice(labels, size=2, replace=False)
        a = by_label[la][rng.integers(len(by_label[la]))]
        b = by_label[lb][rng.integers(len(by_label[lb]))]
        names_a = {a.text[s:e].lower() for s, e in a.spans}
        if names_a & {b.text[s:e].lower() for s, e in b.spans}:
            continue
        out.append(_join(a, b, CONNECTORS[rng.integers(len(CONNECTORS))]))
    return out


def _join(a: Example, b: Example, connector: str) -> Example:
    """``a`` and ``b`` as one input, ``a``'s final full stop dropped before a clause connector."""
    first = a.text.rstrip()
    if connector != " ":
        first = first.rstrip(".!?")
    second = b.text.lstrip()
    lead = len(b.text) - len(second)
    word = second.split(" ", 1)[0].strip(",;:")
    if connector != " " and word.lower() in _LOWER_STARTS and not any(s == lead for s, _ in b.spans):
        second = second[:1].lower() + second[1:]
    off = len(first) + len(connector) - lead
    spans = list(a.spans) + [(s + off, e + off) for s, e in b.spans]
    mentions = None
    if a.mentions is not None or b.mentions is not None:
        ma = a.mentions or [[] for _ in a.spans]
        mb = b.mentions or [[] for _ in b.spans]
        mentions = [list(m) for m in ma] + [[(s + off, e + off) for s, e in m] for m in mb]
    return Example(
        text=first + connector + second,
        spans=spans,
        stance=list(a.stance) + list(b.stance),
        mentions=mentions,
    )


def is_mixed(ex: Example) -> bool:
    """Whether the sentence's targets carry different labels (one praised, another attacked, ...)."""
    return len(set(ex.stance or [])) > 1


def mixed_weights(batch: list[Example], weight: float) -> torch.Tensor:
    """One weight per target of the batch, in `loss`'s order: ``weight`` for the targets of mixed-polarity
    sentences, 1 for the rest.

    Only 353 of NewsMTSC's 6,959 training sentences have targets of different labels, so a plain loss lets a model
    give every target the sentence's overall tone. `loss` divides the weighted sum by the sum of the weights (times
    the class weights, as ``F.cross_entropy(weight=...)`` does), so the loss stays a weighted mean over the
    batch's targets, on the scale of the unweighted one: a mixed sentence gains share within its batch, and a
    batch without one (or made only of them) is scored as before.
    """
    return torch.tensor([weight if is_mixed(e) else 1.0 for e in batch for _ in e.spans], dtype=torch.float32)


def consistency_pairs(batch: list[Example]) -> tuple[list[tuple[int, int]], list[Example]]:
    """(copy row, original row) for every name-swapped copy in the batch, and the originals to run with it.

    Batches are drawn by length from a shuffled order (`BatchStream`), so a copy rarely meets its original; the
    originals not in the batch are returned to be encoded beside it (rows ``len(batch)`` on), which leaves the
    batch plan, and so every other option's data order, untouched. They add to the consistency term only.
    """
    row = {id(e): i for i, e in enumerate(batch)}
    pairs, extra = [], []
    for i, e in enumerate(batch):
        o = e.swapped_from
        if o is None:
            continue
        if id(o) not in row:
            row[id(o)] = len(batch) + len(extra)
            extra.append(o)
        pairs.append((i, row[id(o)]))
    return pairs, extra


def symmetric_kl(z_a: torch.Tensor, z_b: torch.Tensor) -> torch.Tensor:
    """(KL(p_a || p_b) + KL(p_b || p_a)) / 2 per row of two (n, classes) logit tensors; 0 where they agree.

    Both sides keep their gradients: neither the copy nor the original is the teacher.
    """
    la, lb = F.log_softmax(z_a, -1), F.log_softmax(z_b, -1)
    return 0.5 * ((la.exp() * (la - lb)).sum(-1) + (lb.exp() * (lb - la)).sum(-1))


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
    keep their labels and move with the text; a mention overlapping a swapped name is dropped. Target k of the
    copy is target k of the original in the same place with the same label, and the copy keeps a link to the
    original (``swapped_from``) for the consistency term.
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
            return Example(text=text, spans=spans, stance=list(ex.stance), mentions=mentions, swapped_from=ex)
    return None
