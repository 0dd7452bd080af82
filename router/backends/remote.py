"""The remote backend: any OpenAI-compatible ``/chat/completions`` through one pooled httpx client."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx

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

__all__ = ["RemoteBackend", "make_remote_client"]

_EXCERPT = 300


def make_remote_client(settings: RemoteSettings) -> httpx.AsyncClient:
    """One keep-alive connection pool for the configured upstream, with its timeouts and key."""
    if not settings.base_url:
        raise BackendUnavailable("no remote model is configured (set remote.base_url)")
    headers = {"accept": "application/json"}
    if settings.api_key is not None:
        headers["authorization"] = f"Bearer {settings.api_key.get_secret_value()}"
    timeout = httpx.Timeout(settings.timeout_s, connect=settings.connect_timeout_s)
    limits = httpx.Limits(
        max_connections=settings.max_connections, max_keepalive_connections=settings.max_connections
    )
    return httpx.AsyncClient(base_url=settings.base_url, headers=headers, timeout=timeout, limits=limits)


class RemoteBackend:
    """Sends requests to an OpenAI-compatible API; the client is given, so tests can pass their own."""

    def __init__(
        self, client: httpx.AsyncClient | None, *, model: str, name: str = "remote", passthrough: bool = False
    ) -> None:
        self._client = client
        self.model = model
        self.name = name
        self._passthrough = passthrough  # wrapped clients: send the caller's model name unchanged

    @property
    def available(self) -> bool:
        return self._client is not None

    def _require_client(self) -> httpx.AsyncClient:
        if self._client is None:
            raise BackendUnavailable("no remote model is configured (set remote.base_url)")
        return self._client

    def _model_for(self, request: ChatRequest) -> str:
        if self._passthrough:
            return self.model if request.model == "auto" else request.model
        return self.model if request.model in ("auto", "remote", self.name) else request.model

    async def complete(self, request: ChatRequest) -> Completion:
        client = self._require_client()
        body = request.upstream_body(self._model_for(request))
        body["stream"] = False
        body.pop("stream_options", None)
        started = time.perf_counter()
        try:
            response = await client.post("chat/completions", json=body)
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout("the remote model did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise UpstreamError(f"cannot reach the remote model: {type(exc).__name__}") from exc
        if response.status_code != 200:
            raise _status_error(response.status_code, response.headers, response.content)
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
        client = self._require_client()
        body = request.upstream_body(self._model_for(request))
        body["stream"] = True
        body["stream_options"] = {"include_usage": True}
        try:
            async with client.stream("POST", "chat/completions", json=body) as response:
                if response.status_code != 200:
                    raise _status_error(response.status_code, response.headers, await response.aread())
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
            raise UpstreamTimeout("the remote model did not answer in time") from exc
        except httpx.HTTPError as exc:
            raise UpstreamError(f"the remote stream failed: {type(exc).__name__}") from exc

    async def aclose(self) -> None:
        if self._client is not None:
            await self._client.aclose()


def _estimate_prompt_tokens(request: ChatRequest) -> int:
    return sum(len(m.text()) for m in request.messages) // 4 + 4 * len(request.messages)


async def _sse_events(response: httpx.Response) -> AsyncIterator[dict[str, Any]]:
    """The JSON payloads of a server-sent-event stream, up to ``[DONE]``."""
    async for line in response.aiter_lines():
        if not line.startswith("data:"):
            continue  # comments, event names, blank separators
        data = line[5:].strip()
        if data == "[DONE]":
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
