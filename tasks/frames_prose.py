"""Frames of a sentence of ordinary news prose, from Slant's own annotation: all 14 frames, micro-F1.

The sentences come from SemEval-2023 and Article-Bias-Prediction articles, labelled by reading against
docs/FRAMES_CODEBOOK.md (data card: `slant.data.prose`). Unlike GVFC headlines every frame can be expressed, so
no column is masked. Registered after GVFC, its calibration fits the sentence-frame temperature and thresholds on
prose dev sentences, the text predict sees, instead of on headlines.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import torch

from slant.data.labels import FRAME_LABELS
from slant.tasks.base import Example, Fit, Split
from slant.tasks.frames_gvfc import GvfcFramesTask

ALL_FRAMES = np.ones(len(FRAME_LABELS), dtype=np.float32)
# sentences of one article a training step reads with ``frames_context_training``: every annotated sentence, then
# the article's others in order up to this many (prose training articles hold 39 sentences at the median)
CONTEXT_CAP = 40


class ProseFramesTask(GvfcFramesTask):
    """GVFC's sentence loss, split and logits over all 14 frames (no column is masked)."""

    name = "frames_prose"
    report_task = "frames"
    output = "frames"
    # scored as `slant predict` reads an article's sentences: inside their article, with their own calibration
    # (`calibrate` also fits the sentences read alone, for sentence mode and GVFC headlines)
    head = "frames_context"
    kind = "multi"
    tests = ("frames_prose",)
    headline = "micro_f1"
    units = {"frames.frames_prose": "sentence"}
    thresholds_key = "frame_context_thresholds"
    default_weight = 1.3  # drawn as often as GVFC: the two sentence-frame corpora share the head

    def columns(self, labels: Sequence[str]) -> list[int]:
        return list(range(len(labels)))

    def load(self, seed: int, fold: int = 0) -> Any:
        from slant.data.registry import load_task

        return load_task(self.name, seed=seed, fold=fold)

    def examples(self, split: Any, config: Any, splitter: Any) -> list[Example]:
        return [
            Example(
                text=r["text"], spans=[], frames=np.asarray(r["frames"], np.float32), frame_mask=ALL_FRAMES
            )
            for r in split
        ]

    def splits(self, dd: Any, names: Sequence[str]) -> dict[str, Split]:
        """Prose splits whose rows carry the sentences of their whole article (from the ``articles`` part, split
        as prediction splits a text), so evaluation reads each sentence inside its article as `slant predict`
        does; a DatasetDict without ``articles`` gives rows read alone."""
        out = super().splits(dd, names)
        if "articles" not in dd:
            return out
        articles = article_sentences(dd)
        for name in names:
            ids = list(dd[name]["article_id"])
            missing = sorted(set(ids) - set(articles))
            if missing:
                raise ValueError(
                    f"task {self.name}: split {name!r} has sentences of article(s) {missing[:3]} that the "
                    "'articles' part lacks; expected every annotated article there (rebuild the task data)"
                )
            out[name].contexts = [articles[a] for a in ids]
        return out

    def train_examples(self, dd: Any, config: Any, splitter: Any) -> list[Example]:
        """Sentences read alone, or with ``frames_context_training`` one example per training article: its
        annotated sentences and, up to `CONTEXT_CAP`, its other sentences (``frames`` and ``frame_mask`` one row
        per sentence, zero mask rows for the unannotated ones)."""
        if not config.frames_context_training:
            return super().train_examples(dd, config, splitter)
        if "articles" not in dd:
            raise ValueError(
                f"task {self.name}: frames_context_training reads whole articles; expected an 'articles' part in "
                f"the task data, found parts {sorted(dd)}"
            )
        return article_examples(dd["train"], article_sentences(dd, splitter), CONTEXT_CAP)

    def batch_size(self, config: Any) -> int:
        """Sentences per step, or articles per step when they train read inside their article."""
        return config.articles_per_step if config.frames_context_training else config.batch_size

    def sampling_size(self, examples: list[Example]) -> int:
        """Annotated sentences, whether they come one by one or in article bags, so that reading them inside
        their article does not change how often the task is drawn."""
        return len(annotated_frames(examples))

    def sentences_per_step(self, config: Any) -> int:
        return self.batch_size(config) * (CONTEXT_CAP if config.frames_context_training else 1)

    def logits(self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False) -> np.ndarray:
        """Sentence frame logits, each read inside its article when the split carries the articles and the
        model's ``frame_context`` is set (`Predictor.frames_in_context`, as `slant predict` reads them)."""
        return self._in_articles(
            predictor, split, predictor.logits(split.texts, progress=progress)[1], progress
        )

    def calibration_logits(
        self, predictor: Any, split: Split, *, article_cap: int, progress: bool = False
    ) -> np.ndarray:
        """(n, 28): the sentences' frame logits read alone, then read inside their article; `calibrate` fits
        the two readings apart."""
        alone = predictor.logits(split.texts, progress=progress)[1]
        return np.concatenate([alone, self._in_articles(predictor, split, alone, progress)], axis=1)

    def _in_articles(self, predictor: Any, split: Split, alone: np.ndarray, progress: bool) -> np.ndarray:
        if not split.contexts or not predictor.config.frame_context or not len(alone):
            return alone
        rows: dict[tuple[str, ...], list[int]] = {}
        for i, c in enumerate(split.contexts):
            rows.setdefault(c, []).append(i)
        flat = predictor.logits([s for sents in rows for s in sents], progress=progress)[1]
        out, k = alone.copy(), 0
        for sents, idx in rows.items():
            out[idx] = predictor.frames_in_context(alone[idx], flat[k : k + len(sents)])
            k += len(sents)
        return out

    def setup(self, model: Any, examples: list[Example], config: Any) -> torch.Tensor | None:
        """Positive weights sqrt(neg/pos) per frame (class weighting on); the output prior stays GVFC's."""
        from slant.training.data import frame_pos_weights

        if not config.class_weighting:
            return None
        return torch.tensor(frame_pos_weights(annotated_frames(examples)))

    def loss(self, trainer: Any, batch: list[Example], step: int) -> torch.Tensor:
        """GVFC's per-frame loss, plus ``frames_rank_weight`` times `gold_frame_nll` over the framed sentences."""
        if batch and batch[0].sentences is not None:
            z, gold, mask = self.context_batch(trainer, batch)
        else:
            z, gold, mask = self.frame_batch(trainer, batch, step)
        loss = self.frame_bce(trainer, z, gold, mask)
        weight = trainer.config.frames_rank_weight
        if weight:
            loss = loss + weight * gold_frame_nll(z, gold)
        return loss

    def context_batch(
        self, trainer: Any, batch: list[Example]
    ) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Frame logits of the annotated sentences of a batch of articles, each read inside its article as
        prediction reads it (`frames_in_context` over the example's sentences), with their gold frames and mask."""
        from slant.model.modeling import frames_in_context

        z_all = sorted_frame_logits(trainer, [s for e in batch for s in e.sentences])
        k, zs = 0, []
        for e in batch:
            z = frames_in_context(z_all[k : k + len(e.sentences)], trainer.model.config)
            k += len(e.sentences)
            zs.append(z[torch.from_numpy(e.frame_mask.any(1)).to(z.device)])
        z = torch.cat(zs)
        gold = torch.from_numpy(annotated_frames(batch)).to(z.device)
        return z, gold, torch.ones_like(gold)  # an annotated prose sentence is labelled on all 14 frames

    def dev_score(self, predictor: Any, examples: list[Example]) -> tuple[float, int]:
        """Micro-F1 over the 14 frames at logit 0 on the prose dev sentences."""
        from slant.eval.metrics import multilabel_f1

        f = predictor.logits([e.text for e in examples])[1]
        return multilabel_f1(np.stack([e.frames for e in examples]), f > 0, "micro"), len(examples)

    def extra_baselines(self, labels: tuple[str, ...]) -> dict[str, Any]:
        """Always answering Political, the most frequent frame of news prose (the issue's reference line)."""
        from slant.eval.baselines import constant

        return {
            "always_political": constant("always_political", np.eye(len(labels))[labels.index("Political")])
        }

    def calibrate(self, z: np.ndarray, y: np.ndarray, fit: Fit) -> None:
        """Sentence-frame temperature and one threshold for all 14 frames, both fitted on prose dev, once for
        sentences read alone ("frames", ``frame_thresholds``: sentence mode, GVFC headlines) and once for
        sentences read inside their article ("frames_context", ``frame_context_thresholds``: articles).

        ``z`` is `calibration_logits` (n, 28), or (n, 14) when both readings are the same. Prose dev holds a few
        hundred sentences from about 20 articles, so a frame has 5-40 dev positives; on article-grouped half
        splits of dev (fit on one half, score the other; docs/RESULTS.md) per-frame thresholds scored 2.5 points
        of micro-F1 below one shared threshold, at the same macro-F1.
        """
        from slant.eval.calibration import best_global_threshold, sigmoid

        n = len(fit.frame_labels)
        if z.shape[1] not in (n, 2 * n):
            raise ValueError(f"prose dev logits have {z.shape[1]} columns; expected {n} or {2 * n}")
        readings = {"frames": ("frame_thresholds", z[:, :n], "read alone"),
                    "frames_context": ("frame_context_thresholds", z[:, -n:], "read inside their article")}  # fmt: skip
        for head, (key, part, how) in readings.items():
            t = fit.temperature(head, part, y, "sigmoid")
            shared = best_global_threshold(sigmoid(part, t), y)
            fit.cal[key] = [float(shared)] * n
            fit.report["fitted_on"][head] = f"prose dev ({len(y)} sentences {how}, all 14 frames)"
        fit.report["frame_threshold_rule"] = dict.fromkeys(fit.frame_labels, "global")


def gold_frame_nll(z: torch.Tensor, gold: torch.Tensor) -> torch.Tensor:
    """Mean over sentences with at least one gold frame of -log sum_{f in gold} softmax(z)_f: the chance that
    the top frame lies in the gold set, which per-frame sigmoids do not rank for (0 when no sentence is framed)."""
    framed = gold.sum(1) > 0
    if not framed.any():
        return z.sum() * 0.0
    zf, gf = z[framed], gold[framed] > 0
    return (torch.logsumexp(zf, 1) - torch.logsumexp(zf.masked_fill(~gf, float("-inf")), 1)).mean()


def annotated_frames(examples: list[Example]) -> np.ndarray:
    """(n, 14) gold frames of the annotated sentences of ``examples``, in order: one row per sentence example, or
    the mask-selected rows of each article bag (`article_examples`)."""
    if examples and examples[0].sentences is not None:
        return np.concatenate([e.frames[e.frame_mask.any(1)] for e in examples])
    return np.stack([e.frames for e in examples])


def sorted_frame_logits(trainer: Any, texts: list[str], chunk: int = 32) -> torch.Tensor:
    """Frame logits (n, 14) of ``texts`` in their order, encoded in length-sorted chunks of ``chunk`` (an
    article's sentences range from a few words to the token limit; one padded batch would cost several times
    more), with gradients."""
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    parts = []
    for j in range(0, len(order), chunk):
        out, enc = trainer.forward([texts[i] for i in order[j : j + chunk]], None)
        parts.append(out["frames"][torch.tensor(enc.text_rows, device=out["frames"].device)].float())
    z = torch.cat(parts)
    return z[torch.argsort(torch.tensor(order, device=z.device))]


def article_sentences(dd: Any, splitter: Any = None) -> dict[str, tuple[str, ...]]:
    """Article id -> the article's sentences longer than 2 characters, as prediction splits its text (or as
    ``splitter``, text -> sentence strings, does)."""
    if splitter is None:
        from slant.text.sentences import split_sentences

        def splitter(text: str) -> list[str]:
            return [x.text for x in split_sentences(text)]

    return {r["id"]: tuple(s for s in splitter(r["text"]) if len(s) > 2) for r in dd["articles"]}


def article_examples(
    rows: Any, articles: dict[str, tuple[str, ...]], cap: int = CONTEXT_CAP
) -> list[Example]:
    """One `Example` per article of ``rows`` (annotated sentences with ``article_id``), in first-seen order:
    ``sentences`` its annotated sentences plus its other sentences in article order up to ``cap`` (annotated ones
    are never dropped), ``frames`` / ``frame_mask`` one row per sentence, the mask zero where a sentence is
    unannotated.

    Raises:
        ValueError: an article id ``articles`` lacks.
    """
    by_article: dict[str, dict[str, np.ndarray]] = {}
    for r in rows:
        a = r["article_id"]
        if a not in articles:
            raise ValueError(f"annotated sentence {r['id']!r}: article {a!r} is not among the articles read")
        by_article.setdefault(a, {})[r["text"]] = np.asarray(r["frames"], np.float32)
    out = []
    for a, labelled in by_article.items():
        # an annotated sentence of 2 characters or fewer is not among prediction's context sentences: it joins
        # the article's sentences here so that it is still trained
        known = set(articles[a])
        sents = articles[a] + tuple(t for t in labelled if t not in known)
        room = max(0, cap - len(labelled))
        others = set([i for i, t in enumerate(sents) if t not in labelled][:room])
        kept = [t for i, t in enumerate(sents) if t in labelled or i in others]
        frames = np.zeros((len(kept), len(FRAME_LABELS)), np.float32)
        mask = np.zeros_like(frames)
        for j, t in enumerate(kept):
            if t in labelled:
                frames[j], mask[j] = labelled[t], 1.0
        out.append(Example(text="", spans=[], frames=frames, frame_mask=mask, sentences=kept))
    return out
