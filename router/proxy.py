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
from collections.abc import AsyncIterator, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Receive, Scope, Send

from router.chat_endpoint import CHAT_PATHS, ChatEndpoint, check_json_content_type, read_body, send_error
from router.errors import (
    AuthenticationFailed,
    InvalidRequest,
    RouterError,
    UnprocessableRequest,
)
from router.library import Router

__all__ = ["create_app"]

_OPEN_PATHS = frozenset({"/health"})
_SERVED = "POST /v1/chat/completions, GET /v1/models, POST /v1/feedback, GET /health and GET /metrics"


def error_response(exc: RouterError) -> JSONResponse:
    return JSONResponse(exc.to_body(), status_code=exc.status, headers=exc.headers())


class MethodNotAllowed(RouterError):
    status = 405
    type = "invalid_request_error"
    default_code = "method_not_allowed"


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


def create_app(router: Router, *, on_ready: Callable[[], None] | None = None) -> ASGIApp:
    """The proxy app around ``router`` (which it binds to its event loop at start-up); ``on_ready`` runs
    once start-up is done (the local model loaded), before the first request is served."""
    settings = router.settings
    engine = router.engine
    started = time.time()

    async def feedback(request: Request) -> Response:
        headers = dict(request.scope["headers"])  # raw, as the chat endpoint reads them
        check_json_content_type(headers.get(b"content-type"))
        raw = await read_body(request.receive, headers.get(b"content-length"), 64 * 1024)
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
        message = str(exc.detail)
        if exc.status_code == 404:  # say what is served (an embeddings or Responses API client lands here)
            path = request.url.path[:200]
            message = f"Invalid URL ({request.method} {path}): hybrid-router serves {_SERVED}"
        body = {
            "error": {
                "message": message,
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
        if on_ready is not None:
            on_ready()
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
    chat = ChatEndpoint(
        engine,
        settings.server.max_body_bytes,
        lambda exc: engine.log.error("internal_error", error=type(exc).__name__, path="/v1/chat/completions"),
    )
    return AuthMiddleware(_Dispatch(chat, app), keys=keys, tenants=tenants)


class _Dispatch:
    """Chat completions go straight to their ASGI endpoint; everything else to the Starlette app
    (whose lifespan is the proxy's)."""

    def __init__(self, chat: ChatEndpoint, app: Starlette) -> None:
        self.chat = chat
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in CHAT_PATHS:
            if scope["method"] == "POST":
                await self.chat(scope, receive, send)  # type: ignore[arg-type]
            else:
                await send_error(send, MethodNotAllowed("use POST for chat completions"))
            return
        await self.app(scope, receive, send)


def _local_error(engine: Any) -> str | None:
    error = getattr(engine.local, "error", None)
    return error if isinstance(error, str) else None


async def _load_local(engine: Any) -> None:
    load = getattr(engine.local, "load", None)
    if load is not None:
        await load()
