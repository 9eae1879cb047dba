"""Latency and throughput of a running ``slant serve``: p50/p95 of ``POST /v1/predict`` one request at a time,
then requests per second with several concurrent clients. Standard library only (``urllib``, threads).

Example:
    $ slant serve --model artifacts/model --port 8123 &
    $ python -m slant.serve.loadtest --url http://127.0.0.1:8123 --article examples/article.html --sentences 40
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any


def article_of(path: str | Path, sentences: int) -> tuple[str, int]:
    """The cleaned text of an article file cut after its ``sentences``-th sentence, and its sentence count."""
    from slant.text.clean import clean_text, extract_html
    from slant.text.sentences import split_sentences

    raw = Path(path).read_text(encoding="utf-8")
    text = extract_html(raw)[0] if Path(path).suffix.lower() in (".html", ".htm") else raw
    body = clean_text(text).text
    found = split_sentences(body)
    cut = found[: max(1, sentences)]
    return body[: cut[-1].end], len(cut)


def post(url: str, payload: bytes, timeout: float = 120) -> tuple[int, float]:
    """Status and seconds of one ``POST`` of a JSON body."""
    req = urllib.request.Request(
        url, data=payload, headers={"Content-Type": "application/json"}, method="POST"
    )
    t0 = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            resp.read()
            status = resp.status
    except urllib.error.HTTPError as err:
        status = err.code
    return status, time.perf_counter() - t0


def measure(base: str, text: str, *, requests: int = 50, clients: int = 4, warmup: int = 3) -> dict[str, Any]:
    """Sequential latency over ``requests`` calls, then throughput of ``clients`` clients sending as many each."""
    url = base.rstrip("/") + "/v1/predict"
    payload = json.dumps({"text": text}).encode("utf-8")
    for _ in range(warmup):
        post(url, payload)
    seq = [post(url, payload) for _ in range(requests)]
    ms = sorted(1000 * s for _, s in seq)
    t0 = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        par = list(pool.map(lambda _: post(url, payload), range(requests * clients // 2)))
    wall = time.perf_counter() - t0
    ok = sum(1 for status, _ in par if status == 200)
    return {
        "requests": requests,
        "latency_ms": {
            "p50": round(statistics.median(ms), 1),
            "p95": round(ms[int(0.95 * (len(ms) - 1))], 1),
            "mean": round(statistics.fmean(ms), 1),
        },  # fmt: skip
        "errors_sequential": sum(1 for status, _ in seq if status != 200),
        "concurrent": {
            "clients": clients,
            "requests": len(par),
            "ok": ok,
            "seconds": round(wall, 2),
            "requests_per_s": round(ok / wall, 2),
        },  # fmt: skip
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m slant.serve.loadtest", description=__doc__.split("\n\n")[0])
    p.add_argument("--url", required=True, help="base URL of a running slant serve")
    p.add_argument("--article", default="examples/article.html", help="article file (.txt or .html)")
    p.add_argument("--sentences", type=int, default=40, help="cut the article after this many sentences")
    p.add_argument("--requests", type=int, default=50, help="sequential requests timed (default 50)")
    p.add_argument("--clients", type=int, default=4, help="concurrent clients (default 4)")
    p.add_argument("-o", "--output", help="also write the figures here as JSON")
    args = p.parse_args(argv)
    text, n = article_of(args.article, args.sentences)
    out = {"article": args.article, "sentences": n, **measure(args.url, text, requests=args.requests,
                                                              clients=args.clients)}  # fmt: skip
    line = json.dumps(out, indent=2)
    print(line)
    if args.output:
        Path(args.output).parent.mkdir(parents=True, exist_ok=True)
        Path(args.output).write_text(line + "\n", encoding="utf-8")
    return (
        0 if out["errors_sequential"] == 0 and out["concurrent"]["ok"] == out["concurrent"]["requests"] else 1
    )


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
