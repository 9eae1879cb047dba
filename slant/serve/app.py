"""The FastAPI application of ``slant serve``: a thin layer over one loaded model.

Routes: ``POST /v1/predict`` (one article as JSON), ``POST /v1/predict/file`` (the raw bytes of a .txt/.html
file), ``POST /v1/predict/batch`` (several articles), ``POST /v1/render`` (a result as the HTML view of
``slant predict --format html``), ``GET /healthz``, ``GET /`` (the page), ``/docs`` (OpenAPI).

Every refusal is a JSON error (see :mod:`slant.serve.errors`); limits live in :class:`ServeConfig`.

Example:
    >>> from fastapi.testclient import TestClient  # doctest: +SKIP
    >>> client = TestClient(create_app(Slant.from_pretrained("artifacts/model"), ServeConfig()))  # doctest: +SKIP
    >>> client.post("/v1/predict", json={"text": "The council voted."}).json()["summary"]["n_sentences"]  # doctest: +SKIP
    1
"""

from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from slant.predict.inputs import looks_like_html
from slant.serve.config import ServeConfig
from slant.serve.errors import ApiError, over_limit
from slant.serve.middleware import LimitAndLog
from slant.serve.worker import Busy, ScoringWorker
from slant.text.encoding import decode_bytes, looks_binary

log = logging.getLogger("slant.serve")
EXAMPLE = "Mayor Ruth Calder said the harbor fee would pay for buses. Critics called it a terrible tax."


class ArticleIn(BaseModel):
    """One article: ``text`` (plain text, or an HTML page, recognised by its start) or ``html``."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"text": EXAMPLE,
                              "title": "Harbor fee passes", "targets": ["harbor fee"]}]})  # fmt: skip

    text: str | None = Field(None, description="the article as plain text (an HTML page is recognised too)")
    html: str | None = Field(None, description="the article as an HTML page (its main text is extracted)")
    title: str | None = Field(None, description="headline; taken from the page or the first line when absent")
    id: str | None = Field(None, description="your id for the article, echoed in the result")
    outlet: str | None = Field(None, description="the outlet that published it, echoed in the result")
    targets: list[str] = Field(default_factory=list, max_length=100,
                               description="names to find besides those found automatically")  # fmt: skip


class BatchIn(BaseModel):
    """Several articles, scored together; each succeeds or fails on its own."""

    model_config = ConfigDict(extra="forbid")
    articles: list[ArticleIn] = Field(description="the articles (at most max_batch_articles)")


def _article(a: ArticleIn, where: str) -> dict[str, Any]:
    """The pipeline's article dict; raises ApiError for an empty or binary body."""
    body = {k: v for k, v in (("text", a.text), ("html", a.html)) if isinstance(v, str) and v.strip()}
    if not body:
        raise ApiError(422, "empty_text", f"{where}: no text; expected a non-empty 'text' or 'html' string")
    raw = body.get("text", body.get("html", ""))
    if "\x00" in raw or looks_binary(raw[:8192].encode("utf-8", "surrogatepass")):
        raise ApiError(
            422, "binary_text", f"{where}: looks like binary data (control bytes); expected text or HTML"
        )
    if "text" in body and "html" not in body and looks_like_html(body["text"]):
        body = {"html": body["text"]}
    meta = {"id": a.id, "title": a.title, "outlet": a.outlet, "targets": [t for t in a.targets if t.strip()]}
    return {**{k: v for k, v in meta.items() if v}, **body}


