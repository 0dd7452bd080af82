"""The remote backend: any OpenAI-compatible ``/chat/completions`` through one pooled httpx transport."""

from __future__ import annotations

import asyncio
import email.utils
import json
import random
import time
import urllib.parse
import urllib.request
from collections.abc import AsyncIterator, Awaitable, Callable, Mapping
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from typing import Any, TypeVar

import aiohttp
import httpx
from httpx_aiohttp import AiohttpTransport

from router.backends.base import chunk_usage
from router.config import RemoteSettings
from router.errors import (
    BackendUnavailable,
    InvalidRequest,
    RateLimited,
    RouterError,
    UpstreamError,
    UpstreamTimeout,
)
from router.types import ChatRequest, Completion, Usage

__all__ = [
    "RemoteBackend",
    "RetryPolicy",
    "Upstream",
    "environment_proxy",
    "make_upstream",
    "retry_after_seconds",
]

T = TypeVar("T")

_EXCERPT = 300


def _agent() -> str:
    try:
        return f"hybrid-router/{version('hybrid-router')}"
    except PackageNotFoundError:  # a source checkout that is not installed
        return "hybrid-router"


_AGENT = _agent()


class Upstream:
    """Where remote calls go: the ``chat/completions`` URL, the headers every call carries, the timeouts,
    and the httpx transport that sends them.

    Calls go straight to the transport, with the request built here once per call: the client layer
    above it (URL merging, cookies, redirects, auth flows) does nothing a proxy needs, and cost more
    CPU per call than the transport itself (0.3 ms of 0.65 ms here, benchmarks/README.md). No cookie an
    upstream sets is kept and sent on with another tenant's request: not by a client layer, nor by the
    pool (``make_upstream`` gives aiohttp's session no cookie jar).
    """

    def __init__(
        self,
        base_url: str,
        *,
        transport: httpx.AsyncBaseTransport,
        headers: Mapping[str, str] | None = None,
        timeout: httpx.Timeout | None = None,
    ) -> None:
        base = httpx.URL(base_url)
        self.url = base.copy_with(path=base.path.rstrip("/") + "/chat/completions")
        defaults = {"accept": "application/json", "accept-encoding": "gzip, deflate", "user-agent": _AGENT}
        merged = {**defaults, **{k.lower(): v for k, v in (headers or {}).items()}}
        self._headers = [(k.encode("ascii"), v.encode("latin-1")) for k, v in merged.items()]
        self._extensions = {"timeout": (timeout or httpx.Timeout(60.0)).as_dict()}
        self.transport = transport

    def request(self, body: dict[str, Any]) -> httpx.Request:
        """A POST of ``body`` as JSON, with this upstream's headers and timeouts."""
        content = json.dumps(body, separators=(",", ":"), ensure_ascii=False).encode()
        headers = [*self._headers, (b"content-type", b"application/json")]
        return httpx.Request("POST", self.url, headers=headers, content=content, extensions=self._extensions)

    async def send(self, body: dict[str, Any]) -> httpx.Response:
        """Send ``body``; the response's body is not read yet (``aread`` or ``aiter_lines`` it)."""
        return await self.transport.handle_async_request(self.request(body))

    async def aclose(self) -> None:
        await self.transport.aclose()


def make_upstream(settings: RemoteSettings) -> Upstream:
    """The configured upstream over one keep-alive pool (aiohttp's, under httpx's API), with its
    timeouts, key, and the proxy the environment names for it (``HTTPS_PROXY``, ``NO_PROXY``, ...)."""
    if not settings.base_url:
        raise BackendUnavailable("no remote model is configured (set remote.base_url)")
    headers = {}
    if settings.api_key is not None:
        headers["authorization"] = f"Bearer {settings.api_key.get_secret_value()}"
    limits = httpx.Limits(
        max_connections=settings.max_connections, max_keepalive_connections=settings.max_connections
    )
    proxy = environment_proxy(settings.base_url)
    transport = AiohttpTransport(
        limits=limits, proxy=httpx.Proxy(proxy) if proxy else None, client=_cookieless_pool(limits)
    )
    timeout = httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s)
    return Upstream(settings.base_url, transport=transport, headers=headers, timeout=timeout)


def _cookieless_pool(limits: httpx.Limits) -> Callable[[], aiohttp.ClientSession]:
    """The keep-alive pool as ``AiohttpTransport`` builds it (its limits, httpx's TLS defaults), made in
    the event loop of the first call, but with no cookie jar: aiohttp's default jar keeps what an
    upstream sets (a load balancer's affinity cookie, a session) and sends it with every later call,
    whichever tenant makes it."""
    ssl_context = httpx.create_ssl_context()

    def session() -> aiohttp.ClientSession:
        connector = aiohttp.TCPConnector(
            limit=limits.max_connections or 0, keepalive_timeout=limits.keepalive_expiry, ssl=ssl_context
        )
        return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())

    return session


