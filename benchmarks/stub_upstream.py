"""A fast OpenAI-compatible stub upstream, for benchmarks and soak tests.

    python benchmarks/stub_upstream.py --port 8081 [--delay-ms 0] [--chunks 16] [--chunk-delay-ms 0]
                                       [--fault status:503] [--fault-rate 0.1] [--seed 1]

Raw asyncio (uvloop when installed) and the httptools parser, so it answers in tens of microseconds
and is never the bottleneck of a proxy measurement. Endpoints:

- ``POST /v1/chat/completions`` (and ``/chat/completions``): a ``chat.completion``, or with
  ``"stream": true`` server-sent events: a role chunk, ``chunks`` content chunks, a finish chunk, a usage
  chunk when ``stream_options.include_usage`` is set, then ``[DONE]``.
- ``GET /v1/models``, ``GET /health``.
- ``POST /_stub/config``: a JSON object of options replaces the defaults from then on (returns them).
- ``GET /_stub/stats``: requests served, by outcome.

Options (CLI defaults < ``/_stub/config`` < per request, from a ``"stub": {...}`` field of the request
body or an ``x-stub`` header holding the same JSON):

- ``delay_ms``: wait before the answer (before the first chunk when streaming);
- ``chunks``, ``chunk_delay_ms``, ``content``: the shape of a stream (``content`` is each chunk's text);
- ``fault``: one of ``status:CODE`` (OpenAI error body with that status; 429 carries ``retry-after``),
  ``stall`` (never answers; the connection is closed after ``stall_s``), ``reset`` (closes the connection
  without answering), ``malformed`` (a body, or a stream event, that is not JSON), and for streams
  ``truncate`` (ends without ``[DONE]``), ``reset_mid`` and ``stall_mid`` (after half the chunks);
- ``fault_rate``: the share of requests that get ``fault`` (default 1 when a fault is named), drawn
  from a generator seeded by ``--seed`` so a soak run is repeatable.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import contextlib
import itertools
import json
import random
import time
from typing import Any

import httptools

DEFAULTS: dict[str, Any] = {
    "delay_ms": 0.0,
    "chunks": 16,
    "chunk_delay_ms": 0.0,
    "content": "tok ",
    "fault": None,
    "fault_rate": None,
    "stall_s": 30.0,
}
_REASONS = {200: "OK", 400: "Bad Request", 404: "Not Found", 429: "Too Many Requests"}


def _head(status: int, ctype: str, length: int | None, keep_alive: bool, extra: str = "") -> bytes:
    reason = _REASONS.get(status, "Error")
    lines = [f"HTTP/1.1 {status} {reason}", f"content-type: {ctype}"]
    lines.append(f"content-length: {length}" if length is not None else "transfer-encoding: chunked")
    if not keep_alive:
        lines.append("connection: close")
    if extra:
        lines.append(extra)
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


def _chunked(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


class Stub:
    """The stub's state: defaults, counters, the fault generator."""

    def __init__(self, options: dict[str, Any], seed: int) -> None:
        self.defaults = {**DEFAULTS, **options}
        self.stats: collections.Counter[str] = collections.Counter()
        self.random = random.Random(seed)
        self.ids = itertools.count(1)

    def options_for(self, body: dict[str, Any], headers: dict[bytes, bytes]) -> dict[str, Any]:
        options = self.defaults
        per_request = body.get("stub")
        if b"x-stub" in headers:
            try:
                per_request = json.loads(headers[b"x-stub"])
            except ValueError:
                per_request = None
        if isinstance(per_request, dict):
            options = {**options, **per_request}
        return options

    def fault_for(self, options: dict[str, Any]) -> str | None:
        fault = options.get("fault")
        if not fault:
            return None
        rate = options.get("fault_rate")
        if rate is None or self.random.random() < float(rate):
            return str(fault)
        return None


