"""Soft frame targets from a frozen teacher encoder, for the `frames_distill` task.

A frozen encoder too slow to predict with (all-mpnet-base-v2: about 20 sentences/s on 2 CPU cores, against about
320/s for the whole default pipeline) reads better frames than the fine-tuned MiniLM: one logistic regression per
frame on its frozen sentence vectors beats the fine-tuned model on prose dev (docs/RESULTS.md). Here it teaches
instead of predicting. The regressions are fitted on the prose training sentences of the run's SemEval fold; their
probabilities become targets for unlabelled sentences of that fold's SemEval-2023 training articles, leaving out
every article with a prose dev or test sentence and every annotated sentence.

The teacher reads each sentence as its mean-pooled last layer (`TEACHER_LAYERS`). Reading mpnet's layers 8, 10 and
12 together (``(-5, -3, -1)``) makes a better teacher (top frame acceptable 0.736 against 0.722 in article-grouped
CV on the prose training sentences, 0.696 against 0.652 on prose dev), but the student trained from it was no
better on prose dev, so the default stays (docs/RESULTS.md).

The teacher's sentence vectors are cached per encoder and layers under ``$SLANT_CACHE/teacher`` (sentence text ->
vector), so the five folds of `make cv` and a second `make train` encode only what they have not seen.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

TEACHER = "sentence-transformers/all-mpnet-base-v2"
TEACHER_C = 3.0  # inverse regularisation of the per-frame regressions (the dev probe's setting)
TEACHER_LAYERS = (-1,)  # hidden states read and concatenated, counted from the top (-1: the last layer)
MIN_WORDS = 6  # shorter sentences (datelines, captions, fragments) are left out
SEMEVAL_PREFIX = "semeval2023_task3:"  # prose article ids are "<corpus>:<corpus article id>"


def frozen_vectors(
    texts: Sequence[str],
    encoder: str,
    batch_size: int = 64,
    max_length: int = 128,
    bf16: bool = False,
    layers: Sequence[int] = (-1,),
) -> np.ndarray:
    """Mean-pooled, L2-normalised hidden states of a frozen encoder, one block per entry of ``layers`` (indices
    into the hidden states, embeddings = 0, last layer = -1), concatenated: shape (len(texts), len(layers) *
    hidden). ``bf16`` runs the encoder under bfloat16 autocast (about twice as fast on CPUs with bf16 units).

    Raises:
        ValueError: a layer the encoder does not have.
    """
    import torch
    from transformers import AutoModel, AutoTokenizer

    from slant.model.io import resolve_encoder

    path = resolve_encoder(encoder)
    tok, enc = AutoTokenizer.from_pretrained(path), AutoModel.from_pretrained(path).eval()
    depth = enc.config.num_hidden_layers + 1  # the embeddings, then each layer
    bad = [k for k in layers if not -depth <= k < depth]
    if bad or not layers:
        raise ValueError(
            f"{encoder}: expected hidden-state indices in [-{depth}, {depth - 1}] (it has "
            f"{depth - 1} layers); found {list(layers)}"
        )
    order = np.argsort([len(t) for t in texts])  # similar lengths share a batch: less padding
    out = np.zeros((len(texts), len(layers) * enc.config.hidden_size), np.float32)
    autocast = torch.autocast("cpu", dtype=torch.bfloat16) if bf16 else contextlib.nullcontext()
    with torch.inference_mode(), autocast:
        for k in range(0, len(texts), batch_size):
            rows = order[k : k + batch_size]
            b = tok(
                [texts[i] for i in rows],
                truncation=True,
                max_length=max_length,
                padding=True,
                return_tensors="pt",
            )
            states = enc(**b, output_hidden_states=True).hidden_states
            m = b["attention_mask"].unsqueeze(-1).float()
            pooled = [(states[j].float() * m).sum(1) / m.sum(1).clamp(min=1) for j in layers]
            out[rows] = torch.cat([torch.nn.functional.normalize(v, dim=-1) for v in pooled], -1).numpy()
    return out


def probe_logits(
    x_train: np.ndarray, y_train: np.ndarray, x_eval: np.ndarray, c: float, balanced: bool = True
) -> np.ndarray:
    """One logistic regression per label column (class weights balanced unless ``balanced`` is False), fitted on
    (x_train, y_train); decision values (logits) on x_eval.

    Raises:
        ValueError: a label column with a single class in y_train (a regression needs both).
    """
    from sklearn.linear_model import LogisticRegression

    y = np.asarray(y_train).astype(int)
    single = [k for k in range(y.shape[1]) if len(np.unique(y[:, k])) < 2]
    if single:
        raise ValueError(
            f"expected positives and negatives for every label column; columns {single} have one class"
        )
    z = np.zeros((len(x_eval), y.shape[1]))
    for k in range(y.shape[1]):
        lr = LogisticRegression(C=c, max_iter=3000, class_weight="balanced" if balanced else None).fit(
            x_train, y[:, k]
        )
        z[:, k] = lr.decision_function(x_eval)
    return z


def unlabelled_sentences(semeval_train: Any, held_articles: set[str], known: set[str]) -> list[str]:
    """Sentences (`MIN_WORDS` words or more, each once, in order) of SemEval training articles outside
    ``held_articles`` (SemEval article ids) and not in ``known``."""
    from slant.text.sentences import split_sentences

    out: dict[str, None] = {}
    for aid, text in zip(semeval_train["article_id"], semeval_train["text"]):
        if aid in held_articles:
            continue
        for s in split_sentences(text):
            if len(s.text.split()) >= MIN_WORDS and s.text not in known:
                out.setdefault(s.text)
    return list(out)


def semeval_ids(prose_article_ids: Iterable[str]) -> set[str]:
    """The SemEval-2023 article ids among prose article ids (``semeval2023_task3:<id>``; ABP ids are dropped)."""
    return {a[len(SEMEVAL_PREFIX) :] for a in prose_article_ids if a.startswith(SEMEVAL_PREFIX)}


def cached_vectors(
    texts: Sequence[str], encoder: str, cache_dir: Path | None = None, layers: Sequence[int] = TEACHER_LAYERS
) -> np.ndarray:
    """`frozen_vectors` (bf16) of ``texts``, reading and extending a store of sentence -> vector per encoder and
    layers."""
    from slant.model.packaged import slant_cache

    root = Path(cache_dir) if cache_dir is not None else slant_cache() / "teacher"
    # the last layer alone keeps the store name it had before layers could be chosen
    key = encoder if list(layers) == [-1] else f"{encoder}|{list(layers)}"
    slug = hashlib.sha256(key.encode()).hexdigest()[:16]
    index_file, vec_file = root / f"{slug}.json", root / f"{slug}.npy"
    known: list[str] = json.loads(index_file.read_text()) if index_file.is_file() else []
    vecs = np.load(vec_file) if known else None
    if vecs is not None and len(vecs) != len(known):  # a store cut short: start again
        known, vecs = [], None
    row = {t: i for i, t in enumerate(known)}
    missing = list(dict.fromkeys(t for t in texts if t not in row))
    if missing:
        print(
            f"slant train: teacher {encoder} encodes {len(missing)} sentences (cached: {len(row)})",
            flush=True,
        )
        new = frozen_vectors(missing, encoder, bf16=True, layers=layers)
        vecs = new if vecs is None else np.concatenate([vecs, new])
        for t in missing:
            row[t] = len(row)
        root.mkdir(parents=True, exist_ok=True)
        # vectors first, then the index: a store cut short between the two has unequal lengths and starts again
        tmp = vec_file.with_suffix(f".{os.getpid()}.tmp.npy")
        np.save(tmp, vecs)
        os.replace(tmp, vec_file)
        tmp = index_file.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps(list(row)))
        os.replace(tmp, index_file)
    return vecs[[row[t] for t in texts]]


def distillation_rows(
    prose: Any,
    semeval_train: Any,
    teacher: str = TEACHER,
    cache_dir: Path | None = None,
    layers: Sequence[int] = TEACHER_LAYERS,
) -> tuple[list[str], np.ndarray, dict[str, Any]]:
    """(unlabelled sentences, their teacher frame probabilities (n, 14), a report) for one SemEval fold.

    ``prose`` is the fold's prose DatasetDict (train / dev / frames_prose test), ``semeval_train`` the fold's SemEval
    training articles. No article with a prose dev or test sentence contributes a sentence, and no annotated sentence
    is among them.
    """
    from slant.eval.calibration import sigmoid

    held_parts = [p for p in prose if p not in ("train", "articles")]
    held = semeval_ids(a for p in held_parts for a in prose[p]["article_id"])
    known = {t for p in prose if p != "articles" for t in prose[p]["text"]}
    texts = unlabelled_sentences(semeval_train, held, known)
    train_texts = list(prose["train"]["text"])
    y = np.asarray(list(prose["train"]["frames"]), np.int64)
    x = cached_vectors(train_texts + texts, teacher, cache_dir, layers)
    z = probe_logits(x[: len(train_texts)], y, x[len(train_texts) :], c=TEACHER_C, balanced=False)
    p = sigmoid(z).astype(np.float32)
    report = {
        "teacher": teacher,
        "fitted_on": f"{len(train_texts)} prose training sentences, one logistic regression per frame (C={TEACHER_C}) "
        f"on hidden states {list(layers)}",
        "sentences": len(texts),
        "articles_left_out": len(held & set(semeval_train["article_id"])),
        "mean_frames_above_0.5": float((p > 0.5).sum(1).mean()) if len(p) else 0.0,
    }
    return texts, p, report