def environment_proxy(url: str) -> str | None:
    """The proxy URL the environment names for ``url`` (``HTTPS_PROXY`` etc. and ``NO_PROXY``, as curl
    and httpx read them; on macOS and Windows also the system's settings), or None."""
    parsed = urllib.parse.urlsplit(url)
    if parsed.hostname and urllib.request.proxy_bypass(parsed.hostname):
        return None
    return urllib.request.getproxies().get(parsed.scheme)


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded retries: 429 waits for Retry-After (never less), 5xx and connection failures before any
    byte back off with jitter; nothing is retried past the total deadline."""

    max_retries: int = 2
    backoff_s: float = 0.25
    max_wait_s: float = 5.0  # a longer Retry-After is passed back to the caller instead
    total_timeout_s: float = 60.0

    def delay(self, attempt: int, retry_after: float | None) -> float:
        if retry_after is not None:
            return retry_after
        return float(self.backoff_s * 2.0 ** (attempt - 1) * (0.5 + random.random()))


class _Retry(Exception):
    """An attempt failed in a way worth retrying; ``error`` is what the caller sees if we stop."""

    def __init__(self, error: RouterError, retry_after: float | None = None) -> None:
        self.error = error
        self.retry_after = retry_after


class RemoteBackend:
    """Sends requests to an OpenAI-compatible API; the upstream is given, so tests can pass their own
    (an ``httpx.MockTransport``, or a real server's URL)."""

    def __init__(
        self,
        upstream: Upstream | None,
        *,
        model: str,
        name: str = "remote",
        passthrough: bool = False,
        retry: RetryPolicy | None = None,
    ) -> None:
        self._upstream = upstream
        self.model = model
        self.name = name
        self._passthrough = passthrough  # wrapped clients: send the caller's model name unchanged
        self.retry = retry or RetryPolicy()

    @property
    def available(self) -> bool:
        return self._upstream is not None

    def _require_upstream(self) -> Upstream:
        if self._upstream is None:
            raise BackendUnavailable("no remote model is configured (set remote.base_url)")
        return self._upstream

    def _model_for(self, request: ChatRequest) -> str:
        if self._passthrough:
            return self.model if request.model == "auto" else request.model
        return self.model if request.model in ("auto", "remote", self.name) else request.model

    async def _with_retries(self, attempt_fn: Callable[[], Awaitable[T]]) -> T:
        """Run ``attempt_fn`` until it succeeds, fails for good, or the retry budget or deadline ends."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + self.retry.total_timeout_s
        attempt = 0
        while True:
            try:
                async with asyncio.timeout_at(deadline):
                    return await attempt_fn()
            except TimeoutError as exc:
                raise UpstreamTimeout("the remote model did not answer in time") from exc
            except _Retry as retry:
                attempt += 1
                if attempt > self.retry.max_retries:
                    raise retry.error from None
                if retry.retry_after is not None and retry.retry_after > self.retry.max_wait_s:
                    raise retry.error from None
                wait = self.retry.delay(attempt, retry.retry_after)
                if loop.time() + wait >= deadline:
                    raise retry.error from None
                await asyncio.sleep(wait)

    async def complete(self, request: ChatRequest) -> Completion:
        upstream = self._require_upstream()
        body = request.upstream_body(self._model_for(request))
        body["stream"] = False
        body.pop("stream_options", None)
        started = time.perf_counter()

        async def attempt() -> httpx.Response:
            response: httpx.Response | None = None
            try:
                response = await upstream.send(body)
                await response.aread()  # the whole body; the connection goes back to the pool
            except httpx.ConnectTimeout as exc:  # nothing was answered: another attempt is safe
                raise _Retry(UpstreamError("cannot connect to the remote model")) from exc
            except httpx.TimeoutException as exc:
                raise UpstreamTimeout("the remote model did not answer in time") from exc
            except httpx.HTTPError as exc:
                error = UpstreamError(f"cannot reach the remote model: {type(exc).__name__}")
                raise _Retry(error) from exc
            finally:
                if response is not None and not response.is_closed:
                    await response.aclose()
            _check_status(response.status_code, response.headers, response.content)
            return response

        response = await self._with_retries(attempt)
        try:
            data = response.json()
        except ValueError as exc:
            raise UpstreamError("the remote model returned a body that is not JSON") from exc
        if not isinstance(data, dict) or "error" in data or not isinstance(data.get("choices"), list):
            raise UpstreamError("the remote model returned an unexpected body")
        latency = (time.perf_counter() - started) * 1000
        model = str(data.get("model") or body["model"])
        return Completion(data, self.name, model, Usage.from_dict(data.get("usage")), latency)

    async def stream(self, request: ChatRequest) -> AsyncIterator[dict[str, Any]]:
        upstream = self._require_upstream()
        body = request.upstream_body(self._model_for(request))
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}

        async def attempt() -> httpx.Response:
            response: httpx.Response | None = None
            try:
                response = await upstream.send(body)
                if response.status_code != 200:
                    content = await response.aread()
                    await response.aclose()
                    _check_status(response.status_code, response.headers, content)
                return response
            except httpx.ConnectTimeout as exc:
                raise _Retry(UpstreamError("cannot connect to the remote model")) from exc
            except httpx.TimeoutException as exc:
                raise UpstreamTimeout("the remote model did not answer in time") from exc
            except httpx.HTTPError as exc:
                if response is not None:
                    await response.aclose()
                raise _Retry(UpstreamError(f"cannot reach the remote model: {type(exc).__name__}")) from exc

        response = await self._with_retries(attempt)  # retries happen only before the first byte
        try:
            saw_usage = False
            chunks = 0
            last: dict[str, Any] = {}
            async for chunk in _sse_events(response):
                if chunk_usage(chunk) is not None:
                    saw_usage = True
                if chunk.get("choices"):
                    chunks += 1
                    last = chunk
                yield chunk
            if not saw_usage:
                # Upstream ignored include_usage: estimate (4 characters a prompt token, one token
                # per content chunk).
                yield {
                    "id": last.get("id", ""),
                    "object": "chat.completion.chunk",
                    "created": last.get("created", int(time.time())),
                    "model": last.get("model", body["model"]),
                    "choices": [],
                    "usage": Usage(_estimate_prompt_tokens(request), chunks).to_dict(),
                }
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout("the remote model stopped sending in time") from exc
        except httpx.HTTPError as exc:
            raise UpstreamError(f"the remote stream broke off: {type(exc).__name__}") from exc
        finally:
            await response.aclose()

    async def aclose(self) -> None:
        if self._upstream is not None:
            await self._upstream.aclose()


def _estimate_prompt_tokens(request: ChatRequest) -> int:
    return sum(len(m.text()) for m in request.messages) // 4 + 4 * len(request.messages)


async def _sse_events(response: httpx.Response) -> AsyncIterator[dict[str, Any]]:
    """The JSON payloads of a server-sent-event stream, up to ``[DONE]``."""
    lines = response.aiter_lines()
    async for line in lines:
        if not line.startswith("data:"):
            continue  # comments, event names, blank separators
        data = line[5:].strip()
        if data == "[DONE]":
            async for _ in lines:  # read to the end, so the connection goes back to the pool
                pass
            return
        try:
            chunk = json.loads(data)
        except ValueError as exc:
            raise UpstreamError("the remote stream sent an event that is not JSON") from exc
        if not isinstance(chunk, dict):
            raise UpstreamError("the remote stream sent an unexpected event")
        if "error" in chunk:
            raise UpstreamError(f"the remote stream reported an error: {_error_message(chunk)}")
        yield chunk
    raise UpstreamError("the remote stream ended without [DONE]", code="upstream_truncated")


def _error_message(data: Any) -> str:
    if isinstance(data, dict):
        err = data.get("error")
        if isinstance(err, dict) and isinstance(err.get("message"), str):
            return str(err["message"])[:_EXCERPT]
        if isinstance(err, str):
            return err[:_EXCERPT]
    return "no message"


_RETRY_STATUSES = frozenset({429, 500, 502, 503})


def _check_status(status: int, headers: httpx.Headers, content: bytes) -> None:
    """Raise for a non-200 answer: ``_Retry`` around the error when another attempt may succeed."""
    if status == 200:
        return
    error = _status_error(status, headers, content)
    if status in _RETRY_STATUSES:
        raise _Retry(error, retry_after_seconds(headers.get("retry-after")) if status == 429 else None)
    raise error


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header: a number of seconds or an HTTP date."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - (time.time() if now is None else now))


def _status_error(status: int, headers: httpx.Headers, content: bytes) -> RouterError:
    """Map an upstream HTTP status to our hierarchy, keeping a short excerpt of its message."""
    try:
        message = _error_message(json.loads(content))
    except ValueError:
        message = "no message"
    if status == 429:
        return RateLimited(
            f"the remote model is rate limited: {message}", retry_after=headers.get("retry-after")
        )
    if status in (401, 403):
        return UpstreamError(f"the remote model rejected our credentials ({status})", code="upstream_auth")
    if status in (408, 504):
        return UpstreamTimeout(f"the remote model timed out ({status})")
    if 400 <= status < 500:
        return InvalidRequest(
            f"the remote model rejected the request ({status}): {message}", code="upstream_rejected"
        )
    return UpstreamError(f"the remote model failed ({status}): {message}")
