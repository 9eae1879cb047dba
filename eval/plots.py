"""PNG figures for the evaluation report: confusion matrices, reliability diagrams, per-frame F1 bars."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np


def _plt() -> Any:
    import matplotlib

    matplotlib.use("Agg")  # files only, never a window
    import matplotlib.pyplot as plt

    return plt


def confusion_png(cm: Sequence[Sequence[int]], labels: Sequence[str], title: str, path: Path) -> Path:
    """Row-normalised confusion matrix with raw counts in each cell."""
    plt = _plt()
    m = np.asarray(cm, np.float64)
    norm = m / np.maximum(m.sum(1, keepdims=True), 1)
    fig, ax = plt.subplots(figsize=(1.2 * len(labels) + 2, 1.1 * len(labels) + 1.5))
    ax.imshow(norm, cmap="Blues", vmin=0, vmax=1)
    ax.set_xticks(range(len(labels)), labels, rotation=30, ha="right")
    ax.set_yticks(range(len(labels)), labels)
    ax.set_xlabel("predicted")
    ax.set_ylabel("true")
    for i in range(len(labels)):
        for j in range(len(labels)):
            ax.text(
                j,
                i,
                f"{int(m[i, j])}\n{norm[i, j]:.0%}",
                ha="center",
                va="center",
                color="white" if norm[i, j] > 0.6 else "black",
                fontsize=8,
            )
    ax.set_title(title, fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def reliability_png(
    before: dict[str, list[float]],
    after: dict[str, list[float]],
    title: str,
    path: Path,
    ece_before: float | None = None,
    ece_after: float | None = None,
) -> Path:
    """Accuracy against mean confidence per bin, before and after temperature scaling."""
    plt = _plt()
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label="perfect calibration")
    for data, name, ece_v, style in (
        (before, "uncalibrated", ece_before, "o-"),
        (after, "calibrated", ece_after, "s-"),
    ):
        conf, acc = np.asarray(data["confidence"], float), np.asarray(data["accuracy"], float)
        ok = ~np.isnan(conf) & ~np.isnan(acc)
        label = name if ece_v is None else f"{name} (ECE {ece_v:.3f})"
        ax.plot(conf[ok], acc[ok], style, ms=4, label=label)
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1)
    ax.set_xlabel("confidence")
    ax.set_ylabel("accuracy")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8, loc="upper left")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def frame_f1_png(per_system: dict[str, dict[str, dict[str, Any]]], title: str, path: Path) -> Path:
    """Grouped bars of per-frame F1 for each system (``system -> per_label table``)."""
    plt = _plt()
    systems = list(per_system)
    frames = list(next(iter(per_system.values())))
    x = np.arange(len(frames))
    width = 0.8 / max(1, len(systems))
    fig, ax = plt.subplots(figsize=(max(6.0, 0.7 * len(frames) + 2), 4.2))
    for k, s in enumerate(systems):
        ax.bar(x + k * width, [per_system[s][f]["f1"] for f in frames], width, label=s)
    ax.set_xticks(
        x + width * (len(systems) - 1) / 2,
        [f.replace("_", " ")[:22] for f in frames],
        rotation=40,
        ha="right",
        fontsize=8,
    )
    ax.set_ylim(0, 1)
    ax.set_ylabel("F1")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
