"""Inference defaults shared by every entry point (predict, compare, serve, the Python API, bench).

Kept free of heavy imports so that command-line parsers can read them without loading torch.
"""

# Sentences per encoder batch. Sentences are batched by token length, so padding is small at any size. On the
# 2-core machine of docs/RESULTS.md, whole-pipeline runs: ONNX fp32 and int8 were 3-8% faster at 32 than at 64,
# torch bf16 2-23% faster at 64 than at 32 (AMX tiles fill better with more rows).
BATCH_SIZE = 32
BATCH_SIZE_BF16 = 64

# Weight precisions of the torch backend: fp32 (exact) or bf16 (bfloat16 weights; fast on CPUs with AMX or
# AVX512-BF16 units and on GPUs, scores differ from fp32 in the third decimal).
PRECISIONS = ("fp32", "bf16")


def batch_size_for(precision: str = "fp32", batch_size: int | None = None) -> int:
    """The batch size a caller asked for, else the default of the precision (None means "the default")."""
    if batch_size is not None:
        return batch_size
    return BATCH_SIZE_BF16 if precision == "bf16" else BATCH_SIZE


def check_precision(precision: str, quantize: bool = False, backend: str | None = "torch") -> None:
    """Refuse an unknown precision, bf16 with int8 quantisation, and bf16 outside the torch backend."""
    if precision not in PRECISIONS:
        raise ValueError(f"precision={precision!r}; expected one of {', '.join(PRECISIONS)}")
    if precision == "bf16" and quantize:
        raise ValueError("precision='bf16' together with int8 quantisation; expected one of the two")
    if precision == "bf16" and backend not in (None, "torch"):
        raise ValueError(f"precision='bf16' with backend={backend!r}; bf16 runs on the torch backend only")
