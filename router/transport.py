"""Routing existing OpenAI SDK code: an httpx transport that answers chat completions through the
router and passes every other request through untouched.

Works with ``httpx`` and with ``httpx2`` (which newer ``openai`` releases use): the transport classes
are made for whichever module the client comes from. Remote calls go to the request's own base URL
with the request's own credentials; local answers are produced in process.
"""

from __future__ import annotations

import hashlib
import importlib
import json
from collections.abc import AsyncIterator, Iterator, Mapping
from typing import TYPE_CHECKING, Any

import httpx

from router.backends.remote import RemoteBackend, Upstream, environment_proxy
from router.core import Engine
from router.errors import RouterError
from router.streaming import RoutedStream
from router.types import ChatRequest, Completion, parse_request

if TYPE_CHECKING:
    from router.library import Router

__all__ = ["close_remotes", "make_http_client", "response_headers", "wrap_openai_client"]

_FORWARDED_HEADERS = ("authorization", "api-key", "openai-organization", "openai-project")
_CHAT_SUFFIX = "/chat/completions"
_classes: dict[str, tuple[type, type]] = {}


def response_headers(
    request_id: str, route: str, reason: str, cache_hit: bool, degraded: bool
) -> dict[str, str]:
    """The ``x-router-*`` headers of a routed answer."""
    headers = {
        "x-router-request-id": request_id,
        "x-router-route": route,
        "x-router-reason": reason,
        "x-router-cache": "hit" if cache_hit else "miss",
    }
    if degraded:
        headers["x-router-degraded"] = "true"
    return headers


def _result_headers(result: Completion | RoutedStream) -> dict[str, str]:
    return response_headers(
        result.request_id, result.backend, result.reason, result.cache_hit, result.degraded
    )


class _Upstreams:
    """Engines that send remote calls to one base URL with one set of credentials, made on demand."""

    def __init__(self, router: Router) -> None:
        self.router = router
        self.engines: dict[str, Engine] = {}

    def engine_for(self, url: Any, headers: Mapping[str, str]) -> Engine:
        path = url.path
        base = f"{url.scheme}://{url.netloc.decode('ascii')}{path[: len(path) - len(_CHAT_SUFFIX)]}"
        forwarded = {k: headers[k] for k in _FORWARDED_HEADERS if k in headers}
        key = hashlib.sha256(json.dumps([base, sorted(forwarded.items())]).encode()).hexdigest()
        engine = self.engines.get(key)
        if engine is None:
            settings = self.router.settings.remote
            upstream = Upstream(
                base,
                transport=httpx.AsyncHTTPTransport(proxy=environment_proxy(base)),
                headers=forwarded,
                timeout=httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s),
            )
            from router.library import retry_policy

            retry = retry_policy(self.router.settings)
            remote = RemoteBackend(
                upstream, model=settings.model, name=settings.name, passthrough=True, retry=retry
            )
            engine = self.engines[key] = self.router.engine.with_remote(remote)
        return engine


def _is_chat(request: Any) -> bool:
    return bool(request.method == "POST" and request.url.path.endswith(_CHAT_SUFFIX))


def _error_response(http: Any, exc: RouterError, request: Any) -> Any:
    return http.Response(exc.status, json=exc.to_body(), headers=exc.headers(), request=request)


def _sse(chunk: Mapping[str, Any]) -> bytes:
    return b"data: " + json.dumps(chunk, separators=(",", ":")).encode() + b"\n\n"


def _error_event(exc: RouterError) -> bytes:
    return b"data: " + json.dumps(exc.to_body(), separators=(",", ":")).encode() + b"\n\n"


async def _sse_stream(routed: RoutedStream) -> AsyncIterator[bytes]:
    try:
        async for chunk in routed:
            yield _sse(chunk)
        yield b"data: [DONE]\n\n"
    except RouterError as exc:
        yield _error_event(exc)  # no [DONE]: the client must see the answer is incomplete
    finally:
        await routed.aclose()


