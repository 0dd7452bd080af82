"""The OpenAI-compatible proxy: a thin ASGI front (Starlette) on the router's engine.

``create_app(router)`` is an app factory: no import-time state. Errors are OpenAI's error body with
the right status; nothing internal (tracebacks, upstream bodies, keys) reaches a response.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, PlainTextResponse, Response, StreamingResponse
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from router.errors import (
    AuthenticationFailed,
    InvalidRequest,
    PayloadTooLarge,
    RouterError,
    UnprocessableRequest,
)
from router.library import Router
from router.streaming import RoutedStream
from router.transport import response_headers
from router.types import Completion, parse_request

__all__ = ["create_app"]

_OPEN_PATHS = frozenset({"/health"})


def _dumps(data: Any) -> bytes:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode("utf-8", "surrogatepass")


def error_response(exc: RouterError) -> JSONResponse:
    return JSONResponse(exc.to_body(), status_code=exc.status, headers=exc.headers())


class AuthMiddleware:
    """Checks ``Authorization: Bearer <key>`` against the configured proxy keys (constant time) and
    sets ``scope["tenant"]``: a digest of the key, never the key. With no keys configured the proxy is
    open and the tenant is a digest of whatever bearer the client sent (so cache entries stay apart)."""

    def __init__(self, app: ASGIApp, keys: list[str], tenants: dict[str, str]) -> None:
        self.app = app
        # (digest, tenant name or None); only digests of keys are kept
        self._known: list[tuple[bytes, str | None]] = [
            (hashlib.sha256(k.encode()).digest(), None) for k in keys
        ]
        self._known += [(hashlib.sha256(k.encode()).digest(), name) for name, k in tenants.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        token = ""
        for header, value in scope["headers"]:
            if header == b"authorization":
                text = value.decode("latin-1")
                token = text[7:].strip() if text[:7].lower() == "bearer " else ""
                break
        digest = hashlib.sha256(token.encode()).digest()
        name: str | None = None
        matched = False
        for known, tenant in self._known:  # every entry is compared: constant time in the key
            if hmac.compare_digest(digest, known):
                matched, name = True, tenant
        if self._known and not matched and scope["path"] not in _OPEN_PATHS:
            await error_response(AuthenticationFailed("missing or invalid API key"))(scope, receive, send)
            return
        scope["tenant"] = name or ("key:" + digest.hex()[:16] if token else "anonymous")
        await self.app(scope, receive, send)


async def _read_body(request: Request, limit: int) -> bytes:
    """The body, refused with 413 as soon as it passes ``limit`` (never read whole first)."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"request body is larger than {limit} bytes")
    chunks: list[bytes] = []
    size = 0
    try:
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise PayloadTooLarge(f"request body is larger than {limit} bytes")
            chunks.append(chunk)
    except ClientDisconnect as exc:
        raise InvalidRequest("the client closed the connection before the body was complete") from exc
    return b"".join(chunks)


def _check_content_type(request: Request) -> None:
    ctype = request.headers.get("content-type")
    if ctype is not None and "json" not in ctype.lower():
        raise InvalidRequest("Content-Type must be application/json", code="invalid_content_type")


