"""The remote backend: error mapping at the boundary (in-process transport), and the real server."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from router.backends.remote import (
    RemoteBackend,
    RetryPolicy,
    Upstream,
    environment_proxy,
    make_upstream,
    retry_after_seconds,
)
from router.config import RemoteSettings
from router.errors import InvalidRequest, RateLimited, UpstreamError, UpstreamTimeout
from router.types import parse_request

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def backend(
    handler: Callable[[httpx.Request], httpx.Response], retry: RetryPolicy | None = None
) -> RemoteBackend:
    upstream = Upstream("http://upstream.test/v1", transport=httpx.MockTransport(handler))
    return RemoteBackend(upstream, model="big", retry=retry or RetryPolicy(max_retries=0))


def req(**params: object) -> object:
    return parse_request({"messages": [{"role": "user", "content": "hi"}], **params})


OK = {
    "id": "x",
    "object": "chat.completion",
    "model": "big",
    "choices": [{"index": 0, "message": {"role": "assistant", "content": "hey"}, "finish_reason": "stop"}],
    "usage": {"prompt_tokens": 3, "completion_tokens": 1, "total_tokens": 4},
}


async def test_sends_configured_model_and_parses_usage() -> None:
    """model=auto is replaced by the configured remote model; usage comes from the body."""
    seen: list[dict[str, object]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(json.loads(request.content))
        assert request.url.path == "/v1/chat/completions"
        return httpx.Response(200, json=OK)

    result = await backend(handler).complete(req(temperature=0))  # type: ignore[arg-type]
    assert seen[0]["model"] == "big" and seen[0]["temperature"] == 0 and seen[0]["stream"] is False
    assert result.text == "hey" and result.usage.total_tokens == 4


async def test_headers_key_and_no_cookies_carried_between_calls() -> None:
    """Every call carries the key, JSON headers and our user agent; a cookie the upstream sets is not
    sent back with the next call (it could be another tenant's)."""
    seen: list[httpx.Headers] = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(request.headers)
        return httpx.Response(200, json=OK, headers={"set-cookie": "session=tenant-a; Path=/"})

    upstream = Upstream(
        "http://upstream.test/v1/",
        transport=httpx.MockTransport(handler),
        headers={"Authorization": "Bearer k"},
    )
    remote = RemoteBackend(upstream, model="big")
    for _ in range(2):
        await remote.complete(req())  # type: ignore[arg-type]
    assert str(upstream.url) == "http://upstream.test/v1/chat/completions"
    for headers in seen:
        assert headers["authorization"] == "Bearer k" and headers["content-type"] == "application/json"
        assert headers["user-agent"].startswith("hybrid-router") and "cookie" not in headers
        assert headers["host"] == "upstream.test"


async def test_pool_keeps_no_cookie_an_upstream_sets(stub: Any) -> None:
    """Through the pool every deployment uses, against an upstream named by host (aiohttp's default jar
    ignores cookies from bare IP addresses): a cookie set in one answer is not sent with the next call."""
    from tests.stub_server import Action, completion

    stub.queue(Action("json", body=completion(), headers={"set-cookie": "session=tenant-a; Path=/"}))
    base_url = stub.base_url.replace("127.0.0.1", "localhost")
    remote = RemoteBackend(make_upstream(RemoteSettings(base_url=base_url, model="big")), model="big")
    try:
        for _ in range(2):
            assert (await remote.complete(req())).text == "stub answer"  # type: ignore[arg-type]
    finally:
        await remote.aclose()
    assert len(stub.requests) == 2
    assert all("cookie" not in r["headers"] for r in stub.requests)


async def test_gzip_answer_is_decoded() -> None:
    """An upstream that compresses its answer (we accept gzip) is read like any other."""
    import gzip

    def handler(request: httpx.Request) -> httpx.Response:
        assert "gzip" in request.headers["accept-encoding"]
        body = gzip.compress(json.dumps(OK).encode())
        return httpx.Response(200, content=body, headers={"content-encoding": "gzip"})

    assert (await backend(handler).complete(req())).text == "hey"  # type: ignore[arg-type]


def test_environment_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The proxy named by HTTPS_PROXY/HTTP_PROXY is used unless NO_PROXY excludes the host."""
    for name in (
        "HTTPS_PROXY",
        "HTTP_PROXY",
        "NO_PROXY",
        "https_proxy",
        "http_proxy",
        "no_proxy",
        "ALL_PROXY",
    ):
        monkeypatch.delenv(name, raising=False)
    assert environment_proxy("https://api.example.com/v1") is None
    monkeypatch.setenv("HTTPS_PROXY", "http://proxy.corp:3128")
    assert environment_proxy("https://api.example.com/v1") == "http://proxy.corp:3128"
    assert environment_proxy("http://api.example.com/v1") is None
    monkeypatch.setenv("NO_PROXY", "localhost,.example.com")
    assert environment_proxy("https://api.example.com/v1") is None
    assert environment_proxy("https://api.other.org/v1") == "http://proxy.corp:3128"


@pytest.mark.parametrize(
    ("response", "error", "status"),
    [
        (
            httpx.Response(429, json={"error": {"message": "slow down"}}, headers={"retry-after": "7"}),
            RateLimited,
            429,
        ),
        (httpx.Response(500, json={"error": {"message": "boom"}}), UpstreamError, 502),
        (httpx.Response(503, text="<html>down</html>"), UpstreamError, 502),
        (httpx.Response(401, json={"error": {"message": "bad key"}}), UpstreamError, 502),
        (httpx.Response(400, json={"error": {"message": "bad param"}}), InvalidRequest, 400),
        (httpx.Response(504, text=""), UpstreamTimeout, 504),
        (httpx.Response(200, text="not json"), UpstreamError, 502),
        (httpx.Response(200, json={"error": {"message": "in a 200"}}), UpstreamError, 502),
    ],
)
async def test_upstream_errors_are_mapped(
    response: httpx.Response, error: type[Exception], status: int
) -> None:
    """Each upstream failure becomes one error of ours with the right status, no upstream body dump."""
    with pytest.raises(error) as info:
        await backend(lambda r: response).complete(req())  # type: ignore[arg-type]
    assert info.value.status == status  # type: ignore[attr-defined]
    assert "<html>" not in info.value.message  # type: ignore[attr-defined]


async def test_retry_after_is_passed_back() -> None:
    """A 429's Retry-After reaches our error (the proxy returns it to the client)."""
    response = httpx.Response(429, json={}, headers={"retry-after": "7"})
    with pytest.raises(RateLimited) as info:
        await backend(lambda r: response).complete(req())  # type: ignore[arg-type]
    assert info.value.headers() == {"retry-after": "7"}


async def test_transport_errors_are_mapped() -> None:
    """A timeout is a 504, a refused connection a 502."""

    def timeout(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow", request=request)

    def refused(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("refused", request=request)

    with pytest.raises(UpstreamTimeout):
        await backend(timeout).complete(req())  # type: ignore[arg-type]
    with pytest.raises(UpstreamError):
        await backend(refused).complete(req())  # type: ignore[arg-type]


def sse(*events: str) -> bytes:
    return "".join(f"data: {e}\n\n" for e in events).encode()


async def test_stream_passes_chunks_and_asks_for_usage() -> None:
    """Chunks come through in order; include_usage is requested; [DONE] ends the stream."""
    bodies: list[dict[str, object]] = []
    chunk = {"id": "c", "model": "big", "choices": [{"index": 0, "delta": {"content": "a"}}]}
    usage = {"id": "c", "model": "big", "choices": [], "usage": {"prompt_tokens": 2, "completion_tokens": 1}}

    def handler(request: httpx.Request) -> httpx.Response:
        bodies.append(json.loads(request.content))
        return httpx.Response(200, content=sse(json.dumps(chunk), json.dumps(usage), "[DONE]"))

    got = [c async for c in backend(handler).stream(req(stream=True))]  # type: ignore[arg-type]
    assert got == [chunk, usage]
    assert bodies[0]["stream"] is True and bodies[0]["stream_options"] == {"include_usage": True}


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (sse('{"choices": [{"delta": {"content": "a"}}]}'), "upstream_truncated"),
        (sse("{not json"), "upstream_error"),
        (sse('{"error": {"message": "overloaded"}}'), "upstream_error"),
    ],
)
async def test_broken_streams_raise(content: bytes, code: str) -> None:
    """A stream without [DONE], with bad JSON or with an error event raises UpstreamError."""
    with pytest.raises(UpstreamError) as info:
        _ = [
            c async for c in backend(lambda r: httpx.Response(200, content=content)).stream(req(stream=True))
        ]  # type: ignore[arg-type]
    assert info.value.code == code


async def test_real_openai_compatible_server(remote_server: str) -> None:
    """Against llama_cpp.server on loopback: a real answer, streamed and not."""
    upstream = Upstream(remote_server, transport=httpx.AsyncHTTPTransport())
    remote = RemoteBackend(upstream, model="remote")
    result = await remote.complete(req(max_tokens=8))  # type: ignore[arg-type]
    assert result.text and result.usage.completion_tokens > 0
    chunks = [c async for c in remote.stream(req(max_tokens=8, stream=True))]  # type: ignore[arg-type]
    assert chunks[-1].get("usage") and any(c.get("choices") for c in chunks)
    await remote.aclose()


def flaky(*responses: httpx.Response) -> tuple[Callable[[httpx.Request], httpx.Response], list[float]]:
    """A handler answering with ``responses`` in turn (the last repeats), recording call times."""
    import time

    times: list[float] = []

    def handler(request: httpx.Request) -> httpx.Response:
        times.append(time.monotonic())
        return responses[min(len(times) - 1, len(responses) - 1)]

    return handler, times


async def test_5xx_is_retried_with_backoff_then_succeeds() -> None:
    """500 then 503 then 200: two retries, spaced by jittered backoff, and an answer."""
    handler, times = flaky(
        httpx.Response(500, json={}), httpx.Response(503, json={}), httpx.Response(200, json=OK)
    )
    result = await backend(handler, RetryPolicy(max_retries=2, backoff_s=0.02)).complete(req())  # type: ignore[arg-type]
    assert result.text == "hey" and len(times) == 3
    assert times[1] - times[0] >= 0.01 and times[2] - times[1] >= 0.02


async def test_retries_are_bounded() -> None:
    """A upstream that keeps failing gets 1 + max_retries attempts, then our error."""
    handler, times = flaky(httpx.Response(502, json={}))
    with pytest.raises(UpstreamError):
        await backend(handler, RetryPolicy(max_retries=3, backoff_s=0.001)).complete(req())  # type: ignore[arg-type]
    assert len(times) == 4


@pytest.mark.parametrize("header_kind", ["seconds", "http-date"])
async def test_429_waits_for_retry_after(header_kind: str) -> None:
    """No retry before Retry-After (seconds or HTTP date) has passed."""
    import time
    from email.utils import formatdate

    value = "1" if header_kind == "seconds" else formatdate(time.time() + 2, usegmt=True)
    handler, times = flaky(
        httpx.Response(429, json={}, headers={"retry-after": value}), httpx.Response(200, json=OK)
    )
    result = await backend(handler, RetryPolicy(max_retries=2, max_wait_s=5)).complete(req())  # type: ignore[arg-type]
    assert result.text == "hey"
    assert times[1] - times[0] >= 0.95  # HTTP dates have one-second resolution


async def test_long_retry_after_is_passed_back_without_retrying() -> None:
    """A Retry-After beyond what we wait is returned to the caller at once, header included."""
    handler, times = flaky(httpx.Response(429, json={}, headers={"retry-after": "120"}))
    with pytest.raises(RateLimited) as info:
        await backend(handler, RetryPolicy(max_retries=5, max_wait_s=5)).complete(req())  # type: ignore[arg-type]
    assert len(times) == 1 and info.value.headers() == {"retry-after": "120"}


async def test_total_deadline_bounds_a_stalled_upstream() -> None:
    """An upstream that never answers is a 504 within the total timeout plus a small margin."""
    import asyncio
    import time

    async def stall(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200, json=OK)

    upstream = Upstream("http://upstream.test/v1", transport=httpx.MockTransport(stall))
    remote = RemoteBackend(upstream, model="big", retry=RetryPolicy(total_timeout_s=0.3))
    started = time.monotonic()
    with pytest.raises(UpstreamTimeout) as info:
        await remote.complete(req())  # type: ignore[arg-type]
    assert info.value.status == 504 and time.monotonic() - started < 0.8


def test_retry_after_parsing() -> None:
    """Seconds, HTTP dates, and garbage."""
    assert retry_after_seconds("3") == 3.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412470.0) == 10.0
    assert retry_after_seconds("soon") is None and retry_after_seconds(None) is None
