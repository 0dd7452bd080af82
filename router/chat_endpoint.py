"""``POST /v1/chat/completions`` as a plain ASGI app: the proxy's hot path, without a framework's
request and response objects in between.

Streaming: server-sent events as chunks arrive, ``[DONE]`` at the end, an error event (and no
``[DONE]``) if the answer breaks off. A watcher reads ``http.disconnect`` so a client that leaves stops
the stream (and with it local generation or the upstream connection) at the next chunk.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Callable
from typing import Any

from router.core import Engine
from router.errors import InvalidRequest, PayloadTooLarge, RouterError
from router.streaming import RoutedStream
from router.transport import response_headers
from router.types import parse_request

__all__ = ["CHAT_PATHS", "ChatEndpoint", "check_json_content_type", "read_body", "send_error"]

CHAT_PATHS = frozenset({"/v1/chat/completions", "/chat/completions"})
Send = Callable[[dict[str, Any]], Any]
Receive = Callable[[], Any]


def _dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")


def _raw(headers: dict[str, str], content_type: bytes) -> list[tuple[bytes, bytes]]:
    return [(b"content-type", content_type), *((k.encode(), v.encode("latin-1")) for k, v in headers.items())]


async def send_error(send: Send, exc: RouterError) -> None:
    """OpenAI's error body with the error's status and headers."""
    body = _dumps(exc.to_body())
    headers = _raw(exc.headers(), b"application/json")
    headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": exc.status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def check_json_content_type(content_type: bytes | None) -> None:
    """400 unless the body is declared JSON (or its type is not declared at all)."""
    if content_type is not None and b"json" not in content_type.lower():
        raise InvalidRequest("Content-Type must be application/json", code="invalid_content_type")


async def read_body(receive: Receive, declared: bytes | None, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it passes ``limit`` (never read whole first)."""
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"request body is larger than {limit} bytes")
    parts: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            raise InvalidRequest("the client closed the connection before the body was complete")
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"request body is larger than {limit} bytes")
        parts.append(chunk)
        if not message.get("more_body", False):
            return b"".join(parts)


class ChatEndpoint:
    """The chat-completions route: validate, run the engine, answer (JSON or SSE)."""

    def __init__(
        self, engine: Engine, max_body_bytes: int, on_internal_error: Callable[[BaseException], None]
    ):
        self.engine = engine
        self.max_body_bytes = max_body_bytes
        self.on_internal_error = on_internal_error

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        started = False

        async def tracked_send(message: dict[str, Any]) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self._handle(scope, receive, tracked_send)
        except RouterError as exc:
            if not started:
                await send_error(send, exc)
        except Exception as exc:  # a bug: logged without detail for the client, never a traceback
            self.on_internal_error(exc)
            if not started:
                await send_error(send, _Internal("internal error"))

    async def _handle(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        content_type = declared = None
        for name, value in scope["headers"]:
            if name == b"content-type":
                content_type = value
            elif name == b"content-length":
                declared = value
        check_json_content_type(content_type)
        chat = parse_request(await read_body(receive, declared, self.max_body_bytes))
        tenant = scope.get("tenant", "anonymous")
        if not chat.stream:
            result = await self.engine.complete(chat, tenant=tenant)
            body = _dumps(result.body)
            headers = response_headers(
                result.request_id, result.backend, result.reason, result.cache_hit, result.degraded
            )
            raw = _raw(headers, b"application/json")
            raw.append((b"content-length", str(len(body)).encode()))
            await send({"type": "http.response.start", "status": 200, "headers": raw})
            await send({"type": "http.response.body", "body": body})
            return
        routed = await self.engine.stream(chat, tenant=tenant)
        await self._stream(routed, receive, send)

    async def _stream(self, routed: RoutedStream, receive: Receive, send: Send) -> None:
        headers = response_headers(
            routed.request_id, routed.backend, routed.reason, routed.cache_hit, routed.degraded
        )
        headers["cache-control"] = "no-cache"
        gone = asyncio.Event()

        async def watch() -> None:
            while (await receive())["type"] != "http.disconnect":
                pass
            gone.set()

        watcher = asyncio.get_running_loop().create_task(watch())
        try:
            await send(
                {"type": "http.response.start", "status": 200, "headers": _raw(headers, b"text/event-stream")}
            )
            try:
                async for chunk in routed:
                    if gone.is_set():
                        return  # the client left: closing the stream stops generation upstream
                    await send(
                        {
                            "type": "http.response.body",
                            "body": b"data: " + _dumps(chunk) + b"\n\n",
                            "more_body": True,
                        }
                    )
                tail = b"data: [DONE]\n\n"
            except RouterError as exc:  # broke off after headers: an error event, and no [DONE]
                tail = b"data: " + _dumps(exc.to_body()) + b"\n\n"
            await send({"type": "http.response.body", "body": tail, "more_body": False})
        finally:
            watcher.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await watcher
            await routed.aclose()


class _Internal(RouterError):
    status = 500
    type = "server_error"
