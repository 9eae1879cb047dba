"""`SlantModel`: one encoder, three heads (stance per target, 14 frames, bias) and article-level frame pooling."""

from __future__ import annotations

import torch
from torch import nn
from transformers import AutoConfig, AutoModel, PreTrainedModel

from slant.model.config import SlantConfig


def build_encoder(encoder_config: dict) -> PreTrainedModel:
    """Rebuild the encoder (random weights) from its saved config dict."""
    cfg = dict(encoder_config)
    model_type = cfg.pop("model_type")
    return AutoModel.from_config(AutoConfig.for_model(model_type, **cfg))


class Head(nn.Module):
    """Dropout -> dense -> GELU -> dropout -> linear: the classifier used by every head."""

    OUTPUT_INDEX = 4  # position of the output linear layer in `net` (its weights have one row per label)

    def __init__(self, in_dim: int, hidden: int, n_out: int, dropout: float) -> None:
        super().__init__()
        self.net = nn.Sequential(
            nn.Dropout(dropout),
            nn.Linear(in_dim, hidden),
            nn.GELU(),
            nn.Dropout(dropout),
            nn.Linear(hidden, n_out),
        )

    @property
    def output_layer(self) -> nn.Linear:
        """The last linear layer: one row of weights (and one bias) per label."""
        return self.net[self.OUTPUT_INDEX]

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x)