def _transport_classes(http: Any) -> tuple[type, type]:
    """Sync and async transport classes subclassing ``http``'s base transports."""
    found = _classes.get(http.__name__)
    if found is not None:
        return found

    class RouterTransport(http.BaseTransport):  # type: ignore[misc]
        def __init__(self, router: Router, upstream: Any) -> None:
            self._upstreams = _Upstreams(router)
            self._router = router
            self._upstream = upstream

        def handle_request(self, request: Any) -> Any:
            if not _is_chat(request):
                return self._upstream.handle_request(request)
            try:
                chat = parse_request(request.read())
                engine = self._upstreams.engine_for(request.url, request.headers)
                result = self._router._call(_run(engine, chat))
            except RouterError as exc:
                return _error_response(http, exc, request)
            return _to_response(http, self._router, result, request)

        def close(self) -> None:
            self._upstream.close()

    class AsyncRouterTransport(http.AsyncBaseTransport):  # type: ignore[misc]
        def __init__(self, router: Router, upstream: Any) -> None:
            self._upstreams = _Upstreams(router)
            self._router = router
            self._upstream = upstream

        async def handle_async_request(self, request: Any) -> Any:
            if not _is_chat(request):
                return await self._upstream.handle_async_request(request)
            try:
                chat = parse_request(await request.aread())
                engine = self._upstreams.engine_for(request.url, request.headers)
                result = await self._router._run(_run(engine, chat))
            except RouterError as exc:
                return _error_response(http, exc, request)
            return _to_async_response(http, self._router, result, request)

        async def aclose(self) -> None:
            await self._upstream.aclose()

    _classes[http.__name__] = (RouterTransport, AsyncRouterTransport)
    return RouterTransport, AsyncRouterTransport


async def _run(engine: Engine, chat: ChatRequest) -> Completion | RoutedStream:
    if chat.stream:
        return await engine.stream(chat, any_model_is_remote=True)
    return await engine.complete(chat, any_model_is_remote=True)


def _to_response(http: Any, router: Router, result: Completion | RoutedStream, request: Any) -> Any:
    headers = _result_headers(result)
    if isinstance(result, Completion):
        return http.Response(200, json=dict(result.body), headers=headers, request=request)
    from router.library import _iterate

    body: Iterator[bytes] = _iterate(router.loop, _sse_stream(result))
    headers["content-type"] = "text/event-stream"
    return http.Response(200, content=body, headers=headers, request=request)


def _to_async_response(http: Any, router: Router, result: Completion | RoutedStream, request: Any) -> Any:
    headers = _result_headers(result)
    if isinstance(result, Completion):
        return http.Response(200, json=dict(result.body), headers=headers, request=request)
    from router.library import _aiterate

    stream = _sse_stream(result)
    body = stream if router._on_home_loop() else _aiterate(router.loop, stream)
    headers["content-type"] = "text/event-stream"
    return http.Response(200, content=body, headers=headers, request=request)


def make_http_client(router: Router, *, http: Any = None, asynchronous: bool = False, **kwargs: Any) -> Any:
    """An ``http.Client`` (or ``AsyncClient``) whose transport routes chat completions."""
    http = http or httpx
    sync_cls, async_cls = _transport_classes(http)
    if asynchronous:
        transport = async_cls(router, http.AsyncHTTPTransport())
        return http.AsyncClient(transport=transport, **kwargs)
    return http.Client(transport=sync_cls(router, http.HTTPTransport()), **kwargs)


def wrap_openai_client(router: Router, client: Any) -> Any:
    """A copy of an OpenAI SDK client (sync or async, httpx or httpx2 based) that is routed."""
    inner = getattr(client, "_client", None)
    if inner is None or not hasattr(client, "with_options"):
        raise TypeError("wrap() expects an openai.OpenAI or openai.AsyncOpenAI client")
    roots = [cls.__module__.split(".")[0] for cls in type(inner).__mro__]
    root = next((r for r in roots if r in ("httpx", "httpx2")), None)
    if root is None:
        raise TypeError("wrap() supports OpenAI clients built on httpx or httpx2")
    http = importlib.import_module(root)
    asynchronous = isinstance(inner, http.AsyncClient)
    http_client = router.httpx_client(http=http, asynchronous=asynchronous, timeout=inner.timeout)
    return client.with_options(http_client=http_client)


async def close_remotes(router: Router) -> None:
    """Close the connection pools the transports opened (on the router's loop)."""
    for client in router._transports:
        transport = getattr(client, "_transport", None)
        upstreams = getattr(transport, "_upstreams", None)
        if upstreams is not None:
            for engine in upstreams.engines.values():
                await engine.remote.aclose()
            upstreams.engines.clear()