def create_app(router: Router) -> Starlette:
    """The proxy app around ``router`` (which it binds to its event loop at start-up)."""
    settings = router.settings
    engine = router.engine
    started = time.time()

    async def chat_completions(request: Request) -> Response:
        _check_content_type(request)
        chat = parse_request(await _read_body(request, settings.server.max_body_bytes))
        tenant = request.scope.get("tenant", "anonymous")
        if chat.stream:
            routed = await engine.stream(chat, tenant=tenant)
            headers = response_headers(
                routed.request_id, routed.backend, routed.reason, routed.cache_hit, routed.degraded
            )
            headers["cache-control"] = "no-cache"
            return StreamingResponse(_sse(routed), media_type="text/event-stream", headers=headers)
        result: Completion = await engine.complete(chat, tenant=tenant)
        assert result.decision is not None
        headers = response_headers(
            result.request_id, result.backend, result.reason, result.cache_hit, result.degraded
        )
        return Response(_dumps(result.body), media_type="application/json", headers=headers)

    async def feedback(request: Request) -> Response:
        _check_content_type(request)
        raw = await _read_body(request, 64 * 1024)
        try:
            data = json.loads(raw)
        except ValueError:
            raise InvalidRequest("request body is not valid JSON", code="invalid_json") from None
        if not isinstance(data, dict) or not isinstance(data.get("request_id"), str):
            raise UnprocessableRequest("request_id (string) is required", param="request_id")
        score = data.get("score")
        if isinstance(score, bool) or not isinstance(score, int | float):
            raise UnprocessableRequest("score (number) is required", param="score")
        tenant = request.scope.get("tenant", "anonymous")
        await engine.feedback(data["request_id"], float(score), tenant=tenant)
        return JSONResponse({"object": "feedback", "request_id": data["request_id"], "score": float(score)})

    async def models(request: Request) -> Response:
        created = int(started)
        names = ["auto", settings.local.name, settings.remote.name, *settings.local.aliases]
        names += settings.remote.aliases
        data = [{"id": n, "object": "model", "created": created, "owned_by": "hybrid-router"} for n in names]
        return JSONResponse({"object": "list", "data": data})

    async def health(request: Request) -> Response:
        local_ok = engine.local.available
        body = {
            "status": "ok" if local_ok else "degraded",
            "local": {
                "available": local_ok,
                "model": getattr(engine.local, "model", ""),
                "error": _local_error(engine),
            },
            "remote": {"configured": engine.remote.available},
            "cache": getattr(engine.cache, "name", None),
            "uptime_s": round(time.time() - started, 1),
        }
        return JSONResponse(body)

    async def metrics(request: Request) -> Response:
        return PlainTextResponse(engine.metrics.render(), media_type="text/plain; version=0.0.4")

    async def on_router_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, RouterError)
        return error_response(exc)

    async def on_http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        kind = (
            "not_found"
            if exc.status_code == 404
            else "method_not_allowed"
            if exc.status_code == 405
            else None
        )
        body = {
            "error": {
                "message": str(exc.detail),
                "type": "invalid_request_error",
                "param": None,
                "code": kind,
            }
        }
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    async def on_unexpected(request: Request, exc: Exception) -> Response:
        engine.log.error("internal_error", error=type(exc).__name__, path=request.url.path)
        body = {"error": {"message": "internal error", "type": "server_error", "param": None, "code": None}}
        return JSONResponse(body, status_code=500)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        router.bind()
        await _load_local(engine)
        engine.log.info(
            "serve_started",
            local_available=engine.local.available,
            remote_configured=engine.remote.available,
            cache=getattr(engine.cache, "name", None),
        )
        try:
            yield
        finally:
            await router.aclose()

    app = Starlette(
        routes=[
            Route("/v1/chat/completions", chat_completions, methods=["POST"]),
            Route("/chat/completions", chat_completions, methods=["POST"]),
            Route("/v1/feedback", feedback, methods=["POST"]),
            Route("/v1/models", models, methods=["GET"]),
            Route("/health", health, methods=["GET"]),
            Route("/metrics", metrics, methods=["GET"]),
        ],
        exception_handlers={
            RouterError: on_router_error,
            HTTPException: on_http_error,
            Exception: on_unexpected,
        },
        lifespan=lifespan,
    )
    keys = [k.get_secret_value() for k in settings.server.api_keys]
    tenants = {name: t.api_key.get_secret_value() for name, t in settings.server.tenants.items()}
    app.add_middleware(AuthMiddleware, keys=keys, tenants=tenants)
    return app


def _local_error(engine: Any) -> str | None:
    error = getattr(engine.local, "error", None)
    return error if isinstance(error, str) else None


async def _load_local(engine: Any) -> None:
    load = getattr(engine.local, "load", None)
    if load is not None:
        await load()


async def _sse(routed: RoutedStream) -> AsyncIterator[bytes]:
    """Server-sent events: one per chunk, ``[DONE]`` at the end, an error event (and no ``[DONE]``)
    if the answer breaks off."""
    try:
        async for chunk in routed:
            yield b"data: " + _dumps(chunk) + b"\n\n"
        yield b"data: [DONE]\n\n"
    except RouterError as exc:
        yield b"data: " + _dumps(exc.to_body()) + b"\n\n"
    finally:
        await routed.aclose()
