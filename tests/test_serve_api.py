"""`slant serve`'s API through FastAPI's test client on a tiny random model: good and bad input, limits, load."""

from __future__ import annotations

import logging
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

pytest.importorskip("fastapi", reason="slant[serve] not installed")
from fastapi.testclient import TestClient  # noqa: E402

from slant import Slant  # noqa: E402
from slant.model.tiny import build_tiny_model  # noqa: E402
from slant.serve.app import create_app  # noqa: E402
from slant.serve.config import ServeConfig  # noqa: E402

ARTICLE = (
    "Mayor Ruth Calder said the harbor fee would pay for buses. Councilman Peter Okafor called it a terrible tax.\n\n"
    '"It punishes people who have no other way to work," Mr. Okafor said. The vote is due in May.\n'
)
LIMITS = ServeConfig(max_body_bytes=20_000, max_batch_articles=3, max_sentences=6, queue_size=64)


@pytest.fixture(scope="module")
def slant(tmp_path_factory) -> Slant:
    return Slant.from_pretrained(build_tiny_model(tmp_path_factory.mktemp("tiny") / "model"), backend="torch")


@pytest.fixture(scope="module")
def client(slant):
    with TestClient(create_app(slant, LIMITS)) as c:
        yield c


def assert_error(resp, status: int, code: str, limit: str | None = None, received=None) -> dict:
    assert resp.status_code == status, resp.text
    body = resp.json()
    assert body["error"] == code and body["message"], body
    if limit is not None:
        assert body["limit"] == {"name": limit, "value": getattr(LIMITS, limit)}
        assert body["received"] == received
        assert limit in body["message"] and f"{received:,}" in body["message"]
    return body


def test_good_article_gives_the_predict_json(client, slant) -> None:
    resp = client.post(
        "/v1/predict", json={"text": ARTICLE, "title": "Harbor fee", "targets": ["harbor fee"]}
    )
    assert resp.status_code == 200, resp.text
    got = resp.json()
    want = slant.predict({"text": ARTICLE, "title": "Harbor fee", "targets": ["harbor fee"]}).to_dict()
    assert got == {**want, "id": None}  # the API has no id unless the client sends one
    assert got["title"] == "Harbor fee" and len(got["sentences"]) == 4
    assert got["summary"]["targets"]["harbor fee"]["mentions"] == 1


def test_html_is_extracted(client) -> None:
    html = (
        f"<html><head><title>Fee vote</title></head><body><article><p>{ARTICLE}</p></article></body></html>"
    )
    resp = client.post("/v1/predict", json={"html": html})
    assert resp.status_code == 200, resp.text
    assert "Ruth Calder" in resp.json()["text"] and "<p>" not in resp.json()["text"]


@pytest.mark.parametrize("body", [{"text": ""}, {"text": "   \n "}, {}, {"html": ""}])
def test_empty_text_is_422(client, body) -> None:
    assert (
        "expected a non-empty"
        in assert_error(client.post("/v1/predict", json=body), 422, "empty_text")["message"]
    )


def test_text_with_nothing_to_score_is_422(client) -> None:
    assert_error(client.post("/v1/predict", json={"text": "Advertisement\nShare this\n"}), 422, "no_text")


def test_binary_upload_is_422_and_a_text_upload_works(client) -> None:
    pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\x00\x00\x01"
    body = assert_error(client.post("/v1/predict/file?filename=report.pdf", content=pdf), 422, "binary_file")
    assert "report.pdf" in body["message"] and "expected" in body["message"]
    assert_error(client.post("/v1/predict", json={"text": "abc\x00\x01\x02def"}), 422, "binary_text")
    ok = client.post("/v1/predict/file?filename=a.txt&targets=harbor%20fee", content=ARTICLE.encode("cp1252"))
    assert ok.status_code == 200 and ok.json()["id"] == "a.txt"
    assert ok.json()["summary"]["targets"]["harbor fee"]["mentions"] == 1