class Connection(asyncio.Protocol):
    """One client connection; requests on it are answered in order."""

    def __init__(self, stub: Stub) -> None:
        self.stub = stub
        self.transport: asyncio.Transport | None = None
        self.parser = httptools.HttpRequestParser(self)
        self.pending: collections.deque[tuple[bytes, bytes, dict[bytes, bytes], bytes, bool]] = (
            collections.deque()
        )
        self.busy = False
        self._url = b""
        self._headers: dict[bytes, bytes] = {}
        self._body: list[bytes] = []

    # -- asyncio.Protocol ----------------------------------------------------------------------
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # uvloop's is not an asyncio.Transport

    def data_received(self, data: bytes) -> None:
        try:
            self.parser.feed_data(data)
        except httptools.HttpParserError:
            self.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self.transport = None

    # -- httptools callbacks -------------------------------------------------------------------
    def on_message_begin(self) -> None:
        self._url, self._headers, self._body = b"", {}, []

    def on_url(self, url: bytes) -> None:
        self._url += url

    def on_header(self, name: bytes, value: bytes) -> None:
        self._headers[name.lower()] = value

    def on_body(self, body: bytes) -> None:
        self._body.append(body)

    def on_message_complete(self) -> None:
        request = (
            self.parser.get_method(),
            self._url.split(b"?", 1)[0],
            self._headers,
            b"".join(self._body),
            self.parser.should_keep_alive(),
        )
        self.pending.append(request)
        if not self.busy:
            self._drain()

    # -- answering -----------------------------------------------------------------------------
    def _drain(self) -> None:
        """Answer queued requests; synchronously while they are instant, else in a task."""
        while self.pending and self.transport is not None:
            request = self.pending.popleft()
            job = self.answer(*request)
            if job is not None:
                self.busy = True
                asyncio.get_running_loop().create_task(self._finish(job))
                return

    async def _finish(self, job: Any) -> None:
        try:
            await job
        finally:
            self.busy = False
            self._drain()

    def write(self, data: bytes) -> None:
        if self.transport is not None:
            self.transport.write(data)

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()
            self.transport = None

    def reset(self) -> None:
        if self.transport is not None:
            self.transport.abort()
            self.transport = None

    def send(
        self, status: int, body: bytes, keep: bool, ctype: str = "application/json", extra: str = ""
    ) -> None:
        self.write(_head(status, ctype, len(body), keep, extra) + body)
        if not keep:
            self.close()

    def answer(self, method: bytes, path: bytes, headers: dict[bytes, bytes], raw: bytes, keep: bool) -> Any:
        """Answer now and return None, or return a coroutine that answers later."""
        stub = self.stub
        if path.endswith(b"/chat/completions") and method == b"POST":
            try:
                body = json.loads(raw)
                if not isinstance(body, dict):
                    raise ValueError
            except ValueError:
                stub.stats["bad_request"] += 1
                self.send(
                    400, _error_body("request body is not a JSON object", "invalid_request_error"), keep
                )
                return None
            return self.chat(body, stub.options_for(body, headers), keep)
        if path.endswith(b"/models") and method == b"GET":
            data = {"object": "list", "data": [{"id": "stub", "object": "model", "owned_by": "stub"}]}
            self.send(200, json.dumps(data).encode(), keep)
            return None
        if path == b"/health":
            self.send(200, b'{"status":"ok"}', keep)
            return None
        if path == b"/_stub/config" and method == b"POST":
            try:
                stub.defaults = {**DEFAULTS, **json.loads(raw or b"{}")}
            except (ValueError, TypeError):
                self.send(400, _error_body("config must be a JSON object", "invalid_request_error"), keep)
                return None
            self.send(200, json.dumps(stub.defaults).encode(), keep)
            return None
        if path == b"/_stub/stats":
            self.send(200, json.dumps(dict(stub.stats)).encode(), keep)
            return None
        self.send(404, _error_body("not found", "invalid_request_error"), keep)
        return None

    def chat(self, body: dict[str, Any], options: dict[str, Any], keep: bool) -> Any:
        stub = self.stub
        fault = stub.fault_for(options)
        stream = bool(body.get("stream"))
        stub.stats[f"fault:{fault}" if fault else ("stream" if stream else "ok")] += 1
        delay = float(options.get("delay_ms") or 0) / 1000
        if delay <= 0 and fault != "stall" and not stream:
            self._chat_now(body, options, fault, keep)
            return None
        return self._chat_later(body, options, fault, stream, keep, delay)

    async def _chat_later(
        self,
        body: dict[str, Any],
        options: dict[str, Any],
        fault: str | None,
        stream: bool,
        keep: bool,
        delay: float,
    ) -> None:
        if delay > 0:
            await asyncio.sleep(delay)
        if fault == "stall":
            await asyncio.sleep(float(options["stall_s"]))
            self.close()
            return
        if stream and not (fault and fault.startswith("status:")) and fault != "reset":
            await self._stream(body, options, fault, keep)
        else:
            self._chat_now(body, options, fault, keep)

    def _chat_now(self, body: dict[str, Any], options: dict[str, Any], fault: str | None, keep: bool) -> None:
        if fault == "reset":
            self.reset()
            return
        if fault and fault.startswith("status:"):
            status = int(fault.split(":", 1)[1])
            extra = "retry-after: 1" if status == 429 else ""
            self.send(status, _error_body(f"stub fault {status}", "server_error"), keep, extra=extra)
            return
        if fault == "malformed":
            self.send(200, b'{"id": "chatcmpl-stub", "choices": [', keep)
            return
        model = str(body.get("model") or "stub")
        content = str(options["content"]).strip() or "ok"
        prompt_tokens = len(json.dumps(body.get("messages", ""))) // 4
        data = {
            "id": f"chatcmpl-stub{next(self.stub.ids)}",
            "object": "chat.completion",
            "created": int(time.time()),
            "model": model,
            "choices": [
                {
                    "index": 0,
                    "message": {"role": "assistant", "content": content},
                    "finish_reason": "stop",
                    "logprobs": None,
                }
            ],
            "usage": {
                "prompt_tokens": prompt_tokens,
                "completion_tokens": 1,
                "total_tokens": prompt_tokens + 1,
            },
        }
        self.send(200, json.dumps(data, separators=(",", ":")).encode(), keep)

    async def _stream(
        self, body: dict[str, Any], options: dict[str, Any], fault: str | None, keep: bool
    ) -> None:
        n = int(options["chunks"])
        gap = float(options.get("chunk_delay_ms") or 0) / 1000
        model = str(body.get("model") or "stub")
        base = {"id": f"chatcmpl-stub{next(self.stub.ids)}", "object": "chat.completion.chunk"}
        base |= {"created": int(time.time()), "model": model}

        def event(choices: list[dict[str, Any]], **more: Any) -> bytes:
            data = json.dumps({**base, "choices": choices, **more}, separators=(",", ":")).encode()
            return _chunked(b"data: " + data + b"\n\n")

        def delta(d: dict[str, Any], finish: str | None = None) -> dict[str, Any]:
            return {"index": 0, "delta": d, "finish_reason": finish, "logprobs": None}

        out = [
            _head(200, "text/event-stream", None, keep),
            event([delta({"role": "assistant", "content": ""})]),
        ]
        for i in range(n):
            if fault in ("reset_mid", "stall_mid", "malformed") and i == n // 2:
                self.write(b"".join(out))
                if fault == "reset_mid":
                    self.reset()
                elif fault == "stall_mid":
                    await asyncio.sleep(float(options["stall_s"]))
                    self.close()
                else:
                    self.write(_chunked(b"data: {not json\n\n") + b"0\r\n\r\n")
                    if not keep:
                        self.close()
                return
            out.append(event([delta({"content": options["content"]})]))
            if gap > 0:
                self.write(b"".join(out))
                out.clear()
                await asyncio.sleep(gap)
        out.append(event([delta({}, "stop")]))
        if (body.get("stream_options") or {}).get("include_usage"):
            p = len(json.dumps(body.get("messages", ""))) // 4
            out.append(event([], usage={"prompt_tokens": p, "completion_tokens": n, "total_tokens": p + n}))
        if fault != "truncate":
            out.append(_chunked(b"data: [DONE]\n\n"))
        out.append(b"0\r\n\r\n")
        self.write(b"".join(out))
        if not keep:
            self.close()


