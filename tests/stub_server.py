"""A programmable OpenAI-compatible upstream on loopback, written on raw asyncio so a test can inject
faults a framework would hide: resets, stalls, truncated or malformed bodies and streams.

Each request is answered by the next queued ``Action`` (or ``default``); ``requests`` keeps every
request body received and ``disconnects`` counts clients that went away mid-response.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import threading
from collections import deque
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Action", "StubServer", "chunk", "completion"]


def completion(content: str = "stub answer", model: str = "stub-model") -> dict[str, Any]:
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}
        ],
        "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7},
    }


def chunk(content: str | None = None, finish: str | None = None) -> dict[str, Any]:
    delta = {"content": content} if content is not None else {}
    return {
        "id": "chatcmpl-stub",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "stub-model",
        "choices": [{"index": 0, "delta": delta, "finish_reason": finish}],
    }


@dataclass
class Action:
    """How to answer one request.

    kind: ``auto`` (a correct answer, streamed if asked), ``echo`` (quotes the last message), ``json`` (status, body, headers), ``sse`` (events, then ``[DONE]`` unless ``done=False``;
    ``reset_after`` aborts the connection after that many events; ``delay`` between events),
    ``reset`` (abort before any byte), ``stall`` (say nothing for ``delay`` seconds), ``raw`` (bytes).
    """

    kind: str = "auto"
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    events: list[str] = field(default_factory=list)
    done: bool = True
    reset_after: int | None = None
    delay: float = 0.0
    raw: bytes = b""


class StubServer:
    """The stub, on its own event-loop thread."""

    def __init__(self) -> None:
        self.actions: deque[Action] = deque()
        self.default = Action("auto")
        self.requests: list[dict[str, Any]] = []
        self.disconnects = 0
        self.connections = 0
        self._loop = asyncio.new_event_loop()
        ready = threading.Event()
        self._thread = threading.Thread(target=self._run, args=(ready,), daemon=True)
        self._thread.start()
        ready.wait(10)

    def _run(self, ready: threading.Event) -> None:
        asyncio.set_event_loop(self._loop)
        self._server = self._loop.run_until_complete(asyncio.start_server(self._handle, "127.0.0.1", 0))
        self.port = self._server.sockets[0].getsockname()[1]
        ready.set()
        self._loop.run_forever()

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def queue(self, *actions: Action) -> None:
        self.actions.extend(actions)

    def reset(self) -> None:
        self.actions.clear()
        self.requests.clear()
        self.default = Action("auto")
        self.disconnects = 0

    def close(self) -> None:
        async def shutdown() -> None:
            self._server.close()
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(shutdown(), self._loop).result(5)
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _read_request(self, reader: asyncio.StreamReader) -> dict[str, Any] | None:
        head = await reader.readuntil(b"\r\n\r\n")
        lines = head.decode("latin-1").split("\r\n")
        headers = {
            k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)
        }
        body = await reader.readexactly(int(headers.get("content-length", "0")))
        try:
            data = json.loads(body) if body else {}
        except ValueError:
            data = {"_raw": body.decode("latin-1")}
        return {"path": lines[0].split(" ")[1], "headers": headers, "body": data}

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        try:
            while True:
                try:
                    request = await self._read_request(reader)
                except (asyncio.IncompleteReadError, ConnectionError):
                    return
                if request is None:
                    return
                self.requests.append(request)
                action = self.actions.popleft() if self.actions else self.default
                streaming = isinstance(request["body"], dict) and request["body"].get("stream") is True
                if action.kind == "auto":  # a well-behaved upstream: SSE for streams, JSON otherwise
                    action = STREAM_OK if streaming else Action("json", body=completion())
                elif action.kind == "echo":  # quotes the last message back, streamed if asked
                    text = "echo: " + str(request["body"]["messages"][-1].get("content", ""))
                    if streaming:
                        pieces = [json.dumps(chunk(text[i : i + 4])) for i in range(0, len(text), 4)]
                        action = Action("sse", events=[*pieces, json.dumps(chunk(None, "stop"))])
                    else:
                        action = Action("json", body=completion(text))
                keep = await self._answer(action, writer)
                if not keep:
                    return
        except asyncio.CancelledError:  # the stub is shutting down
            return
        finally:
            with contextlib.suppress(Exception):
                writer.close()

    async def _answer(self, action: Action, writer: asyncio.StreamWriter) -> bool:
        if action.kind == "reset":
            writer.transport.abort()
            return False
        if action.kind == "stall":
            await asyncio.sleep(action.delay)
            writer.transport.abort()
            return False
        if action.kind == "raw":
            writer.write(action.raw)
            await writer.drain()
            return False
        if action.kind == "json":
            payload = action.body if isinstance(action.body, bytes) else json.dumps(action.body).encode()
            head = f"HTTP/1.1 {action.status} X\r\ncontent-type: application/json\r\ncontent-length: {len(payload)}\r\n"
            head += "".join(f"{k}: {v}\r\n" for k, v in action.headers.items())
            writer.write(head.encode() + b"\r\n" + payload)
            await writer.drain()
            return True
        # sse, chunked transfer encoding
        head = f"HTTP/1.1 {action.status} X\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n"
        writer.write(head.encode())
        try:
            for i, event in enumerate(action.events):
                if action.reset_after is not None and i >= action.reset_after:
                    writer.transport.abort()
                    return False
                data = f"data: {event}\n\n".encode()
                writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
                await writer.drain()
                if action.delay:
                    await asyncio.sleep(action.delay)
            if action.done:
                data = b"data: [DONE]\n\n"
                writer.write(f"{len(data):x}\r\n".encode() + data + b"\r\n")
            writer.write(b"0\r\n\r\n")
            await writer.drain()
        except (ConnectionError, OSError):
            self.disconnects += 1
            return False
        return True


STREAM_OK = Action(
    "sse",
    events=[
        json.dumps(chunk("stub ")),
        json.dumps(chunk("answer")),
        json.dumps(chunk(None, "stop")),
        json.dumps({"id": "chatcmpl-stub", "object": "chat.completion.chunk", "model": "stub-model", "choices": [],
                    "usage": {"prompt_tokens": 5, "completion_tokens": 2, "total_tokens": 7}}),
    ],
)  # fmt: skip