class SlantModel(PreTrainedModel):
    """Multi-task sentence model.

    The sentence representation is the attention-masked mean of the encoder's last hidden states (how
    all-MiniLM-L6-v2 was trained). Bias and frames read it directly. Stance reads, for each target, the hidden state
    at the target's start marker (or the [CLS] state in sentence-pair input) concatenated with the sentence
    representation, so one encoder pass serves every target a sentence carries. With `stance_head="marker"` the
    stance head reads the marker state alone; with "attention" the sentence part is replaced by an attention-pooled
    context queried from the marker state, so two targets of one sentence read different contexts.
    """

    config_class = SlantConfig
    base_model_prefix = "slant"
    _no_split_modules: list[str] = []

    def __init__(self, config: SlantConfig) -> None:
        super().__init__(config)
        if not config.encoder:
            raise ValueError("SlantConfig.encoder is empty; expected the encoder's config dict")
        self.encoder = build_encoder(config.encoder)
        hidden = self.encoder.config.hidden_size
        drop = config.head_dropout
        stance_in = hidden if config.stance_head == "marker" else 2 * hidden
        self.stance_head = Head(stance_in, hidden, len(config.stance_labels), drop)
        self.frames_head = Head(hidden, hidden, len(config.frame_labels), drop)
        self.bias_head = Head(hidden, hidden, len(config.bias_labels), drop)
        if config.article_frames == "linear":
            # the article head: a linear map of each sentence vector, averaged over an article (`article_frame_logits`)
            # skip_init: built without drawing from the random stream (zeroed in `_init_weights`), so a model with
            # the head trains exactly as one without it
            self.article_head = torch.nn.utils.skip_init(nn.Linear, hidden, len(config.frame_labels))
        if config.stance_head == "attention":
            # Small initial weights make the first attention nearly uniform: it starts as the sentence mean.
            self.stance_query = nn.Linear(hidden, hidden)
            self.stance_key = nn.Linear(hidden, hidden)
        self.post_init()

    def _init_weights(self, module: nn.Module) -> None:
        # Only the heads are ours; the encoder keeps whatever weights it was given.
        if module is getattr(self, "article_head", None):
            # fitted after training (never by gradient): zeros, and no draw from the random stream, so adding
            # the head leaves the rest of training as it was
            nn.init.zeros_(module.weight)
            nn.init.zeros_(module.bias)
            return
        if isinstance(module, nn.Linear) and not any(module is m for m in self.encoder.modules()):
            nn.init.normal_(module.weight, std=0.02)
            if module.bias is not None:
                nn.init.zeros_(module.bias)

    def head(self, name: str) -> Head:
        """The head of output ``name`` ("stance", "frames" or "bias")."""
        if name not in self.config.heads:
            raise ValueError(f"no head {name!r}; expected one of {tuple(self.config.heads)}")
        return getattr(self, f"{name}_head")

    @staticmethod
    def output_weight_key(name: str) -> str:
        """The state-dict key of head ``name``'s output weights (one row per label)."""
        return f"{name}_head.net.{Head.OUTPUT_INDEX}.weight"

    @torch.no_grad()
    def set_output_bias(self, name: str, values: torch.Tensor) -> None:
        """Set the output bias of head ``name`` (e.g. to the labels' prior logits before training)."""
        self.head(name).output_layer.bias.copy_(values)

    def encode(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
    ) -> tuple[torch.Tensor, torch.Tensor]:
        """Return (hidden states (batch, seq, hidden), mean-pooled sentence vectors (batch, hidden))."""
        kwargs = {"input_ids": input_ids, "attention_mask": attention_mask}
        if token_type_ids is not None:
            kwargs["token_type_ids"] = token_type_ids
        hidden = self.encoder(**kwargs).last_hidden_state  # (batch, seq, hidden)
        mask = attention_mask.unsqueeze(-1).to(hidden.dtype)  # (batch, seq, 1)
        pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1.0)
        return hidden, pooled

    def forward(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
        target_positions: torch.Tensor | None = None,
    ) -> dict[str, torch.Tensor]:
        """Logits of every head.

        Args:
            target_positions: (batch, n_targets) token index whose hidden state represents each target
                (the [TGT] marker, or 0 for [CLS] in pair input); -1 pads rows with fewer targets.

        Returns:
            {"bias": (batch, 2), "frames": (batch, 14), "stance": (batch, n_targets, 3) when targets are given,
             "pooled": (batch, hidden), "article": (batch, 14) with ``article_frames="linear"`` (each sentence's
             share of its article's frame logits)}
        """
        hidden, pooled = self.encode(input_ids, attention_mask, token_type_ids)
        out = {"pooled": pooled, "bias": self.bias_head(pooled), "frames": self.frames_head(pooled)}
        if self.config.article_frames == "linear":
            out["article"] = self.article_head(pooled)
        if target_positions is not None and target_positions.numel():
            idx = target_positions.clamp(min=0)  # (batch, T)
            gathered = torch.gather(
                hidden, 1, idx.unsqueeze(-1).expand(-1, -1, hidden.size(-1))
            )  # (batch, T, H)
            out["stance"] = self.stance_head(self._stance_input(hidden, pooled, gathered, attention_mask))
        return out

    def _stance_input(
        self, hidden: torch.Tensor, pooled: torch.Tensor, gathered: torch.Tensor, attention_mask: torch.Tensor
    ) -> torch.Tensor:
        """What the stance head reads per target: (batch, T, H) or (batch, T, 2H) by `config.stance_head`."""
        mode = self.config.stance_head
        if mode == "marker":
            return gathered
        if mode == "attention":
            q = self.stance_query(gathered)  # (batch, T, H)
            k = self.stance_key(hidden)  # (batch, seq, H)
            scores = q @ k.transpose(1, 2) / hidden.size(-1) ** 0.5  # (batch, T, seq)
            scores = scores.masked_fill(attention_mask[:, None, :] == 0, torch.finfo(scores.dtype).min)
            context = scores.softmax(-1) @ hidden  # (batch, T, H)
            return torch.cat([gathered, context], dim=-1)
        sentence = pooled.unsqueeze(1).expand(-1, gathered.size(1), -1)  # (batch, T, H)
        return torch.cat([gathered, sentence], dim=-1)

    def pool_article_frames(
        self, sentence_logits: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        """Pool one article's sentence frame logits (n_sentences, 14) into article logits (14,): see
        `pool_article_frames`."""
        return pool_article_frames(sentence_logits, self.config, mask)


def pool_article_frames(
    sentence_logits: torch.Tensor, config: SlantConfig, mask: torch.Tensor | None = None
) -> torch.Tensor:
    """Pool sentence frame logits (n_sentences, 14) of one article into article logits (14,) by
    ``config.mil_pooling``.

    "lse": (1/r) log mean exp(r * logit), a smooth maximum; "noisy_or": 1 - prod(1 - p) returned as a logit;
    "mean": the mean logit.
    """
    if mask is not None:
        sentence_logits = sentence_logits[mask]
    mode = config.mil_pooling
    if mode == "mean":
        return sentence_logits.mean(0)
    if mode == "noisy_or":
        log_not = torch.nn.functional.logsigmoid(-sentence_logits).sum(0)  # log prod(1 - p)
        p = (1 - log_not.exp()).clamp(1e-6, 1 - 1e-6)
        return torch.log(p) - torch.log1p(-p)
    r = config.lse_r
    n = torch.tensor(float(sentence_logits.size(0)), device=sentence_logits.device)
    return (torch.logsumexp(r * sentence_logits, dim=0) - torch.log(n)) / r


def article_frame_logits(
    sentence_frame_logits: torch.Tensor, sentence_article_logits: torch.Tensor | None, config: SlantConfig
) -> torch.Tensor:
    """Article frame logits (14,) of one article from its bag of sentences: the mean of their ``article``
    logits under ``config.article_frames="linear"``, else their frame logits pooled by `pool_article_frames`.

    Raises:
        ValueError: a "linear" model without article logits.
    """
    if config.article_frames == "linear":
        if sentence_article_logits is None:
            raise ValueError("article_frames='linear' needs the sentences' article logits; found none")
        return sentence_article_logits.mean(0)
    return pool_article_frames(sentence_frame_logits, config)


def frames_in_context(
    sentence_logits: torch.Tensor, config: SlantConfig, context: torch.Tensor | None = None
) -> torch.Tensor:
    """Frame logits (n, 14) of sentences read inside their article: each row plus ``config.frame_context`` times
    the article's pooled logits (`pool_article_frames` over ``context``, the logits of every sentence of the
    article; default the rows themselves). Unchanged when ``frame_context`` is 0 or there is no context."""
    context = sentence_logits if context is None else context
    if not config.frame_context or not len(context):
        return sentence_logits
    return sentence_logits + config.frame_context * pool_article_frames(context, config)
