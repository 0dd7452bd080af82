"""A small closed-loop HTTP/1.1 load generator: raw asyncio (uvloop) and the httptools parser.

    python benchmarks/loadgen.py http://127.0.0.1:8080/v1/chat/completions --concurrency 32 --duration 5
    python benchmarks/loadgen.py --worker      # JSON specs on stdin, one JSON result per line on stdout

Each of ``concurrency`` workers holds one keep-alive connection and sends the same request again as soon
as the answer is complete. A raw client costs a few tens of microseconds per request, far less than
httpx, so the client is not what a proxy measurement measures (``run.py`` reports its floor: the same
burst straight against the stub). Streams are timed per server-sent event: time to the first event,
time to the last content event, and the number of events that carry ``choices``.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import random
import re
import statistics
import string
import sys
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httptools

_USAGE_ONLY = re.compile(rb'"choices":\s*\[\]')


@dataclass
class Answer:
    """What one request got."""

    status: int = 0
    start: float = 0.0
    end: float = 0.0
    first_event: float = 0.0
    last_event: float = 0.0
    events: int = 0  # stream events with choices
    done: bool = False  # saw data: [DONE]
    error: str = ""
    body: bytearray = field(default_factory=bytearray)


class Connection(asyncio.Protocol):
    """One keep-alive client connection that sends one request at a time."""

    def __init__(self) -> None:
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpResponseParser(self)
        self.answer: Answer | None = None
        self.waiter: asyncio.Future[Answer] | None = None
        self.keep_alive = True
        self._sse = bytearray()
        self._stream = False

    @classmethod
    async def open(cls, host: str, port: int) -> Connection:
        loop = asyncio.get_running_loop()
        _, conn = await loop.create_connection(cls, host, port)
        return conn

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not an asyncio.Transport

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None
        self._fail(f"connection lost: {type(exc).__name__ if exc else 'closed by server'}")

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError as exc:
            self._fail(f"bad response: {exc}")
            if self.transport is not None:
                self.transport.close()

    def _fail(self, error: str) -> None:
        if self.waiter is not None and not self.waiter.done() and self.answer is not None:
            self.answer.error = error
            self.answer.end = time.perf_counter()
            self.waiter.set_result(self.answer)

    # -- httptools callbacks -------------------------------------------------------------------
    def on_headers_complete(self) -> None:
        assert self.answer is not None
        self.answer.status = self.parser.get_status_code()
        self.keep_alive = self.parser.should_keep_alive()

    def on_body(self, body: bytes) -> None:
        answer = self.answer
        assert answer is not None
        if not self._stream:
            answer.body += body
            return
        now = time.perf_counter()
        self._sse += body
        while (cut := self._sse.find(b"\n\n")) >= 0:
            event = bytes(self._sse[:cut])
            del self._sse[: cut + 2]
            if not event.startswith(b"data:"):
                continue
            if event[5:].strip() == b"[DONE]":
                answer.done = True
            elif not _USAGE_ONLY.search(event):
                if not answer.events:
                    answer.first_event = now
                answer.last_event = now
                answer.events += 1

    def on_message_complete(self) -> None:
        if self.answer is not None and self.waiter is not None and not self.waiter.done():
            self.answer.end = time.perf_counter()
            self.waiter.set_result(self.answer)

    # -- use -----------------------------------------------------------------------------------
    async def request(self, raw: bytes, stream: bool, timeout_s: float) -> Answer:
        assert self.transport is not None
        self._stream = stream
        self._sse.clear()
        self.answer = Answer(start=time.perf_counter())
        self.waiter = asyncio.get_running_loop().create_future()
        self.transport.write(raw)
        try:
            return await asyncio.wait_for(self.waiter, timeout_s)
        except TimeoutError:
            self.answer.error = "timeout"
            self.answer.end = time.perf_counter()
            self.close()
            return self.answer

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
            self.transport = None


def build_request(url: str, body: bytes, headers: dict[str, str] | None = None) -> tuple[str, int, bytes]:
    parts = urlsplit(url)
    host, port = parts.hostname or "127.0.0.1", parts.port or 80
    lines = [
        f"POST {parts.path or '/'} HTTP/1.1",
        f"host: {host}:{port}",
        "content-type: application/json",
        f"content-length: {len(body)}",
        *(f"{k}: {v}" for k, v in (headers or {}).items()),
    ]
    return host, port, ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def _ok(answer: Answer, stream: bool) -> bool:
    if answer.error or answer.status != 200:
        return False
    return answer.done if stream else bool(answer.body)


_PROCESS_TAG = "".join(random.choice(string.ascii_lowercase) for _ in range(3))
_TAGS = itertools.count()


def unique_tag(width: int) -> bytes:
    """Lower-case letters, different on every call in every process (a hex or digit tag could look like
    a key or a number to the sensitivity detector)."""
    n, letters = next(_TAGS), []
    for _ in range(width - len(_PROCESS_TAG)):
        n, digit = divmod(n, 26)
        letters.append(string.ascii_lowercase[digit])
    return (_PROCESS_TAG + "".join(letters))[:width].encode()


async def burst(spec: dict[str, Any]) -> dict[str, Any]:
    """Run one closed-loop burst. Spec keys: url, body (JSON object), headers, concurrency, duration_s,
    max_requests, warmup (requests per connection before timing), stream, timeout_s, unique (a marker
    in the body that every request replaces with a tag of its own, so that no two prompts are equal),
    pause_ms (an idle pause before each timed request, not counted in its latency)."""
    body = json.dumps(spec["body"]).encode()
    host, port, raw = build_request(spec["url"], body, spec.get("headers"))
    marker = str(spec.get("unique") or "").encode()
    if marker and marker not in body:
        raise ValueError(f"the marker {marker!r} is not in the body")

    def next_request() -> bytes:
        return raw.replace(marker, unique_tag(len(marker)), 1) if marker else raw

    concurrency = int(spec.get("concurrency", 1))
    duration = float(spec.get("duration_s", 1.0))
    limit = int(spec.get("max_requests", 1_000_000))
    warmup = int(spec.get("warmup", 2))
    stream = bool(spec.get("stream", False))
    timeout = float(spec.get("timeout_s", 30.0))
    pause = float(spec.get("pause_ms", 0.0)) / 1000

    answers: list[Answer] = []
    issued = 0

    async def connect() -> Connection | None:
        try:
            return await Connection.open(host, port)
        except OSError:
            return None

    async def warm(conn: Connection | None) -> Connection | None:
        for _ in range(warmup):
            if conn is None or conn.transport is None or not conn.keep_alive:
                conn = await connect()
                if conn is None:
                    return None
            await conn.request(next_request(), stream, timeout)
        return conn

    conns = await asyncio.gather(*(warm(None) for _ in range(concurrency)))
    start = time.perf_counter()
    stop_at = start + duration

    async def worker(conn: Connection | None) -> None:
        nonlocal issued
        while issued < limit and time.perf_counter() < stop_at:
            issued += 1
            if conn is None or conn.transport is None or not conn.keep_alive:
                if conn is not None:
                    conn.close()
                conn = await connect()
                if conn is None:
                    answers.append(Answer(error="connect failed", start=time.perf_counter()))
                    await asyncio.sleep(0.01)
                    continue
            if pause > 0:
                await asyncio.sleep(pause)
            answers.append(await conn.request(next_request(), stream, timeout))
        if conn is not None:
            conn.close()

    await asyncio.gather(*(worker(c) for c in conns))
    elapsed = max((a.end for a in answers), default=start) - start
    good = [a for a in answers if _ok(a, stream)]
    errors: dict[str, int] = {}
    for a in answers:
        if not _ok(a, stream):
            key = a.error or (f"status {a.status}" if a.status != 200 else "incomplete")
            errors[key] = errors.get(key, 0) + 1
    result: dict[str, Any] = {
        "requests": len(answers),
        "ok": len(good),
        "errors": errors,
        "elapsed_s": elapsed,
        "rps": len(good) / elapsed if elapsed > 0 else 0.0,
        "latency_ms": [round((a.end - a.start) * 1000, 4) for a in good],
    }
    if stream:
        result["ttft_ms"] = [round((a.first_event - a.start) * 1000, 4) for a in good]
        result["span_ms"] = [round((a.last_event - a.first_event) * 1000, 4) for a in good]
        result["events"] = [a.events for a in good]
    return result


async def _worker_loop() -> None:
    loop = asyncio.get_running_loop()
    while line := await loop.run_in_executor(None, sys.stdin.readline):
        spec = json.loads(line)
        try:
            result = await burst(spec)
        except Exception as exc:  # report, keep serving: the orchestrator decides
            result = {"fatal": f"{type(exc).__name__}: {exc}"}
        sys.stdout.write(json.dumps(result) + "\n")
        sys.stdout.flush()


def run_loop(main: Any) -> Any:
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("url", nargs="?", help="e.g. http://127.0.0.1:8080/v1/chat/completions")
    parser.add_argument("--worker", action="store_true", help="serve JSON specs from stdin")
    parser.add_argument("--concurrency", type=int, default=1)
    parser.add_argument("--duration", type=float, default=5.0, help="seconds")
    parser.add_argument("--max-requests", type=int, default=1_000_000)
    parser.add_argument("--model", default="remote")
    parser.add_argument("--stream", action="store_true")
    parser.add_argument("--body", help="the request body as JSON (default: a one-line chat request)")
    args = parser.parse_args()
    if args.worker:
        run_loop(_worker_loop())
        return
    if not args.url:
        parser.error("give a URL or --worker")
    body = (
        json.loads(args.body)
        if args.body
        else {
            "model": args.model,
            "messages": [{"role": "user", "content": "Say hello."}],
            "stream": args.stream,
        }
    )
    spec = {
        "url": args.url,
        "body": body,
        "concurrency": args.concurrency,
        "duration_s": args.duration,
        "max_requests": args.max_requests,
        "stream": args.stream,
    }
    result = run_loop(burst(spec))
    lat = sorted(result.pop("latency_ms"))
    for key in ("ttft_ms", "span_ms", "events"):
        result.pop(key, None)
    if lat:
        result["p50_ms"] = statistics.median(lat)
        result["p99_ms"] = lat[min(len(lat) - 1, int(0.99 * len(lat)))]
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
