"""The JSON errors of ``slant serve``: one shape for every failure, naming what was expected and what came.

Body: ``{"error": code, "message": one line, "limit": {"name", "value"}?, "received": value?}``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from slant.serve.config import flag


@dataclass
class ApiError(Exception):
    """A request the service refuses; ``status`` is the HTTP status."""

    status: int
    code: str
    message: str
    limit: str | None = None
    limit_value: int | None = None
    received: Any = None

    def body(self) -> dict[str, Any]:
        out: dict[str, Any] = {"error": self.code, "message": self.message}
        if self.limit is not None:
            out["limit"] = {"name": self.limit, "value": self.limit_value}
            out["received"] = self.received
        return out


def over_limit(status: int, code: str, what: str, limit: str, value: int, received: int) -> ApiError:
    """An error for a value past a configured limit, e.g. ``request body is 3,000,000 bytes; the limit is ...``."""
    return ApiError(
        status, code, f"{what} is {received:,}; the limit is {value:,} ({limit}, set with `slant serve "
        f"{flag(limit)}`)", limit, value, received,
    )  # fmt: skip
