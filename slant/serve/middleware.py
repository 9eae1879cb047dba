"""ASGI middleware of ``slant serve``: refuse oversize bodies before anything parses them; log each request.

The body is read here, at most ``max_body_bytes`` of it (a larger ``Content-Length`` is refused unread), then
handed on unchanged. One log line per request: method, path, status, body bytes, sentences scored, milliseconds.
"""

from __future__ import annotations

import json
import logging
import time
from typing import Any

from slant.serve.errors import over_limit

log = logging.getLogger("slant.serve")


class LimitAndLog:
    def __init__(self, app: Any, *, max_body_bytes: int) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes

    async def _refuse(self, send: Any, received: int) -> int:
        err = over_limit(413, "body_too_large", "the request body in bytes", "max_body_bytes",
                         self.max_body_bytes, received)  # fmt: skip
        body = json.dumps(err.body()).encode()
        await send({"type": "http.response.start", "status": 413,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})  # fmt: skip
        await send({"type": "http.response.body", "body": body})
        return 413

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        state = scope.setdefault("state", {})
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        size, status = 0, 500
        try:
            if declared is not None and declared.isdigit() and int(declared) > self.max_body_bytes:
                size = int(declared)
                status = await self._refuse(send, size)
                return
            chunks = []
            while True:
                message = await receive()
                if message["type"] == "http.disconnect":
                    status = 499
                    return
                chunk = message.get("body", b"")
                size += len(chunk)
                if size > self.max_body_bytes:
                    status = await self._refuse(send, size)
                    return
                chunks.append(chunk)
                if not message.get("more_body"):
                    break
            body, replayed = b"".join(chunks), False

            async def replay() -> dict:
                nonlocal replayed
                if not replayed:
                    replayed = True
                    return {"type": "http.request", "body": body, "more_body": False}
                return await receive()

            async def send_and_note(message: dict) -> None:
                nonlocal status
                if message["type"] == "http.response.start":
                    status = message["status"]
                await send(message)

            await self.app(scope, replay, send_and_note)
        finally:
            ms = 1000 * (time.perf_counter() - t0)
            log.info("%s %s %d %d bytes %d sentences %.0f ms", scope.get("method"), scope.get("path"), status,
                     size, state.get("sentences", 0), ms)  # fmt: skip
