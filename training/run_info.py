"""What a model directory records about the run that made it: versions, commit, data, time, memory."""

from __future__ import annotations

import platform
import resource
import subprocess
import sys
from datetime import UTC, datetime
from typing import Any

from slant.training.config import TrainConfig


def peak_memory_mb() -> float:
    """Peak resident memory of this process (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def git_commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], capture_output=True, text=True, timeout=5)
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            capture_output=True,
            text=True,
            timeout=5,
        )
        return (
            out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")
            if out.returncode == 0
            else "unknown"
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def versions() -> dict[str, str]:
    import datasets
    import numpy
    import sklearn
    import tokenizers
    import torch
    import transformers

    from slant import __version__

    return {
        "slant": __version__,
        "python": sys.version.split()[0],
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "tokenizers": tokenizers.__version__,
        "datasets": datasets.__version__,
        "scikit-learn": sklearn.__version__,
        "numpy": numpy.__version__,
        "platform": platform.platform(),
    }


def data_sources(names: list[str]) -> list[dict[str, Any]]:
    """Origin and licence of each corpus the model saw, from the data registry."""
    from slant.data.corpora import SOURCES
    from slant.data.sources import frames_prose

    out = []
    for name in names:
        if name == frames_prose.NAME:  # Slant's own annotation, not a corpus release
            out.append(dict(frames_prose.PROVENANCE))
            continue
        src = SOURCES.get(name)
        out.append(
            {
                "name": name,
                "origin": getattr(src, "origin", ""),
                "licence": getattr(src, "licence", ""),
                "citation": getattr(src, "citation", getattr(src, "paper", "")),
            }
        )
    return out


def teacher_info() -> dict[str, Any]:
    """The frames teacher of `frames_distill`: which encoder, under what licence, and how it was used."""
    from slant.training.teacher import TEACHER, TEACHER_C, TEACHER_LAYERS

    return {
        "task": "frames_distill",
        "encoder": TEACHER,
        "licence": "Apache-2.0 (the sentence-transformers model card)",
        "use": f"frozen; one logistic regression per frame (C={TEACHER_C}) on its sentence vectors (mean-pooled "
        f"hidden states {list(TEACHER_LAYERS)}), fitted on the "
        "prose training sentences, gave frame probabilities for unlabelled SemEval training sentences. Its weights "
        "are not part of this model",
    }


def run_info(
    config: TrainConfig,
    sources: list[str],
    *,
    seconds: float,
    steps: int,
    command: str,
    device: str,
    state: dict[str, Any],
    train_examples: dict[str, int] | None = None,
) -> dict[str, Any]:
    import torch

    from slant import __version__

    return {
        "name": "slant-" + config.preset,
        "version": f"{__version__}+{git_commit()[:8]}",
        "created": datetime.now(UTC).isoformat(timespec="seconds"),
        "seed": config.seed,
        "train_seed": config.draw_seed,  # the training draws; equals seed unless --train-seed was given
        "preset": config.preset,
        "command": command or " ".join(sys.argv),
        "git_commit": git_commit(),
        "versions": versions(),
        "device": device,
        "threads": torch.get_num_threads(),
        "train_seconds": round(seconds, 1),
        "steps": steps,
        "stopped": state.get("stopped") or "max_steps reached",
        "best_step": state.get("best_step"),
        "selection": config.selection,
        "best_dev_score": state.get("best"),
        "dev_history": state.get("history", []),
        "peak_memory_mb": round(peak_memory_mb(), 1),
        "data_sources": data_sources(sources),
        # a model that taught this one during training (frames_distill) and is not part of it
        **({"teacher": teacher_info()} if "frames_distill" in config.tasks else {}),
        "train_examples": train_examples
        or {},  # per task: sentences (stance grouped by sentence) or articles
    }
