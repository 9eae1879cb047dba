"""`Predictor`: batched, calibrated sentence-level inference on CPU or GPU. Never imports `training/`."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tqdm.auto import tqdm

from slant.model.defaults import BATCH_SIZE, batch_size_for, check_precision
from slant.model.inputs import Span, encode
from slant.model.io import load_model, read_json

CALIBRATION = "calibration.json"
# Logits are divided by these until `slant evaluate` fits them on dev: one per calibrated output (sentence frames
# and pooled article frames are calibrated apart; sentence frames read inside their article, "frames_context",
# take the sentence ones until fitted: `context_fallback`). The one place they are defined.
DEFAULT_TEMPERATURES: dict[str, float] = {"stance": 1.0, "bias": 1.0, "frames": 1.0, "frames_article": 1.0}


def context_fallback(raw: dict) -> dict:
    """A calibration.json dict in which sentence frames read inside their article ("frames_context" temperature,
    ``frame_context_thresholds``) take the calibration of sentences read alone when they were never fitted (a
    model calibrated before in-article reading existed, or never calibrated on prose sentences)."""
    temps = dict(raw.get("temperature") or {})
    if "frames_context" not in temps and "frames" in temps:
        temps["frames_context"] = temps["frames"]
    out = {**raw, "temperature": temps}
    if out.get("frame_context_thresholds") is None:
        out["frame_context_thresholds"] = out.get("frame_thresholds")
    return out


@dataclass
class Calibration:
    """Temperatures per head (logits are divided by them) and decision thresholds for frames."""

    temperature: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_TEMPERATURES))
    frame_thresholds: list[float] | None = None  # sentences read alone
    frame_context_thresholds: list[float] | None = None  # sentences read inside their article
    article_frame_thresholds: list[float] | None = None

    @classmethod
    def load(cls, model_dir: str | Path) -> Calibration:
        raw = context_fallback(read_json(Path(model_dir) / CALIBRATION, default={}) or {})
        cal = cls()
        cal.temperature.update({k: float(v) for k, v in (raw.get("temperature") or {}).items()})
        cal.frame_thresholds = raw.get("frame_thresholds")
        cal.frame_context_thresholds = raw.get("frame_context_thresholds")
        cal.article_frame_thresholds = raw.get("article_frame_thresholds")
        return cal


@dataclass
class SentencePrediction:
    bias: np.ndarray  # (2,) probabilities in bias label order
    frames: np.ndarray  # (14,) independent probabilities
    stance: list[np.ndarray]  # one (3,) vector per requested span, in span order
    frame_logits: np.ndarray | None = None  # (14,) raw frame logits, for pooling an article's sentences
    # (14,) the sentence's share of its article's frame logits (a model with the linear article head)
    article_logits: np.ndarray | None = None


def length_batches(lengths: Sequence[int], batch_size: int) -> Iterator[list[int]]:
    """Indices grouped by similar length (longest first, ties in input order) so padding stays small."""
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    for k in range(0, len(order), batch_size):
        yield order[k : k + batch_size]


# Texts tokenised at once by `Predictor.logits` (their padded id tensors are what it holds besides the model).
ENCODE_TEXTS = 4096


class Predictor:
    """Calibrated probabilities from a saved Slant model.

    Example:
        >>> pred = Predictor.from_pretrained("artifacts/model")  # doctest: +SKIP
        >>> pred.bias_proba(["The senator's reckless scheme collapsed."])  # doctest: +SKIP
        array([[0.21, 0.79]], dtype=float32)
    """

    def __init__(
        self,
        model,
        tokenizer,
        *,
        model_dir: str | Path | None = None,
        batch_size: int = BATCH_SIZE,
        calibration: Calibration | None = None,
        device: str = "cpu",
        quantized: bool = False,
        precision: str = "fp32",
    ) -> None:
        self.model, self.tokenizer = model, tokenizer
        self.precision = precision
        self.config = model.config
        self.batch_size = batch_size
        self.device = device
        self.calibration = calibration or Calibration()
        self.quantized = quantized
        self.model_dir = Path(model_dir) if model_dir else None
        info = read_json(self.model_dir / "run_info.json", default={}) if self.model_dir else {}
        self.name = (info or {}).get("name") or (self.model_dir.name if self.model_dir else "slant")
        self.version = (info or {}).get("version") or self.config.slant_version or "0"
        self.load_seconds = 0.0

    @classmethod
    def from_pretrained(
        cls,
        model_dir: str | Path,
        *,
        quantize: bool = False,
        batch_size: int | None = None,
        device: str | None = None,
        threads: int | None = None,
        precision: str = "fp32",
    ) -> Predictor:
        """Load a model directory; `quantize=True` applies int8 dynamic quantisation to the linear layers (CPU);
        `batch_size=None` takes the precision's default (`slant.model.defaults`); `precision="bf16"` casts the weights
        to bfloat16 (fast on CPUs with AMX or AVX512-BF16, and on GPUs;
        scores differ from fp32 in the third decimal, see docs/RESULTS.md)."""
        check_precision(precision, quantize)
        t0 = time.perf_counter()
        device = device or ("cuda" if torch.cuda.is_available() else "cpu")
        if device == "cpu":
            torch.set_num_threads(threads or max(1, len(os.sched_getaffinity(0))))
        model, tokenizer = load_model(model_dir, device=device)
        if quantize and device == "cpu":
            model = torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
        if precision == "bf16":
            model = model.to(torch.bfloat16)
        batch_size = batch_size_for(precision, batch_size)
        quantized = quantize and device == "cpu"
        return cls.loaded(model, tokenizer, model_dir, batch_size, device, quantized, t0, precision=precision)

    @classmethod
    def loaded(
        cls,
        model,
        tokenizer,
        model_dir: str | Path,
        batch_size: int,
        device: str,
        quantized: bool,
        t0: float,
        *,
        precision: str = "fp32",
    ) -> Predictor:
        """A Predictor over a model loaded from ``model_dir`` (any backend) with its calibration; ``load_seconds``
        counts from ``t0``."""
        pred = cls(
            model,
            tokenizer,
            model_dir=model_dir,
            batch_size=batch_size,
            calibration=Calibration.load(model_dir),
            device=device,
            quantized=quantized,
            precision=precision,
        )
        pred.load_seconds = time.perf_counter() - t0
        return pred

    @property
    def labels(self) -> dict[str, list[str]]:
        return self.config.heads

    def thresholds(self, key: str) -> np.ndarray:
        """Frame decision thresholds of calibration field ``key`` ("frame_thresholds" for sentences read alone,
        "frame_context_thresholds" for sentences read in their article, "article_frame_thresholds" for
        articles); 0.5 each until calibrated."""
        t = getattr(self.calibration, key)
        return np.asarray(t if t is not None else [0.5] * len(self.config.frame_labels), dtype=np.float32)

    @property
    def frame_thresholds(self) -> np.ndarray:
        return self.thresholds("frame_thresholds")

    @property
    def frame_context_thresholds(self) -> np.ndarray:
        return self.thresholds("frame_context_thresholds")

    @property
    def article_frame_thresholds(self) -> np.ndarray:
        return self.thresholds("article_frame_thresholds")

    # -- raw logits ---------------------------------------------------------------------------------------------
    def logits(
        self, texts: Sequence[str], spans: Sequence[Sequence[Span]] | None = None, **options: Any
    ) -> tuple[np.ndarray, np.ndarray, list[list[np.ndarray]]]:
        """Uncalibrated logits: bias (n, 2), frames (n, 14), stance per text per span (3,); ``options`` are those
        of `outputs` (``mentions``, ``progress``, ``max_targets``)."""
        out = self.outputs(texts, spans, **options)
        return out["bias"], out["frames"], out["stance"]

    @torch.inference_mode()
    def outputs(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[Span]] | None = None,
        *,
        mentions: Sequence[Sequence[Sequence[Span]]] | None = None,
        progress: bool = False,
        max_targets: int | None = None,
        vectors: bool = False,
    ) -> dict:
        """Uncalibrated outputs by name: "bias" (n, 2), "frames" (n, 14), "stance" (per text per span (3,)), plus
        "article" (n, 14) from a model with an article head and, with ``vectors`` (torch models), the sentence
        vectors "pooled" (n, hidden).

        `mentions[i][j]`: other mentions of text i's target j (read by "marker_coref" models, ignored otherwise).
        `max_targets`: targets marked in one encoder pass at most; a text with more is scored in several passes.
        """
        n = len(texts)
        spans = [list(s) for s in spans] if spans is not None else [[] for _ in range(n)]
        more = mentions if mentions is not None else [[] for _ in range(n)]
        bias = np.zeros((n, len(self.config.bias_labels)), np.float32)
        frames = np.zeros((n, len(self.config.frame_labels)), np.float32)
        stance: list[list[np.ndarray]] = [[None] * len(s) for s in spans]  # type: ignore[list-item]
        extra: dict[str, np.ndarray | None] = {"article": None, "pooled": None}
        bar = tqdm(total=n, desc="sentences", unit="sent", disable=not progress, smoothing=0.1)
        for lo in range(0, n, ENCODE_TEXTS):
            chunk = range(lo, min(n, lo + ENCODE_TEXTS))
            # Tokenise once, then cut batches of encoder rows of similar length from the encoded rows.
            enc = encode(
                self.tokenizer,
                [texts[i] for i in chunk],
                [spans[i] for i in chunk],
                stance_input=self.config.stance_input,
                max_length=self.config.max_length,
                mentions=[more[i] for i in chunk],
                max_per_row=max_targets,
            )
            t = enc.tensors
            lengths = t["attention_mask"].sum(1).tolist()
            n_targets = (t["target_positions"] >= 0).sum(1).tolist()
            right = getattr(self.tokenizer, "padding_side", "right") == "right"
            first_rows = set(enc.text_rows)
            # per encoder row: its head outputs (stance per target slot)
            row_bias = np.zeros((len(lengths), bias.shape[1]), np.float32)
            row_frames = np.zeros((len(lengths), frames.shape[1]), np.float32)
            row_stance = np.zeros(
                (len(lengths), t["target_positions"].shape[1], len(self.config.stance_labels)), np.float32
            )
            row_extra: dict[str, np.ndarray] = {}
            for rows in length_batches(lengths, self.batch_size):
                width = max(lengths[r] for r in rows) if right else t["input_ids"].shape[1]
                slots = max(1, max(n_targets[r] for r in rows))
                index = torch.tensor(rows)
                feed = {k: v[index, :width] for k, v in t.items() if k != "target_positions"}
                feed["target_positions"] = t["target_positions"][index, :slots]
                out = self.model(**{k: v.to(self.device) for k, v in feed.items()})
                row_bias[rows] = out["bias"].float().cpu().numpy()
                row_frames[rows] = out["frames"].float().cpu().numpy()
                if "stance" in out:
                    row_stance[rows, :slots] = out["stance"].float().cpu().numpy()
                for k in ("article", "pooled") if vectors else ("article",):
                    if k in out:
                        if k not in row_extra:
                            row_extra[k] = np.zeros((len(lengths), out[k].shape[-1]), np.float32)
                        row_extra[k][rows] = out[k].float().cpu().numpy()
                bar.update(sum(r in first_rows for r in rows))
            bias[lo : lo + len(chunk)] = row_bias[enc.text_rows]
            frames[lo : lo + len(chunk)] = row_frames[enc.text_rows]
            for k, rows_k in row_extra.items():
                if extra[k] is None:
                    extra[k] = np.zeros((n, rows_k.shape[1]), np.float32)
                extra[k][lo : lo + len(chunk)] = rows_k[enc.text_rows]
            for (bi, j), (row, col) in enc.slots.items():
                stance[lo + bi][j] = row_stance[row, col]
        bar.close()
        return {
            "bias": bias,
            "frames": frames,
            "stance": stance,
            **{k: v for k, v in extra.items() if v is not None},
        }

    # -- calibrated probabilities --------------------------------------------------------------------------------
    def _softmax(self, logits: np.ndarray, head: str) -> np.ndarray:
        z = logits / self.calibration.temperature.get(head, 1.0)
        z = z - z.max(-1, keepdims=True)
        e = np.exp(z)
        return (e / e.sum(-1, keepdims=True)).astype(np.float32)

    def _sigmoid(self, logits: np.ndarray, head: str) -> np.ndarray:
        return (1.0 / (1.0 + np.exp(-logits / self.calibration.temperature.get(head, 1.0)))).astype(
            np.float32
        )

    def predict_sentences(
        self,
        texts: Sequence[str],
        spans: Sequence[Sequence[Span]] | None = None,
        *,
        mentions: Sequence[Sequence[Sequence[Span]]] | None = None,
        progress: bool = False,
        max_targets: int | None = None,
    ) -> list[SentencePrediction]:
        """All three heads for every sentence; stance for every given span (character offsets into its text).
        A sentence with more than `max_targets` spans is scored in several passes (see `logits`)."""
        out = self.outputs(texts, spans, mentions=mentions, progress=progress, max_targets=max_targets)
        bias, frames, stance, article = out["bias"], out["frames"], out["stance"], out.get("article")
        pb, pf = self._softmax(bias, "bias"), self._sigmoid(frames, "frames")
        return [
            SentencePrediction(
                pb[i],
                pf[i],
                [self._softmax(s, "stance") for s in stance[i]],
                frames[i],
                None if article is None else article[i],
            )
            for i in range(len(texts))
        ]

    def bias_proba(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return self._softmax(self.logits(texts, progress=progress)[0], "bias")

    def frames_proba(self, texts: Sequence[str], *, progress: bool = False) -> np.ndarray:
        return self._sigmoid(self.logits(texts, progress=progress)[1], "frames")

    def stance_logits(
        self,
        texts: Sequence[str],
        spans: Sequence[Span],
        *,
        mentions: Sequence[Sequence[Span]] | None = None,
        progress: bool = False,
    ) -> np.ndarray:
        """(n, 3) logits for one span (with its other mentions, if given) per text. Rows sharing a text are scored
        in one call (in "markers" input, one pass with all targets marked)."""
        grouped: dict[str, list[int]] = {}
        for i, t in enumerate(texts):
            grouped.setdefault(t, []).append(i)
        uniq = list(grouped)
        uniq_spans = [[tuple(spans[i]) for i in grouped[t]] for t in uniq]
        uniq_more = [[list(mentions[i]) if mentions is not None else [] for i in grouped[t]] for t in uniq]
        _, _, stance = self.logits(uniq, uniq_spans, mentions=uniq_more, progress=progress)
        out = np.zeros((len(texts), len(self.config.stance_labels)), np.float32)
        for t, s in zip(uniq, stance):
            for i, v in zip(grouped[t], s):
                out[i] = v
        return out

    def stance_proba(
        self,
        texts: Sequence[str],
        spans: Sequence[Span],
        *,
        mentions: Sequence[Sequence[Span]] | None = None,
        progress: bool = False,
    ) -> np.ndarray:
        return self._softmax(self.stance_logits(texts, spans, mentions=mentions, progress=progress), "stance")

    def article_frames_logits(
        self, articles: Sequence[Sequence[str]], *, progress: bool = False, frames_head: bool = False
    ) -> np.ndarray:
        """(n_articles, 14) article frame logits from each article's sentences (`article_frame_logits`: the
        article head, or the model's MIL pooling of frame logits); ``frames_head`` pools the frames head's logits
        even in a model with an article head (what training shapes, and the context of `frames_in_context`)."""
        flat = [s for sents in articles for s in sents]
        outs = self.outputs(flat, progress=progress)
        frames, article = outs["frames"], outs.get("article")
        out, k = [], 0
        for sents in articles:
            rows = slice(k, k + len(sents))
            k += len(sents)
            if not len(sents):
                out.append(np.full(len(self.config.frame_labels), -10.0, np.float32))
                continue
            if frames_head:
                out.append(self.model.pool_article_frames(torch.from_numpy(frames[rows])).numpy())
            else:
                out.append(self.article_logits(frames[rows], None if article is None else article[rows]))
        return np.stack(out) if out else np.zeros((0, len(self.config.frame_labels)), np.float32)

    def article_logits(
        self, sentence_frame_logits: np.ndarray, sentence_article_logits: np.ndarray | None = None
    ) -> np.ndarray:
        """Article frame logits (14,) of one article's bag of sentences (`slant.model.modeling.article_frame_logits`)."""
        from slant.model.modeling import article_frame_logits

        z = torch.from_numpy(np.asarray(sentence_frame_logits, np.float32))
        a = sentence_article_logits
        a = None if a is None else torch.from_numpy(np.asarray(a, np.float32))
        return article_frame_logits(z, a, self.config).numpy()

    def pool_frames_proba(
        self, sentence_frame_logits: np.ndarray, sentence_article_logits: np.ndarray | None = None
    ) -> np.ndarray:
        """Calibrated article frame probabilities (14,) from one article's sentences (n, 14): `article_logits`,
        then the article temperature fitted on SemEval dev articles."""
        z = np.asarray(sentence_frame_logits, np.float32)
        if not len(z):
            return np.zeros(len(self.config.frame_labels), np.float32)
        return self._sigmoid(self.article_logits(z, sentence_article_logits), "frames_article")

    def frames_in_context(
        self, sentence_logits: np.ndarray, context_logits: np.ndarray | None = None
    ) -> np.ndarray:
        """Frame logits (n, 14) of sentences read inside one article whose sentences have ``context_logits``
        (default: these rows): `slant.model.modeling.frames_in_context` with the model's ``frame_context``."""
        from slant.model.modeling import frames_in_context

        z = torch.from_numpy(np.asarray(sentence_logits, np.float32))
        c = None if context_logits is None else torch.from_numpy(np.asarray(context_logits, np.float32))
        return frames_in_context(z, self.config, c).numpy()

    def frames_proba_in_context(
        self, sentence_logits: np.ndarray, context_logits: np.ndarray | None = None
    ) -> np.ndarray:
        """Calibrated sentence frame probabilities (n, 14) of sentences read inside their article (their own
        temperature, fitted on prose dev sentences read the same way)."""
        return self._sigmoid(self.frames_in_context(sentence_logits, context_logits), "frames_context")

    def article_frames_proba(
        self, articles: Sequence[Sequence[str]], *, progress: bool = False
    ) -> np.ndarray:
        return self._sigmoid(self.article_frames_logits(articles, progress=progress), "frames_article")
