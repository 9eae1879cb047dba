"""Slant: stance, framing and media bias of news sentences, rolled up into article and outlet profiles.

``from slant import Slant`` is the Python API (see :mod:`slant.api`); importing ``slant`` alone loads nothing
heavy (no torch, no model) until ``Slant`` is first used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["ArticleResult", "Results", "Slant", "__version__"]

if TYPE_CHECKING:
    from slant.api import Slant
    from slant.results import ArticleResult, Results


def __getattr__(name: str) -> Any:
    if name == "Slant":
        from slant.api import Slant

        return Slant
    if name in ("ArticleResult", "Results"):
        from slant import results

        return getattr(results, name)
    raise AttributeError(f"module 'slant' has no attribute {name!r}")
