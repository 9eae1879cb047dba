"""Resumable checkpoints without pickle: tensors in safetensors, everything else in JSON."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file, save_file

CKPT_DIR = "last"


def checkpoint_dir(out_dir: Path) -> Path:
    """Resumable state lives beside the model directory (``<model>.checkpoints/``), never inside it, so the model
    directory holds only what a user or a Hub repository needs."""
    out_dir = Path(out_dir)
    return out_dir.with_name(out_dir.name + ".checkpoints")


# Options a resumed run may change: they bound or place the run but do not enter its computation.
RESUMABLE_CHANGES = ("max_minutes", "threads")

# Options added after checkpoints were already being written, with the value that computes what the code before
# them computed: a checkpoint that lacks one ran with that value, so resuming it with that value is no change.
OPTIONS_ADDED_LATER = {
    "stance_mixed_weight": 1.0,
    "stance_consistency": 0.0,
    "stance_contrast": 0,
    "frame_context": 0.0,
    "article_frames": "pool",
    "frames_context_training": False,
}


class ResumeError(ValueError):
    """`--resume` was asked with options other than the ones the checkpoint was written with."""


def save_checkpoint(
    out_dir: Path,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    state: dict[str, Any],
    config: dict[str, Any] | None = None,
) -> Path:
    """Write model weights, AdamW moments, the torch RNG, loop state and the run's config; replace the previous
    checkpoint atomically."""
    root = checkpoint_dir(out_dir)
    final = root / CKPT_DIR
    tmp = root / ".tmp"
    if tmp.exists():
        shutil.rmtree(tmp)
    tmp.mkdir(parents=True)
    tensors = {f"model.{k}": v.detach().contiguous().cpu() for k, v in model.state_dict().items()}
    opt = optimizer.state_dict()
    for pid, st in opt["state"].items():
        for key, value in st.items():
            t = value if torch.is_tensor(value) else torch.tensor(value)
            tensors[f"optim.{pid}.{key}"] = t.detach().contiguous().cpu()
    tensors["rng.torch"] = torch.get_rng_state()
    save_file(tensors, str(tmp / "state.safetensors"))
    groups = [
        {k: v for k, v in g.items() if k != "params"} | {"params": g["params"]} for g in opt["param_groups"]
    ]
    (tmp / "state.json").write_text(
        json.dumps({"loop": state, "param_groups": groups, "config": config}, default=float), encoding="utf-8"
    )
    old = root / ".old"
    if final.exists():
        if old.exists():
            shutil.rmtree(old)
        os.replace(final, old)
    os.replace(tmp, final)
    if old.exists():
        shutil.rmtree(old)
    return final


def config_changes(saved: dict[str, Any], current: dict[str, Any]) -> list[str]:
    """``"name: saved -> current"`` for every option that differs (JSON-normalised), except RESUMABLE_CHANGES; an
    option of OPTIONS_ADDED_LATER that ``saved`` lacks counts as its neutral value."""
    saved, current = (json.loads(json.dumps(c, default=float)) for c in (saved, current))
    saved = {**{k: v for k, v in OPTIONS_ADDED_LATER.items() if k in current}, **saved}
    names = sorted((set(saved) | set(current)) - set(RESUMABLE_CHANGES))
    return [f"{n}: {saved.get(n)!r} -> {current.get(n)!r}" for n in names if saved.get(n) != current.get(n)]


def load_checkpoint(
    out_dir: Path,
    model: torch.nn.Module,
    optimizer: torch.optim.Optimizer,
    config: dict[str, Any] | None = None,
) -> dict[str, Any] | None:
    """Restore what save_checkpoint wrote; returns the loop state, or None when there is no checkpoint.

    Raises:
        ResumeError: ``config`` differs from the one the checkpoint was written with (in anything but
            RESUMABLE_CHANGES); the message lists each difference.
    """
    ckpt = checkpoint_dir(out_dir) / CKPT_DIR
    if not (ckpt / "state.json").is_file():
        return None
    meta = json.loads((ckpt / "state.json").read_text(encoding="utf-8"))
    if config is not None and meta.get("config") is not None:
        changes = config_changes(meta["config"], config)
        if changes:
            raise ResumeError(
                f"cannot resume from {ckpt}: it was written with other options ({'; '.join(changes)}); "
                "expected the same options as the interrupted run (or a fresh --output-dir)"
            )
    tensors = load_file(str(ckpt / "state.safetensors"))
    model.load_state_dict({k[6:]: v for k, v in tensors.items() if k.startswith("model.")})
    state: dict[int, dict[str, torch.Tensor]] = {}
    for key, value in tensors.items():
        if key.startswith("optim."):
            _, pid, name = key.split(".", 2)
            state.setdefault(int(pid), {})[name] = value
    optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})
    torch.set_rng_state(tensors["rng.torch"])
    return meta["loop"]
