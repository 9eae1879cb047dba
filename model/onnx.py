"""Optional ONNX Runtime inference for Slant models: export once, cache in the model directory, predict faster.

The ONNX graph is the whole `SlantModel.forward` (encoder and the three heads) with dynamic batch, sequence and
target axes. `onnx_predictor` checks the model directory with the same loader as the torch path
(`slant.model.io.load_config`, `load_tokenizer`) and wraps an ONNX Runtime session in an object that answers
`Predictor` like a `SlantModel` (its forward outputs and `pool_article_frames`), so batching, calibration and every
`*_proba` method behave exactly as with the torch model.

The cached files are built on first use (`model.onnx`, `model.int8.onnx` next to `model.safetensors`, rebuilt when
the weights are newer) and are never required: the torch path works without them. Exporting needs the `onnx`
package; running needs only `onnxruntime`.

Example:
    >>> pred = onnx_predictor("artifacts/model", quantize=True, threads=2)  # doctest: +SKIP
    >>> pred.bias_proba(["The senator's reckless scheme collapsed."])  # doctest: +SKIP
    array([[0.22, 0.78]], dtype=float32)
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import numpy as np
import torch

from slant.model.defaults import BATCH_SIZE
from slant.model.io import WEIGHTS, ModelDirError, embedding_rows, load_config, load_model, load_tokenizer
from slant.model.modeling import SlantModel, pool_article_frames
from slant.model.predictor import Predictor

ONNX_FP32 = "model.onnx"
ONNX_INT8 = "model.int8.onnx"
INPUTS = ("input_ids", "attention_mask", "token_type_ids", "target_positions")
OUTPUTS = ("bias", "frames", "stance")


def outputs_for(config) -> tuple[str, ...]:  # type: ignore[no-untyped-def]
    """The graph's outputs: every head's, plus the sentences' article logits of an ``article_frames="linear"``
    model."""
    return OUTPUTS + (("article",) if config.article_frames == "linear" else ())


class OnnxUnavailable(RuntimeError):
    """ONNX export or inference was requested but a needed package is missing."""


class TupleForward(torch.nn.Module):
    """`SlantModel.forward` with positional inputs and a tuple output, as the ONNX exporter wants."""

    def __init__(self, model: SlantModel) -> None:
        super().__init__()
        self.model = model

    def forward(self, input_ids, attention_mask, token_type_ids, target_positions):  # type: ignore[no-untyped-def]
        out = self.model(input_ids, attention_mask, token_type_ids, target_positions)
        return tuple(out[k] for k in outputs_for(self.model.config))


def onnx_path(model_dir: str | Path, *, quantize: bool) -> Path:
    """Where the cached ONNX file of a model directory lives."""
    return Path(model_dir) / (ONNX_INT8 if quantize else ONNX_FP32)


def _fresh(path: Path, model_dir: Path) -> bool:
    return path.is_file() and path.stat().st_mtime >= (model_dir / WEIGHTS).stat().st_mtime


def _example_inputs(model: SlantModel) -> tuple[torch.Tensor, ...]:
    # Padding in the example matters: with an all-ones mask the encoder may trace a mask-free attention path.
    vocab = model.encoder.get_input_embeddings().weight.shape[0]
    ids = torch.randint(5, max(6, vocab), (2, 12))
    mask = torch.ones_like(ids)
    mask[1, 8:] = 0
    types = torch.zeros_like(ids)
    targets = torch.tensor([[1, 4], [2, -1]])
    return ids, mask, types, targets


def export_onnx(model_dir: str | Path, *, quantize: bool = True, force: bool = False) -> Path:
    """Export a saved Slant model to ONNX (and int8-quantise its weights); return the cached file.

    Args:
        model_dir: a directory written by `slant train`.
        quantize: also write `model.int8.onnx` with int8 dynamic quantisation (weights int8, activations
            quantised on the fly) and return that.
        force: rebuild even when a cached file newer than the weights exists.

    Raises:
        OnnxUnavailable: the `onnx` package (needed by the exporter and the quantiser) is not installed.
    """
    model_dir = Path(model_dir)
    target = onnx_path(model_dir, quantize=quantize)
    if not force and _fresh(target, model_dir):
        return target
    try:
        import onnx  # noqa: F401  (the exporter and quantiser import it)
    except ImportError as exc:
        raise OnnxUnavailable(
            "ONNX export needs the `onnx` package (pip install onnx); found it missing"
        ) from exc
    fp32 = onnx_path(model_dir, quantize=False)
    if force or not _fresh(fp32, model_dir):
        model, _ = load_model(model_dir)
        wrapper = TupleForward(model).eval()
        axes = {
            "input_ids": {0: "batch", 1: "seq"},
            "attention_mask": {0: "batch", 1: "seq"},
            "token_type_ids": {0: "batch", 1: "seq"},
            "target_positions": {0: "batch", 1: "targets"},
            "bias": {0: "batch"},
            "frames": {0: "batch"},
            "stance": {0: "batch", 1: "targets"},
            "article": {0: "batch"},
        }
        # A name per process: concurrent first uses never write the same file; os.replace makes it atomic.
        tmp = fp32.with_name(f".{fp32.name}.{os.getpid()}.tmp")
        import warnings

        with warnings.catch_warnings(), torch.inference_mode():
            warnings.simplefilter("ignore")  # tracer warnings about shape-dependent Python branches
            torch.onnx.export(
                wrapper,
                _example_inputs(model),
                str(tmp),
                dynamo=False,
                input_names=list(INPUTS),
                output_names=list(outputs_for(model.config)),
                dynamic_axes={k: v for k, v in axes.items() if k in INPUTS + outputs_for(model.config)},
                opset_version=17,
            )
        os.replace(tmp, fp32)
    if not quantize:
        return fp32
    from onnxruntime.quantization import QuantType, quantize_dynamic

    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    import onnx

    # The heads stay fp32 (they are a sliver of the compute); per-channel scales for the encoder's weights.
    graph = onnx.load(str(fp32), load_external_data=False).graph
    heads = [n.name for n in graph.node if "_head/" in n.name and n.op_type in ("MatMul", "Gemm")]
    quantize_dynamic(
        str(fp32), str(tmp), weight_type=QuantType.QInt8, per_channel=True, nodes_to_exclude=heads
    )
    os.replace(tmp, target)
    return target


class OnnxSlantModel:
    """An ONNX Runtime session that answers like `SlantModel.forward` (dict of torch tensors)."""

    def __init__(self, path: str | Path, config, *, threads: int | None = None) -> None:  # type: ignore[no-untyped-def]
        import onnxruntime as ort

        opts = ort.SessionOptions()
        opts.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        opts.intra_op_num_threads = threads or max(1, len(os.sched_getaffinity(0)))
        opts.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), opts, providers=["CPUExecutionProvider"])
        self.config = config
        self.path = Path(path)
        # An encoder without token types (MPNet, RoBERTa-style) exports a graph without that input: feed only what
        # the graph declares.
        self.input_names = {i.name for i in self.session.get_inputs()}

    def __call__(
        self,
        input_ids: torch.Tensor,
        attention_mask: torch.Tensor,
        token_type_ids: torch.Tensor | None = None,
        target_positions: torch.Tensor | None = None,
    ) -> dict[str, torch.Tensor]:
        if token_type_ids is None:
            token_type_ids = torch.zeros_like(input_ids)
        if target_positions is None or not target_positions.numel():
            target_positions = torch.full((input_ids.shape[0], 1), -1, dtype=torch.long)
        feed = {
            name: t.numpy().astype(np.int64, copy=False)
            for name, t in zip(INPUTS, (input_ids, attention_mask, token_type_ids, target_positions))
            if name in self.input_names
        }
        names = outputs_for(self.config)
        return {k: torch.from_numpy(v) for k, v in zip(names, self.session.run(list(names), feed))}

    def pool_article_frames(
        self, sentence_logits: torch.Tensor, mask: torch.Tensor | None = None
    ) -> torch.Tensor:
        return pool_article_frames(sentence_logits, self.config, mask)


def onnx_predictor(
    model_dir: str | Path,
    *,
    quantize: bool = True,
    batch_size: int = BATCH_SIZE,
    threads: int | None = None,
    build: bool = True,
) -> Predictor:
    """A `Predictor` whose forward pass runs in ONNX Runtime on CPU.

    Args:
        model_dir: a directory written by `slant train`.
        quantize: use the int8 graph (`model.int8.onnx`) rather than fp32 (`model.onnx`).
        batch_size: sentences per forward pass (grouped by length, as in the torch predictor).
        threads: intra-op threads (default: every core this process may use).
        build: export the ONNX file when it is missing or stale; with `build=False` a missing file is an error.

    `pred.load_seconds` counts loading only (the session, tokenizer and config), not a first-use export.

    Raises:
        ModelDirError: no cached ONNX file and `build=False`.
        OnnxUnavailable: exporting is needed but the `onnx` package is missing.
    """
    model_dir = Path(model_dir)
    load_config(model_dir)  # the checks of the torch loader, before anything is exported
    path = onnx_path(model_dir, quantize=quantize)
    if not _fresh(path, model_dir):
        if not build:
            raise ModelDirError(
                f"{model_dir}: no up-to-date {path.name}; expected one built by export_onnx()"
            )
        export_onnx(model_dir, quantize=quantize)
    t0 = time.perf_counter()
    config = load_config(model_dir)
    tokenizer = load_tokenizer(model_dir, config, embedding_rows(config))
    model = OnnxSlantModel(path, config, threads=threads)
    return Predictor.loaded(model, tokenizer, model_dir, batch_size, "cpu", quantize, t0)
