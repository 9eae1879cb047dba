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


def save_checkpoint(
    out_dir: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer, state: dict[str, Any]
) -> Path:
    """Write model weights, AdamW moments, the torch RNG and loop state; replace the previous one atomically."""
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
        json.dumps({"loop": state, "param_groups": groups}, default=float), encoding="utf-8"
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


def load_checkpoint(
    out_dir: Path, model: torch.nn.Module, optimizer: torch.optim.Optimizer
) -> dict[str, Any] | None:
    """Restore what save_checkpoint wrote; returns the loop state, or None when there is no checkpoint."""
    ckpt = checkpoint_dir(out_dir) / CKPT_DIR
    if not (ckpt / "state.json").is_file():
        return None
    tensors = load_file(str(ckpt / "state.safetensors"))
    meta = json.loads((ckpt / "state.json").read_text(encoding="utf-8"))
    model.load_state_dict({k[6:]: v for k, v in tensors.items() if k.startswith("model.")})
    state: dict[int, dict[str, torch.Tensor]] = {}
    for key, value in tensors.items():
        if key.startswith("optim."):
            _, pid, name = key.split(".", 2)
            state.setdefault(int(pid), {})[name] = value
    optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})
    torch.set_rng_state(tensors["rng.torch"])
    return meta["loop"]
