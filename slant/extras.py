"""Optional parts of Slant and the one-line message when one is missing.

The core install (``pip install slant``) predicts with PyTorch. Extras add: ``slant[onnx]`` (ONNX Runtime, the
faster default backend, and the exporter), ``slant[serve]`` (``slant serve``: FastAPI and uvicorn) and
``slant[dask]`` (``slant compare --scheduler``: Dask distributed).

Example:
    >>> require("onnx", "the ONNX backend")  # doctest: +SKIP
    >>> has("serve") in (True, False)
    True
"""

from __future__ import annotations

from importlib.util import find_spec

# extra -> top-level modules it installs
EXTRAS: dict[str, tuple[str, ...]] = {
    "onnx": ("onnxruntime", "onnx"),
    "serve": ("fastapi", "uvicorn"),
    "dask": ("dask", "distributed"),
}


class MissingExtra(ImportError):
    """An optional extra is needed but not installed; the message is one line with the pip command."""


def missing(extra: str) -> list[str]:
    """Modules of ``extra`` that are not importable."""
    if extra not in EXTRAS:
        raise ValueError(f"extra={extra!r}; expected one of {sorted(EXTRAS)}")
    return [m for m in EXTRAS[extra] if find_spec(m) is None]


def has(extra: str) -> bool:
    return not missing(extra)


def require(extra: str, purpose: str) -> None:
    """Raise :class:`MissingExtra` naming the pip command when ``extra`` is not installed."""
    gone = missing(extra)
    if gone:
        raise MissingExtra(
            f"{purpose} needs the optional extra slant[{extra}] ({', '.join(gone)} not installed): "
            f"pip install 'slant[{extra}]'"
        )


def default_backend(precision: str = "fp32") -> str:
    """``onnx`` (ONNX Runtime fp32, the fast default) when ``slant[onnx]`` is installed, else ``torch``; bf16
    weights run on ``torch`` only."""
    if precision == "bf16":
        return "torch"
    return "onnx" if has("onnx") else "torch"
