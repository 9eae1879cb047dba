"""Tiny random Slant models for tests and smoke runs: built from a config, no downloads."""

from __future__ import annotations

import string
import tempfile
from pathlib import Path

import torch
from transformers import BertConfig, BertTokenizerFast, MPNetConfig, PretrainedConfig

from slant.model.config import SlantConfig
from slant.model.io import add_markers, save_model
from slant.model.modeling import SlantModel

_WORDS = (
    "the a an of to in and is was were he she they said mr xi president trump biden police government economy "
    "tax war court law health school gun guns rights vote voters election party crime safety money jobs bad good "
    "terrible great calm report news outlet"
).split()


def tiny_tokenizer(directory: str | Path) -> BertTokenizerFast:
    """A word-piece tokenizer over letters, digits, punctuation and a few news words, written to `directory`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    chars = list(string.ascii_lowercase + string.digits + string.punctuation) + ["“", "”", "’", "—"]
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", *chars, *(f"##{c}" for c in chars), *_WORDS]
    vocab = list(dict.fromkeys(vocab))
    (directory / "vocab.txt").write_text("\n".join(vocab) + "\n", encoding="utf-8")
    return add_markers(BertTokenizerFast(vocab=str(directory / "vocab.txt"), do_lower_case=True))


TINY_ENCODERS = ("bert", "mpnet")


def tiny_encoder_config(vocab_size: int, hidden: int = 32, encoder_type: str = "bert") -> PretrainedConfig:
    """A 2-layer encoder config: BERT (token types, like MiniLM) or MPNet (no token types, like all-mpnet-base-v2).

    Raises:
        ValueError: ``encoder_type`` is not one of `TINY_ENCODERS`.
    """
    sizes = {
        "hidden_size": hidden,
        "num_hidden_layers": 2,
        "num_attention_heads": 2,
        "intermediate_size": 2 * hidden,
    }
    if encoder_type == "bert":
        return BertConfig(vocab_size=vocab_size, max_position_embeddings=128, **sizes)
    if encoder_type == "mpnet":  # positions start after the padding index, so two more than the longest input
        return MPNetConfig(vocab_size=vocab_size, max_position_embeddings=130, **sizes)
    raise ValueError(f"tiny encoder_type: expected one of {TINY_ENCODERS}; found {encoder_type!r}")


def save_tiny_encoder(directory: str | Path, *, seed: int = 0, hidden: int = 32) -> Path:
    """Save a random 2-layer BERT encoder and its tokenizer, usable as `TrainConfig.encoder` in tests."""
    from transformers import BertModel

    directory = Path(directory)
    tokenizer = tiny_tokenizer(directory)
    torch.manual_seed(seed)
    BertModel(tiny_encoder_config(len(tokenizer), hidden)).save_pretrained(directory)
    tokenizer.save_pretrained(directory)
    return directory


def build_tiny_model(
    directory: str | Path,
    *,
    seed: int = 0,
    stance_input: str = "markers",
    stance_head: str = "concat",
    save: bool = True,
    hidden: int = 32,
    frame_context: float = 0.0,
    article_frames: str = "pool",
    encoder_type: str = "bert",
) -> Path | tuple[SlantModel, BertTokenizerFast]:
    """Build (and by default save) a randomly initialised 2-layer Slant model with hidden size 32.

    Returns the saved directory, or `(model, tokenizer)` when `save=False`.
    """
    directory = Path(directory)
    with tempfile.TemporaryDirectory() as vocab_dir:
        tokenizer = tiny_tokenizer(vocab_dir)
    torch.manual_seed(seed)
    encoder = tiny_encoder_config(len(tokenizer), hidden, encoder_type)
    config = SlantConfig(
        encoder=encoder.to_dict(),
        encoder_name=f"tiny-random-{encoder_type}",
        stance_input=stance_input,
        stance_head=stance_head,
        frame_context=frame_context,
        article_frames=article_frames,
        max_length=64,
    )
    model = SlantModel(config)
    model.eval()
    if not save:
        return model, tokenizer
    save_model(model, tokenizer, directory)
    return directory
