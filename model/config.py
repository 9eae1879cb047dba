"""`SlantConfig`: the saved description of a Slant model — encoder, label maps for every head, input format."""

from __future__ import annotations

from typing import Any

from huggingface_hub.dataclasses import strict
from transformers import PreTrainedConfig

from slant.data.labels import BIAS_LABELS, FRAME_LABELS, STANCE_LABELS

STANCE_INPUTS = ("markers", "marker_each", "marker_coref", "pair")
MIL_POOLINGS = ("lse", "noisy_or", "mean")
STANCE_HEADS = ("concat", "marker", "attention")
ARTICLE_FRAMES = ("pool", "linear")
TARGET_START, TARGET_END = "[TGT]", "[/TGT]"


@strict(accept_kwargs=True)
class SlantConfig(PreTrainedConfig):
    """Configuration of a Slant multi-task model.

    Attributes:
        encoder: the encoder's own config as a dict (with its `model_type`), so the model can be rebuilt offline.
        encoder_name: where the encoder weights came from (a hub name or a path); provenance only.
        stance_labels / frame_labels / bias_labels: label maps of the three heads, saved with the model.
        stance_input: "markers" (all target spans wrapped in [TGT] ... [/TGT], one pass per sentence),
            "marker_each" (one pass per target with only that target wrapped), "marker_coref" (as marker_each,
            with the target's other mentions in the sentence wrapped too: pronouns where the data names them,
            repeated names at prediction) or "pair" (sentence + target mention as a second segment, one pass per
            target).
        stance_head: what the stance classifier reads for a target: "concat" (the target's marker state
            concatenated with the sentence's mean state), "marker" (the marker state alone) or "attention" (the
            marker state concatenated with an attention-weighted sum of the sentence's token states, queried from
            the marker, so the context it reads is the target's own).
        mil_pooling: how sentence frame logits pool into an article's frame logits (the MIL training of the frames
            head, the article context of `frame_context`, and article frames under ``article_frames="pool"``).
        article_frames: what the article-level frames read: "pool" (the sentences' frame logits pooled by
            ``mil_pooling``) or "linear" (a linear head over the mean of the article's sentence vectors, fitted on
            the SemEval training articles after training; computed per sentence as `article` logits and averaged,
            which is the same linear map of the mean vector).
        lse_r: sharpness of log-sum-exp pooling (large r -> max, small r -> mean).
        frame_context: weight of a sentence's article in its frames: a sentence read inside an article gets frame
            logits ``z + frame_context * pool(article)``, where ``pool`` is the article pooling above over every
            sentence of the article (0: a sentence's frames read the sentence alone, as in sentence mode).
        max_length: tokens per sentence at most.
        head_dropout: dropout before each head.
    """

    model_type = "slant"

    encoder: dict[str, Any] | None = None
    encoder_name: str = ""
    stance_labels: list[str] | None = None
    frame_labels: list[str] | None = None
    bias_labels: list[str] | None = None
    stance_input: str = "markers"
    stance_head: str = "concat"
    mil_pooling: str = "lse"
    article_frames: str = "pool"
    lse_r: float = 4.0
    frame_context: float = 0.0
    max_length: int = 128
    head_dropout: float = 0.1
    slant_version: str = ""

    def __post_init__(self, **kwargs: Any) -> None:
        self.stance_labels = list(self.stance_labels or STANCE_LABELS)
        self.frame_labels = list(self.frame_labels or FRAME_LABELS)
        self.bias_labels = list(self.bias_labels or BIAS_LABELS)
        if self.stance_input not in STANCE_INPUTS:
            raise ValueError(f"stance_input={self.stance_input!r}; expected one of {STANCE_INPUTS}")
        if self.stance_head not in STANCE_HEADS:
            raise ValueError(f"stance_head={self.stance_head!r}; expected one of {STANCE_HEADS}")
        if self.article_frames not in ARTICLE_FRAMES:
            raise ValueError(f"article_frames={self.article_frames!r}; expected one of {ARTICLE_FRAMES}")
        if self.mil_pooling not in MIL_POOLINGS:
            raise ValueError(f"mil_pooling={self.mil_pooling!r}; expected one of {MIL_POOLINGS}")
        if not 0 <= float(self.frame_context) <= 4:
            raise ValueError(f"frame_context={self.frame_context}; expected 0..4")
        if not 8 <= int(self.max_length) <= 512:
            raise ValueError(f"max_length={self.max_length}; expected 8..512")
        super().__post_init__(**kwargs)

    @property
    def heads(self) -> dict[str, list[str]]:
        """Label names of every head, in output order."""
        return {
            "stance": list(self.stance_labels),
            "frames": list(self.frame_labels),
            "bias": list(self.bias_labels),
        }
