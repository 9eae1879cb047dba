"""PNG plots of a comparison (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd


def _plt():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    return plt


_SHORT = {
    "Capacity_and_resources": "Capacity", "Fairness_and_equality": "Fairness",
    "Legality_Constitutionality_and_jurisprudence": "Legality", "Policy_prescription_and_evaluation": "Policy",
    "Crime_and_punishment": "Crime", "Security_and_defense": "Security", "Health_and_safety": "Health",
    "Quality_of_life": "Quality of life", "Cultural_identity": "Culture", "Public_opinion": "Public opinion",
    "External_regulation_and_reputation": "External reg.",
}  # fmt: skip


def _short(frame: str) -> str:
    return _SHORT.get(frame, frame.replace("_", " "))


HEATMAP_TITLES: dict[str, str] = {
    "article_frame_label_share": "Share of articles the article head labels with the frame",
    "article_frame_mean_p": "Mean article-head probability of the frame",
    "frame_article_share": "Share of articles with a sentence labelled with the frame",
    "frame_sentence_share": "Share of sentences labelled with the frame",
}


def frame_heatmap(profiles: pd.DataFrame, path: Path, metric: str = "article_frame_label_share") -> Path:
    """Units x frames heatmap of ``metric``, each cell annotated with the share and the CI width.

    Args:
        profiles: Output of :func:`slant.compare.stats.profiles` for one level (frames in their row order).
        path: PNG to write.
        metric: One of ``HEATMAP_TITLES``.
    """
    if metric not in HEATMAP_TITLES:
        raise ValueError(f"metric={metric!r}; expected one of {', '.join(HEATMAP_TITLES)}")
    plt = _plt()
    p = profiles[profiles["metric"] == metric]
    frames = list(dict.fromkeys(p["item"]))
    est = p.pivot(index="unit", columns="item", values="estimate").reindex(columns=frames)
    width = (p.assign(w=p["ci_high"] - p["ci_low"]).pivot(index="unit", columns="item", values="w")
             .reindex(index=est.index, columns=frames))  # fmt: skip
    fig, ax = plt.subplots(figsize=(1.0 * len(frames) + 2.5, 0.65 * len(est) + 2.2))
    im = ax.imshow(
        est.to_numpy(float),
        cmap="Blues",
        aspect="auto",
        vmin=0,
        vmax=max(0.05, float(np.nanmax(est.to_numpy(float)))),
    )
    ax.set_xticks(range(len(frames)), [_short(f) for f in frames], rotation=40, ha="right", fontsize=8)
    ax.set_yticks(range(len(est)), est.index, fontsize=9)
    top = np.nanmax(est.to_numpy(float))
    for i in range(est.shape[0]):
        for j in range(est.shape[1]):
            v, w = est.iat[i, j], width.iat[i, j]
            if np.isfinite(v):
                ax.text(j, i, f"{v:.2f}\n±{w / 2:.2f}", ha="center", va="center", fontsize=6.5,
                        color="white" if v > 0.6 * top else "black")  # fmt: skip
    ax.set_title(f"{HEATMAP_TITLES[metric]} (± half the 95% CI width, article bootstrap)", fontsize=10)
    fig.colorbar(im, ax=ax, fraction=0.025)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def bias_rate_plot(profiles: pd.DataFrame, path: Path) -> Path:
    """Biased-sentence rate per unit with 95% CI error bars."""
    plt = _plt()
    p = profiles[profiles["metric"] == "biased_sentence_rate"].sort_values("unit")
    fig, ax = plt.subplots(figsize=(max(4.0, 1.1 * len(p) + 1.5), 3.6))
    err = np.vstack([p["estimate"] - p["ci_low"], p["ci_high"] - p["estimate"]]).clip(min=0)
    ax.bar(range(len(p)), p["estimate"], yerr=err, capsize=4, color="#c0504d", alpha=0.8)
    ax.set_xticks(range(len(p)), p["unit"], rotation=25, ha="right", fontsize=8)
    ax.set_ylabel("biased sentences / sentences")
    ax.set_title("Biased-sentence rate (95% CI, article bootstrap)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def stance_plot(stance: pd.DataFrame, path: Path) -> Path | None:
    """Mean stance (P(pos) − P(neg)) toward shared targets, one row per target, one marker per unit."""
    if stance.empty:
        return None
    plt = _plt()
    targets = list(dict.fromkeys(stance["item"]))
    units = sorted(stance["unit"].unique())
    fig, ax = plt.subplots(figsize=(7.5, 0.45 * len(targets) + 1.6))
    offsets = np.linspace(-0.3, 0.3, len(units)) if len(units) > 1 else [0.0]
    for off, unit in zip(offsets, units):
        s = stance[stance["unit"] == unit].set_index("item").reindex(targets)
        y = np.arange(len(targets)) + off
        ok = s["mentions"].fillna(0).to_numpy() > 0
        err = np.vstack([s["estimate"] - s["ci_low"], s["ci_high"] - s["estimate"]]).clip(min=0)
        ax.errorbar(s["estimate"][ok], y[ok], xerr=err[:, ok], fmt="o", ms=4, capsize=2, label=unit)
    ax.axvline(0, color="grey", lw=0.8)
    ax.set_yticks(range(len(targets)), targets, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlim(-1, 1)
    ax.set_xlabel("mean P(positive) − P(negative) over mentions (95% CI)")
    ax.set_title("Stance toward targets several units mention", fontsize=10)
    ax.legend(fontsize=7, loc="center left", bbox_to_anchor=(1.0, 0.5))
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def make_plots(results: dict, out: Path) -> dict[str, Path]:
    """Every plot of every scope and level; returns ``{"<scope>/<level>/<kind>": path}`` (kinds:
    ``frames_article`` the article head's label shares, ``frames`` the sentence view, ``bias``, ``stance``)."""
    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    for scope, levels in results["scopes"].items():
        for by, res in levels.items():
            stem = f"{scope}_{by}"
            made[f"{scope}/{by}/frames_article"] = frame_heatmap(
                res.profiles, out / f"{stem}_frames_article.png"
            )
            made[f"{scope}/{by}/frames"] = frame_heatmap(res.profiles, out / f"{stem}_frames.png",
                                                         "frame_article_share")  # fmt: skip
            made[f"{scope}/{by}/bias"] = bias_rate_plot(res.profiles, out / f"{stem}_bias.png")
            sp = stance_plot(res.stance, out / f"{stem}_stance.png")
            if sp is not None:
                made[f"{scope}/{by}/stance"] = sp
    return made