def test_wrong_encoding_is_decoded_with_a_warning(client) -> None:
    resp = client.post(
        "/v1/predict/file?filename=c.txt", content="The café reopened on Monday.".encode("cp1252")
    )
    assert resp.status_code == 200
    assert "café" in resp.json()["text"]
    assert any("not valid UTF-8" in w for w in resp.json()["warnings"])


def test_oversize_body_is_413_naming_the_limit(client) -> None:
    big = {"text": "The council met. " * 2000}
    received = len(client.build_request("POST", "/v1/predict", json=big).content)
    assert_error(client.post("/v1/predict", json=big), 413, "body_too_large", "max_body_bytes", received)


def test_too_many_sentences_is_413(client) -> None:
    text = " ".join(f"The council met on day {i}." for i in range(9))
    assert_error(
        client.post("/v1/predict", json={"text": text}), 413, "too_many_sentences", "max_sentences", 9
    )


@pytest.mark.parametrize("raw", [b'{"text": ', b"text=hello", b'["a", "b"]'])
def test_malformed_json_is_422(client, raw) -> None:
    resp = client.post("/v1/predict", content=raw, headers={"content-type": "application/json"})
    assert resp.status_code == 422 and resp.json()["error"] in ("malformed_json", "invalid_request")
    assert "expected" in resp.json()["message"] or resp.json()["details"]


def test_json_that_is_not_utf8_is_422_and_unknown_routes_are_json(client) -> None:
    resp = client.post(
        "/v1/predict", content=b'{"text": "caf\xe9 is open."}', headers={"content-type": "application/json"}
    )
    assert_error(resp, 422, "bad_encoding")
    assert "UTF-8" in resp.json()["message"]
    assert_error(client.get("/v2/nothing"), 404, "not_found")


def test_unknown_field_is_422_naming_it(client) -> None:
    body = assert_error(client.post("/v1/predict", json={"txt": ARTICLE}), 422, "invalid_request")
    assert "txt" in body["message"]


def test_batch_keeps_good_articles_when_one_is_bad(client) -> None:
    resp = client.post("/v1/predict/batch", json={"articles": [
        {"id": "a", "text": ARTICLE}, {"id": "b", "text": ""}, {"id": "c", "text": "The vote is due in May."}]})  # fmt: skip
    assert resp.status_code == 200, resp.text
    out = resp.json()
    assert [r and r["id"] for r in out["results"]] == ["a", None, "c"]
    assert [(e["index"], e["error"]) for e in out["errors"]] == [(1, "empty_text")]


def test_too_many_articles_is_413(client) -> None:
    many = {"articles": [{"text": "The vote is due."}] * 4}
    assert_error(
        client.post("/v1/predict/batch", json=many), 413, "too_many_articles", "max_batch_articles", 4
    )


def test_concurrent_requests_none_lost(client) -> None:
    texts = [f"The council met on day {i}. Mayor Ruth Calder spoke." for i in range(24)]

    def one(i: int):
        return client.post("/v1/predict", json={"id": f"r{i}", "text": texts[i]})

    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(one, range(len(texts))))
    assert [r.status_code for r in responses] == [200] * len(texts)
    assert [r.json()["id"] for r in responses] == [f"r{i}" for i in range(len(texts))]
    assert all(
        r.json()["sentences"][0]["text"] == f"The council met on day {i}." for i, r in enumerate(responses)
    )


class HeldPipeline:
    """The real pipeline, but scoring waits for `release` (so a test can fill the queue)."""

    def __init__(self, pipeline) -> None:
        self.pipeline, self.entered, self.release = pipeline, threading.Event(), threading.Event()
        self.prepare = pipeline.prepare

    def score_prepared(self, prepared):
        self.entered.set()
        assert self.release.wait(10)
        return self.pipeline.score_prepared(prepared)


