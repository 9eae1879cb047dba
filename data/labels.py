"""Label taxonomy, declared once. Models save these with their weights; prediction reads them from the model."""

from __future__ import annotations

STANCE_LABELS: tuple[str, ...] = ("negative", "neutral", "positive")

# The 14 generic policy frames of the Media Frames Corpus, as spelled in SemEval-2023 Task 3 subtask 2.
FRAME_LABELS: tuple[str, ...] = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)

BIAS_LABELS: tuple[str, ...] = ("neutral", "biased")

# Article-Bias-Prediction political leaning (its JSON `bias` field: 0 left, 1 center, 2 right).
LEANING_LABELS: tuple[str, ...] = ("left", "center", "right")

# GVFC frame codes (Liu et al., CoNLL 2019) onto the generic frames. 99 means "no frame".
GVFC_CODE_TO_FRAME: dict[int, str] = {
    1: "Legality_Constitutionality_and_jurisprudence",  # gun / 2nd Amendment rights
    2: "Policy_prescription_and_evaluation",  # gun control / regulation
    3: "Political",  # politics
    4: "Health_and_safety",  # mental health
    5: "Security_and_defense",  # school or public space safety
    6: "Fairness_and_equality",  # race / ethnicity
    7: "Public_opinion",  # public opinion
    8: "Cultural_identity",  # society / culture
    9: "Economic",  # economic consequences
}
GVFC_FRAMES: tuple[str, ...] = tuple(GVFC_CODE_TO_FRAME[c] for c in sorted(GVFC_CODE_TO_FRAME))

HEADS: dict[str, tuple[str, ...]] = {"stance": STANCE_LABELS, "frames": FRAME_LABELS, "bias": BIAS_LABELS}


def frames_to_multihot(frames: list[str] | tuple[str, ...]) -> list[int]:
    """Turn frame names into a 14-long 0/1 vector in FRAME_LABELS order.

    >>> frames_to_multihot(["Economic", "Political"])[:3]
    [1, 0, 0]
    """
    unknown = [f for f in frames if f not in FRAME_LABELS]
    if unknown:
        raise ValueError(f"unknown frame label(s) {unknown}; expected any of {list(FRAME_LABELS)}")
    chosen = set(frames)
    return [int(f in chosen) for f in FRAME_LABELS]


def multihot_to_frames(vector: list[int]) -> list[str]:
    """Inverse of frames_to_multihot."""
    if len(vector) != len(FRAME_LABELS):
        raise ValueError(f"expected a {len(FRAME_LABELS)}-long frame vector, found length {len(vector)}")
    return [f for f, v in zip(FRAME_LABELS, vector) if v]
