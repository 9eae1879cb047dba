"""Every limit and setting of ``slant serve`` in one typed, validated place.

Example:
    >>> ServeConfig(max_batch_articles=4).max_batch_articles
    4
    >>> ServeConfig(port=70000)
    Traceback (most recent call last):
    ...
    ValueError: port=70000 invalid; expected 0..65535
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ServeConfig:
    """Settings of the service; each limit answers with a JSON error that names it and the value received.

    Attributes:
        host: Interface to bind; 127.0.0.1 keeps the service on this machine.
        port: TCP port (0: any free port).
        max_body_bytes: Largest request body accepted (413 ``body_too_large`` beyond).
        max_batch_articles: Articles per ``/v1/predict/batch`` request at most (413 ``too_many_articles``).
        max_sentences: Sentences per article at most, counted after cleaning (413 ``too_many_sentences``).
        queue_size: Requests waiting for the scoring thread at most; one more gets 503 ``busy``.
        merge_articles: Articles the scoring thread takes from the queue into one model call at most.
        batch_size: Sentences per forward pass of the model.
    """

    host: str = field(
        default="127.0.0.1", metadata={"help": "interface to bind (default: this machine only)"}
    )
    port: int = field(default=8000, metadata={"help": "TCP port (0 = any free port)"})
    max_body_bytes: int = field(default=2_000_000, metadata={"help": "largest request body in bytes"})
    max_batch_articles: int = field(default=16, metadata={"help": "articles per batch request at most"})
    max_sentences: int = field(default=400, metadata={"help": "sentences per article at most"})
    queue_size: int = field(default=8, metadata={"help": "requests waiting for the model at most (then 503)"})
    merge_articles: int = field(default=16, metadata={"help": "articles scored together in one model call"})
    batch_size: int | None = field(
        default=None,
        metadata={"help": "sentences per forward pass (default: 32, or 64 with --precision bf16)"},
    )

    def __post_init__(self) -> None:
        if not 0 <= self.port <= 65535:
            raise ValueError(f"port={self.port} invalid; expected 0..65535")
        for name in ("max_body_bytes", "max_batch_articles", "max_sentences", "queue_size", "merge_articles",
                     "batch_size"):  # fmt: skip
            value = getattr(self, name)
            if name == "batch_size" and value is None:  # the precision's default
                continue
            if not isinstance(value, int) or isinstance(value, bool) or value < 1:
                raise ValueError(f"{name}={value!r} invalid; expected a positive integer")

    def limits(self) -> dict[str, Any]:
        """The limits a client may want to know (shown by ``/healthz``)."""
        return {
            f.name: getattr(self, f.name)
            for f in dataclasses.fields(self)
            if f.name.startswith(("max_", "queue"))
        }


def flag(name: str) -> str:
    """The command-line flag of a config field (``max_body_bytes`` -> ``--max-body-bytes``)."""
    return "--" + name.replace("_", "-")