def test_full_queue_gives_503_and_queued_requests_still_finish(slant) -> None:
    with TestClient(create_app(slant, ServeConfig(queue_size=1, merge_articles=1))) as c:
        worker = c.app.state.worker
        held = worker.pipeline = HeldPipeline(slant.pipeline)
        with ThreadPoolExecutor(2) as pool:
            first = pool.submit(c.post, "/v1/predict", json={"text": "The vote is due."})
            assert held.entered.wait(10)  # the scoring thread holds request 1
            second = pool.submit(c.post, "/v1/predict", json={"text": "The court met."})
            for _ in range(500):  # request 2 waits in the queue (size 1)
                if worker.waiting == 1:
                    break
                threading.Event().wait(0.01)
            third = c.post("/v1/predict", json={"text": "Police said so."})
            held.release.set()
            assert first.result().status_code == 200 and second.result().status_code == 200
    body = assert_error(third, 503, "busy")
    assert "queue_size" in body["message"] and third.headers["retry-after"] == "1"


def test_a_cancelled_request_is_skipped_and_the_worker_goes_on(slant) -> None:
    from slant.serve.worker import ScoringWorker

    held = HeldPipeline(slant.pipeline)
    worker = ScoringWorker(held, queue_size=4, max_sentences=10, merge_articles=1)
    try:
        first = worker.submit([{"text": "The vote is due."}])
        assert held.entered.wait(10)
        gone = worker.submit([{"text": "The court met."}])
        assert gone.cancel()  # the client disconnected while its request waited
        held.release.set()
        assert first.result(10)[0]["sentences"][0]["text"] == "The vote is due."
        assert (
            worker.submit([{"text": "Police said so."}]).result(10)[0]["sentences"][0]["text"]
            == "Police said so."
        )
    finally:
        worker.close()


def test_healthz_page_render_and_docs(client) -> None:
    health = client.get("/healthz").json()
    assert health["status"] == "ok" and health["limits"]["max_sentences"] == 6
    page = client.get("/")
    assert page.status_code == 200 and 'id="text"' in page.text and "/v1/predict" in page.text
    result = client.post("/v1/predict", json={"text": ARTICLE}).json()
    view = client.post("/v1/render", json=result)
    assert view.status_code == 200 and 'class="legend"' in view.text and "<table>" in view.text
    assert_error(client.post("/v1/render", json={"text": "x"}), 422, "not_a_result")
    spec = client.get("/openapi.json").json()
    assert {"/v1/predict", "/v1/predict/batch", "/v1/predict/file", "/healthz"} <= set(spec["paths"])
    assert client.get("/docs").status_code == 200


def test_one_log_line_per_request(client, caplog) -> None:
    with caplog.at_level(logging.INFO, logger="slant.serve"):
        client.post("/v1/predict", json={"text": ARTICLE})
    lines = [r.getMessage() for r in caplog.records if r.name == "slant.serve"]
    assert len(lines) == 1
    assert (
        lines[0].startswith("POST /v1/predict 200 ")
        and " 4 sentences " in lines[0]
        and lines[0].endswith(" ms")
    )


def test_loadtest_measures_a_real_http_server(slant) -> None:
    import socket

    import uvicorn

    from slant.serve.loadtest import article_of, measure

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(slant, LIMITS), port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        for _ in range(200):
            if server.started:
                break
            threading.Event().wait(0.05)
        text, n = article_of(Path(__file__).resolve().parents[1] / "examples" / "article.txt", 5)
        assert n == 5
        out = measure(f"http://127.0.0.1:{port}", text, requests=4, clients=2, warmup=1)
    finally:
        server.should_exit = True
        thread.join(10)
    assert out["errors_sequential"] == 0 and out["concurrent"]["ok"] == out["concurrent"]["requests"] == 4
    assert (
        0 < out["latency_ms"]["p50"] <= out["latency_ms"]["p95"] and out["concurrent"]["requests_per_s"] > 0
    )


def test_binds_this_machine_only_by_default_and_flags_come_from_the_config() -> None:
    from slant.serve.cli import build_parser

    args = build_parser().parse_args([])
    assert args.host == "127.0.0.1" == ServeConfig().host
    assert build_parser().parse_args(["--max-sentences", "9"]).max_sentences == 9
    with pytest.raises(ValueError, match="queue_size=0 invalid"):
        ServeConfig(queue_size=0)
