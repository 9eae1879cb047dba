"""The multi-task training loop behind `slant train`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import torch
from tqdm.auto import tqdm
from transformers import set_seed

from slant.model.inputs import EncodedBatch, encode
from slant.model.io import model_from_encoder, save_model
from slant.tasks.base import Example
from slant.tasks.frames_semeval import split_text
from slant.tasks.registry import get_task
from slant.training.checkpoint import CKPT_DIR, checkpoint_dir, load_checkpoint, save_checkpoint
from slant.training.config import TrainConfig
from slant.training.data import (
    BatchStream,
    augment_markers,
    build_examples,
    choose_task,
    task_probabilities,
)
from slant.training.dev_metrics import dev_scores
from slant.training.run_info import peak_memory_mb, run_info

StopHook = Callable[[int], None]


def lr_factor(step: int, warmup: int, total: int) -> float:
    """Linear warm-up to 1, then linear decay to 0 at `total`.

    Not `transformers.get_linear_schedule_with_warmup`: that one starts at 0 (step / warmup) where this starts at
    1 / warmup, so every learning rate of a run would shift by one step and the trained weights would change.
    """
    if step < warmup:
        return (step + 1) / warmup
    return max(0.0, (total - step) / max(1, total - warmup))


def load_datasets(config: TrainConfig) -> dict[str, Any]:
    return {t: get_task(t).load(config.seed, config.semeval_fold) for t in config.tasks}


default_splitter = split_text


class Trainer:
    """Holds the model, data streams and loop state; `run()` trains, `--resume` continues from a checkpoint."""

    def __init__(
        self,
        config: TrainConfig,
        datasets: dict[str, Any] | None = None,
        splitter: Callable[[str], list[str]] = default_splitter,
    ) -> None:
        self.config = config
        self.out = Path(config.output_dir)
        self.device = "cuda" if torch.cuda.is_available() else "cpu"
        if self.device == "cpu":
            torch.set_num_threads(config.threads or max(1, len(os.sched_getaffinity(0))))
        set_seed(config.draw_seed)  # python, numpy, torch (dropout, head init); data splits use config.seed
        datasets = datasets if datasets is not None else load_datasets(config)
        self.article_head: dict[str, Any] | None = None  # the fitted article head's report, if any
        self.sources = sorted(
            {s for dd in datasets.values() for split in dd.values() for s in set(split["source"])}
        )
        self.train_ex, self.dev_ex = build_examples(config, datasets, splitter)
        self.model, self.tokenizer = model_from_encoder(
            config.encoder,
            stance_input=config.stance_input,
            stance_head=config.stance_head,
            mil_pooling=config.mil_pooling,
            # a run without SemEval articles has nothing to fit an article head on
            article_frames=config.article_frames if "frames_semeval" in config.tasks else "pool",
            frame_context=config.frame_context,
            max_length=config.max_length,
        )
        self.model.to(self.device).train()
        self.tasks = list(config.tasks)
        sizes = {t: get_task(t).sampling_size(self.train_ex[t]) for t in self.tasks}
        self.probs = task_probabilities(sizes, config.task_temperature, config.task_weights)
        self.streams = {
            t: BatchStream(self.train_ex[t], get_task(t).batch_size(config), config.draw_seed, i)
            for i, t in enumerate(self.tasks)
        }
        self.weights: dict[str, torch.Tensor] = {}
        for t in self.tasks:
            w = get_task(t).setup(self.model, self.train_ex[t], config)
            if w is not None:
                self.weights[t] = w
        heads = [p for n, p in self.model.named_parameters() if not n.startswith("encoder.")]
        enc = [p for n, p in self.model.named_parameters() if n.startswith("encoder.")]
        self.optimizer = torch.optim.AdamW(
            [{"params": enc, "lr": config.lr}, {"params": heads, "lr": config.head_lr}],
            weight_decay=config.weight_decay,
        )
        self.warmup = max(1, int(config.warmup_ratio * config.max_steps))
        self.state: dict[str, Any] = {
            "step": 0,
            "drawn": {t: 0 for t in self.tasks},
            "best": -1.0,
            "best_step": 0,
            "bad_evals": 0,
            "elapsed": 0.0,
            "history": [],
            "stopped": "",
        }
        self.amp = torch.autocast("cuda", dtype=torch.bfloat16) if self.device == "cuda" else None

    # -- one step ------------------------------------------------------------------------------------------------
    def forward(
        self,
        texts: list[str],
        spans: list[list[tuple[int, int]]] | None,
        mentions: list[list[list[tuple[int, int]]]] | None = None,
    ) -> tuple[dict[str, torch.Tensor], EncodedBatch]:
        """Encode a training batch and run the model on it (with gradients): (outputs, the encoding)."""
        cfg = self.config
        enc = encode(
            self.tokenizer,
            texts,
            spans,
            stance_input=cfg.stance_input,
            max_length=cfg.max_length,
            mentions=mentions,
        )
        return self.model(**self._to_device(enc.tensors)), enc

    def augmented_spans(self, batch: list[Example], step: int) -> list[list[tuple[int, int]]]:
        """Name spans marked in some sentences of a batch without targets (see `augment_markers`)."""
        cfg = self.config
        return [
            augment_markers(e, step * 1000 + i, cfg.draw_seed, cfg.marker_augment)
            for i, e in enumerate(batch)
        ]

    def _loss(self, task: str, batch: list[Example], step: int) -> torch.Tensor:
        return get_task(task).loss(self, batch, step)

    def _to_device(self, tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
        return {k: v.to(self.device) for k, v in tensors.items()}

    def step(self) -> tuple[str, float]:
        s = self.state["step"]
        task = choose_task(s, self.tasks, [self.probs[t] for t in self.tasks], self.config.draw_seed)
        batch = self.streams[task].batch(self.state["drawn"][task])
        self.state["drawn"][task] += 1
        for g, base in zip(self.optimizer.param_groups, (self.config.lr, self.config.head_lr)):
            g["lr"] = base * lr_factor(s, self.warmup, self.config.max_steps)
        if self.amp is not None:
            with self.amp:
                loss = self._loss(task, batch, s)
        else:
            loss = self._loss(task, batch, s)
        self.optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(self.model.parameters(), 1.0)
        self.optimizer.step()
        self.state["step"] = s + 1
        return task, float(loss.detach())

    def estimate_seconds(self, probe_steps: int = 3) -> float:
        """Time forward+backward on a few batches of every task (no update) to estimate the whole run."""
        cost = {}
        for t in self.tasks:
            t0 = time.perf_counter()
            for k in range(probe_steps):
                loss = self._loss(t, self.streams[t].batch(k), 0)
                loss.backward()
            self.optimizer.zero_grad(set_to_none=True)
            cost[t] = (time.perf_counter() - t0) / probe_steps
        per_step = sum(self.probs[t] * cost[t] for t in self.tasks)
        total = per_step * self.config.max_steps
        if self.config.max_minutes:
            total = min(total, self.config.max_minutes * 60)
        return total

    # -- the loop ------------------------------------------------------------------------------------------------
    def run(self, resume: bool = False, stop_hook: StopHook | None = None, command: str = "") -> Path:
        cfg = self.config
        if resume:
            loop = load_checkpoint(self.out, self.model, self.optimizer, self.config.to_dict())
            if loop is None:
                print(
                    f"slant train: no checkpoint in {checkpoint_dir(self.out) / CKPT_DIR}; starting from scratch"
                )
            else:
                self.state = loop
                print(f"slant train: resuming at step {loop['step']} (best dev {loop['best']:.4f})")
        if self.state["step"] == 0:
            rng_state = torch.get_rng_state()
            est = self.estimate_seconds()
            torch.set_rng_state(rng_state)  # the probe must not shift dropout randomness
            print(
                f"slant train: {cfg.max_steps} steps over tasks "
                + ", ".join(f"{t} ({len(self.train_ex[t])} ex, p={self.probs[t]:.2f})" for t in self.tasks)
                + f"; estimated time {est / 60:.1f} min on {self.device}"
            )
        t_start = time.perf_counter() - self.state["elapsed"]
        bar = tqdm(
            total=cfg.max_steps, initial=self.state["step"], desc="train", unit="step", dynamic_ncols=True
        )
        while self.state["step"] < cfg.max_steps and not self.state["stopped"]:
            task, loss = self.step()
            step = self.state["step"]
            bar.update(1)
            bar.set_postfix(task=task[:6], loss=f"{loss:.3f}", best=f"{self.state['best']:.3f}")
            self.state["elapsed"] = time.perf_counter() - t_start
            if step % cfg.eval_every == 0 or step == cfg.max_steps:
                self._evaluate(step)
            if cfg.max_minutes and self.state["elapsed"] > cfg.max_minutes * 60 and not self.state["stopped"]:
                self.state["stopped"] = f"time budget of {cfg.max_minutes} min reached at step {step}"
                if step % cfg.eval_every:
                    self._evaluate(step)
            if step % cfg.checkpoint_every == 0 or self.state["stopped"]:
                save_checkpoint(self.out, self.model, self.optimizer, self.state, self.config.to_dict())
            if stop_hook is not None:
                stop_hook(step)
        bar.close()
        if not (
            self.out / "model.safetensors"
        ).exists():  # never evaluated (tiny runs): keep the last weights
            self._save_best(self.state["step"], {})
        if self.model.config.article_frames == "linear":
            from slant.training.article_head import fit_article_head

            self.article_head = fit_article_head(
                self.out, self.train_ex["frames_semeval"], seed=cfg.draw_seed
            )
            print(
                f"slant train: article head fitted on {self.article_head['articles']} SemEval training articles "
                f"(C={self.article_head['C']}, chosen by 5-fold CV over them: {self.article_head['cv_micro_f1_by_C']})"
            )
        self._finish(time.perf_counter() - t_start, command)
        return self.out

    def _evaluate(self, step: int) -> None:
        scores = dev_scores(self.model, self.tokenizer, self.dev_ex)
        self.state["history"].append({"step": step, **scores})
        tqdm.write(f"step {step}: dev " + " ".join(f"{k}={v:.4f}" for k, v in scores.items()))
        score = scores[self.config.selection]
        if score > self.state["best"]:
            self.state.update(best=score, best_step=step, bad_evals=0)
            self._save_best(step, scores)
        else:
            self.state["bad_evals"] += 1
            if self.config.patience and self.state["bad_evals"] >= self.config.patience:
                self.state["stopped"] = (
                    f"early stop: no dev improvement in {self.config.patience} evaluations"
                )

    def _save_best(self, step: int, scores: dict[str, float]) -> None:
        save_model(
            self.model,
            self.tokenizer,
            self.out,
            training_config=self.config.to_dict(),
            dev_metrics={"step": step, **scores},
        )

    def _finish(self, seconds: float, command: str) -> None:
        from slant.model.card import write_model_card
        from slant.model.io import write_json

        info = run_info(
            self.config,
            self.sources,
            seconds=seconds,
            steps=self.state["step"],
            command=command,
            device=self.device,
            state=self.state,
            train_examples={t: len(self.train_ex[t]) for t in self.tasks},
        )
        if self.article_head:
            info["article_head"] = self.article_head
        write_json(self.out / "run_info.json", info)
        write_model_card(self.out)
        print(
            f"slant train: done in {seconds / 60:.1f} min, {self.state['step']} steps, best dev {self.config.selection} score "
            f"{self.state['best']:.4f} at step {self.state['best_step']}, peak memory {peak_memory_mb():.0f} MB "
            f"-> {self.out}"
        )


def train(
    config: TrainConfig,
    *,
    resume: bool = False,
    datasets: dict[str, Any] | None = None,
    splitter: Callable[[str], list[str]] = default_splitter,
    stop_hook: StopHook | None = None,
    command: str = "",
) -> Path:
    """Train a Slant model as configured and return its directory.

    Example:
        >>> from slant.training.config import build_config
        >>> train(build_config({"preset": "quick", "output_dir": "artifacts/quick"}))  # doctest: +SKIP
    """
    return Trainer(config, datasets, splitter).run(resume=resume, stop_hook=stop_hook, command=command)
