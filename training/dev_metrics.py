"""Dev-set scores used for early stopping and model selection (never test data)."""

from __future__ import annotations

import numpy as np
import torch
from sklearn.metrics import f1_score

from slant.data.labels import FRAME_LABELS, GVFC_FRAMES
from slant.model.inputs import encode
from slant.training.data import Example

GVFC_IDX = [FRAME_LABELS.index(f) for f in GVFC_FRAMES]


@torch.inference_mode()
def _forward(
    model, tokenizer, texts, spans, batch_size: int, mentions=None
) -> tuple[np.ndarray, np.ndarray, list]:
    cfg = model.config
    bias, frames, stance = [], [], []
    for k in range(0, len(texts), batch_size):
        enc = encode(
            tokenizer,
            texts[k : k + batch_size],
            spans[k : k + batch_size],
            stance_input=cfg.stance_input,
            max_length=cfg.max_length,
            mentions=None if mentions is None else mentions[k : k + batch_size],
        )
        dev = next(model.parameters()).device
        out = model(**{n: t.to(dev) for n, t in enc.tensors.items()})
        rows = torch.tensor(enc.text_rows)
        bias.append(out["bias"][rows].float().cpu().numpy())
        frames.append(out["frames"][rows].float().cpu().numpy())
        st = out["stance"].float().cpu().numpy() if "stance" in out else None
        for i in range(len(enc.text_rows)):
            n_spans = len(spans[k + i])
            stance.append([st[enc.slots[(i, j)]] for j in range(n_spans)])
    return np.concatenate(bias), np.concatenate(frames), stance


def weighted_mean(scores: dict[str, float], items: dict[str, int]) -> float:
    """Task scores averaged with weights sqrt(items scored): a task whose dev set is small (and its score noisy,
    standard error ~ 1/sqrt(n)) counts less, but no task is ignored the way inverse-variance weights would."""
    tasks = [t for t in scores if items.get(t, 0) > 0]
    if not tasks:
        return 0.0
    w = np.sqrt([items[t] for t in tasks])
    return float(np.dot(w, [scores[t] for t in tasks]) / w.sum())


def dev_scores(model, tokenizer, dev: dict[str, list[Example]], batch_size: int = 64) -> dict[str, float]:
    """Macro-F1 (stance, bias), macro-F1 over GVFC's mapped frames, article micro-F1 (SemEval) at threshold 0.5.

    Besides the task scores: `mean` (plain average over tasks) and `weighted` (see `weighted_mean`; items are
    targets, sentences, framed headlines and articles)."""
    was_training = model.training
    model.eval()
    scores: dict[str, float] = {}
    items: dict[str, int] = {}
    for task, examples in dev.items():
        if not examples:
            continue
        if task == "stance":
            _, _, st = _forward(
                model,
                tokenizer,
                [e.text for e in examples],
                [e.spans for e in examples],
                batch_size,
                mentions=[e.mentions or [] for e in examples],
            )
            pred = [int(np.argmax(v)) for s in st for v in s]
            gold = [g for e in examples for g in e.stance]
            scores[task] = f1_score(gold, pred, average="macro", zero_division=0)
            items[task] = len(gold)
        elif task == "bias":
            b, _, _ = _forward(
                model, tokenizer, [e.text for e in examples], [[] for _ in examples], batch_size
            )
            scores[task] = f1_score(
                [e.label for e in examples], b.argmax(1), average="macro", zero_division=0
            )
            items[task] = len(examples)
        elif task == "frames_gvfc":
            # scored like the published protocol: only the headlines that carry a frame
            examples = [e for e in examples if e.frames[GVFC_IDX].any()] or examples
            _, f, _ = _forward(
                model, tokenizer, [e.text for e in examples], [[] for _ in examples], batch_size
            )
            gold = np.stack([e.frames for e in examples])[:, GVFC_IDX]
            scores[task] = f1_score(gold, (f[:, GVFC_IDX] > 0), average="macro", zero_division=0)
            items[task] = len(examples)
        elif task == "frames_semeval":
            flat = [s for e in examples for s in e.sentences]
            _, f, _ = _forward(model, tokenizer, flat, [[] for _ in flat], batch_size)
            pooled, k = [], 0
            for e in examples:
                pooled.append(
                    model.pool_article_frames(torch.from_numpy(f[k : k + len(e.sentences)])).numpy()
                )
                k += len(e.sentences)
            gold = np.stack([e.frames for e in examples])
            scores[task] = f1_score(gold, np.stack(pooled) > 0, average="micro", zero_division=0)
            items[task] = len(examples)
    model.train(was_training)
    task_scores = dict(scores)
    scores["mean"] = float(np.mean(list(task_scores.values()))) if task_scores else 0.0
    scores["weighted"] = weighted_mean(task_scores, items)
    return {k: float(v) for k, v in scores.items()}