def _error_body(message: str, kind: str) -> bytes:
    return json.dumps({"error": {"message": message, "type": kind, "param": None, "code": None}}).encode()


async def serve(host: str, port: int, stub: Stub) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: Connection(stub), host, port, backlog=1024)
    print(f"stub listening on http://{host}:{port}/v1", flush=True)
    async with server:
        await server.serve_forever()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--chunks", type=int, default=16)
    parser.add_argument("--chunk-delay-ms", type=float, default=0.0)
    parser.add_argument("--content", default="tok ")
    parser.add_argument(
        "--fault", help="status:CODE, stall, reset, malformed, truncate, reset_mid, stall_mid"
    )
    parser.add_argument("--fault-rate", type=float, help="share of requests that get the fault (default all)")
    parser.add_argument("--stall-s", type=float, default=30.0)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    options = {
        "delay_ms": args.delay_ms,
        "chunks": args.chunks,
        "chunk_delay_ms": args.chunk_delay_ms,
        "content": args.content,
        "fault": args.fault,
        "fault_rate": args.fault_rate,
        "stall_s": args.stall_s,
    }
    with contextlib.suppress(KeyboardInterrupt):
        run_loop(serve(args.host, args.port, Stub(options, args.seed)))


def run_loop(main: Any) -> Any:
    """``uvloop.run`` when uvloop is installed (as uvicorn[standard] brings it), else ``asyncio.run``."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run(main)
    return uvloop.run(main)


if __name__ == "__main__":
    main()