def create_app(slant: Any, config: ServeConfig | None = None) -> FastAPI:
    """The application over a loaded :class:`slant.Slant` (or an ``ArticlePipeline``)."""
    config = config or ServeConfig()
    pipeline = getattr(slant, "pipeline", slant)
    backend = getattr(slant, "backend", "torch")
    worker = ScoringWorker(pipeline, queue_size=config.queue_size, max_sentences=config.max_sentences,
                           merge_articles=config.merge_articles)  # fmt: skip

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # type: ignore[no-untyped-def]
        yield
        worker.close()

    app = FastAPI(title="Slant", version=str(pipeline.model_info.get("version")), lifespan=lifespan,
                  description="Stance, framing and media bias of news sentences, rolled up into an article "
                  "profile. Results have the shape of `slant predict --format json`.")  # fmt: skip
    app.state.worker, app.state.config = worker, config
    app.add_middleware(LimitAndLog, max_body_bytes=config.max_body_bytes)

    @app.exception_handler(ApiError)
    async def api_error(request: Request, err: ApiError) -> JSONResponse:
        headers = {"Retry-After": "1"} if err.status == 503 else None
        return JSONResponse(err.body(), status_code=err.status, headers=headers)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, err: StarletteHTTPException) -> JSONResponse:
        if err.status_code == 400 and "parsing the body" in str(err.detail):  # e.g. JSON that is not UTF-8
            body = {"error": "bad_encoding", "message": "the body could not be decoded as UTF-8 JSON; expected UTF-8 "
                    "(send a file in another encoding as it is to /v1/predict/file)"}  # fmt: skip
            return JSONResponse(body, status_code=422)
        code = {404: "not_found", 405: "method_not_allowed"}.get(err.status_code, "http_error")
        return JSONResponse({"error": code, "message": f"{request.method} {request.url.path}: {err.detail}"},
                            status_code=err.status_code, headers=getattr(err, "headers", None))  # fmt: skip

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, err: RequestValidationError) -> JSONResponse:
        problems = err.errors()
        first = problems[0] if problems else {}
        if first.get("type") == "json_invalid":
            ctx = first.get("ctx", {})
            msg = f'malformed JSON ({ctx.get("error", "unreadable")}); expected a JSON object such as {{"text": "..."}}'
            return JSONResponse({"error": "malformed_json", "message": msg}, status_code=422)
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body") or "body"
        msg = f"{where}: {first.get('msg', 'invalid')}" + (
            f" ({len(problems)} problems)" if len(problems) > 1 else ""
        )
        details = [{"field": ".".join(map(str, p.get("loc", ()))), "problem": p.get("msg")} for p in problems]
        return JSONResponse(
            {"error": "invalid_request", "message": msg, "details": details[:20]}, status_code=422
        )

    async def score(articles: list[dict[str, Any]], request: Request) -> list[Any]:
        try:
            fut = worker.submit(articles)
        except Busy:
            raise ApiError(503, "busy", f"the scoring queue is full ({config.queue_size} requests waiting, "
                           "queue_size); retry shortly", "queue_size", config.queue_size, worker.waiting + 1) from None  # fmt: skip
        outcomes = await asyncio.wrap_future(fut)
        request.state.sentences = sum(len(o["sentences"]) for o in outcomes if isinstance(o, dict))
        return outcomes

    @app.post("/v1/predict", summary="Label one article")
    async def predict(article: ArticleIn, request: Request) -> dict[str, Any]:
        """Label every sentence of one article and profile it; the body of `slant predict --format json`."""
        (outcome,) = await score([_article(article, "article")], request)
        if isinstance(outcome, ApiError):
            raise outcome
        return outcome

    @app.post("/v1/predict/file", summary="Label one uploaded .txt or .html file (raw bytes as the body)")
    async def predict_file(
        request: Request,
        filename: str = Query("", description="the file's name; .html/.htm is read as HTML"),
        title: str | None = Query(None),
        targets: list[str] = Query(default=[]),  # noqa: B008
    ) -> dict[str, Any]:
        """The body is the file itself (any Content-Type): UTF-8, UTF-16 with BOM, or cp1252/latin-1 text."""
        data = await request.body()
        if not data.strip():
            raise ApiError(
                422, "empty_text", f"{filename or 'upload'}: the file is empty; expected text or HTML"
            )
        if looks_binary(data):
            raise ApiError(422, "binary_file", f"{filename or 'upload'}: looks like a binary file (PDF, image, "
                           "archive?); expected a UTF-8 .txt or .html file")  # fmt: skip
        text, notes = decode_bytes(data)
        is_html = filename.lower().endswith((".html", ".htm")) or "html" in request.headers.get(
            "content-type", ""
        )
        article = {"id": filename or "upload", "warnings": notes, "title": title,
                   "targets": [t for t in targets if t.strip()], ("html" if is_html or looks_like_html(text) else "text"): text}  # fmt: skip
        (outcome,) = await score([article], request)
        if isinstance(outcome, ApiError):
            raise outcome
        return outcome

    @app.post("/v1/predict/batch", summary="Label several articles")
    async def predict_batch(batch: BatchIn, request: Request) -> dict[str, Any]:
        """`results[i]` is article i's result or null; `errors` says why for each null (index, error, message)."""
        n = len(batch.articles)
        if n > config.max_batch_articles:
            raise over_limit(413, "too_many_articles", "the number of articles", "max_batch_articles",
                             config.max_batch_articles, n)  # fmt: skip
        if n == 0:
            raise ApiError(422, "empty_batch", "articles is empty; expected at least one article")
        results: list[Any] = [None] * n
        errors: list[dict[str, Any]] = []
        todo: list[tuple[int, dict[str, Any]]] = []
        for i, a in enumerate(batch.articles):
            try:
                todo.append((i, _article(a, f"articles.{i}")))
            except ApiError as err:
                errors.append({"index": i, "status": err.status, **err.body()})
        if todo:
            for (i, _), outcome in zip(todo, await score([a for _, a in todo], request)):
                if isinstance(outcome, ApiError):
                    errors.append({"index": i, "status": outcome.status, **outcome.body()})
                else:
                    results[i] = outcome
        return {"results": results, "errors": sorted(errors, key=lambda e: e["index"])}

    @app.post("/v1/render", response_class=HTMLResponse, summary="A result as the HTML view")
    async def render(result: dict[str, Any]) -> HTMLResponse:
        """The article view of `slant predict --format html` (no page around it) for one result."""
        from slant.predict.render_html import article_html
        from slant.results import ArticleResult

        try:
            ArticleResult.from_dict(result)
            html = article_html(result)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            raise ApiError(422, "not_a_result", f"not a Slant result (bad or missing {err}); expected the JSON "
                           "of /v1/predict") from err  # fmt: skip
        return HTMLResponse(html)

    @app.get("/healthz", summary="Liveness, the model and the limits")
    async def healthz() -> dict[str, Any]:
        return {"status": "ok", "model": pipeline.model_info, "backend": backend,
                "queue": {"waiting": worker.waiting, "size": config.queue_size}, "limits": config.limits()}  # fmt: skip

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def page() -> HTMLResponse:
        from slant.serve.page import page_html

        return HTMLResponse(page_html(config))

    return app
