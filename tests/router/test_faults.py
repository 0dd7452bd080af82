"""Defined behaviour under faults, through the real proxy: a programmable stub upstream on loopback,
the real local model, the real Redis. Every case leaves exactly one ledger record."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any

import httpx
import pytest

from router import Router
from tests.conftest import free_port
from tests.stub_server import Action, chunk

Serve = Callable[[Router], AbstractContextManager[str]]
PROMPT = {"role": "user", "content": "Explain the proof step by step."}


def records(router: Router) -> list[tuple[Any, ...]]:
    router.engine.ledger.flush()
    conn = sqlite3.connect(router.settings.ledger_path())
    rows = conn.execute("SELECT route, status, error_code, degraded, reason FROM decisions").fetchall()
    conn.close()
    return rows


@pytest.fixture
def faulty(make_router: Callable[..., Router], stub: Any) -> Router:
    return make_router(
        remote={
            "base_url": stub.base_url,
            "model": "big",
            "timeout_s": 1.0,
            "max_retries": 2,
            "retry_backoff_s": 0.01,
        },
        local={"n_threads": 1, "max_tokens": 6},
        policy={"threshold": 0.0},  # everything non-sensitive wants remote
    )


def post(url: str, model: str = "auto", stream: bool = False, **extra: Any) -> httpx.Response:
    body = {"model": model, "messages": [PROMPT], "stream": stream, **extra}
    return httpx.post(f"{url}/v1/chat/completions", json=body, timeout=30)


def test_stalled_remote_is_504_in_time_or_local_fallback(faulty: Router, serve: Serve, stub: Any) -> None:
    """A remote that stalls past the timeout: forced remote gets a 504 in time; auto answers locally."""
    stub.default = Action("stall", delay=10)
    with serve(faulty) as url:
        started = time.monotonic()
        r = post(url, model="remote")
        assert r.status_code == 504 and r.json()["error"]["code"] == "upstream_timeout"
        assert time.monotonic() - started < 1.0 + 1.5
        r = post(url)
        assert r.status_code == 200 and r.headers["x-router-route"] == "local"
        assert r.headers["x-router-degraded"] == "true" and "upstream_timeout" in r.headers["x-router-reason"]
    assert [(row[0], row[1]) for row in records(faulty)] == [("remote", "error"), ("local", "ok")]


def test_429_retry_after_passed_back_when_giving_up(faulty: Router, serve: Serve, stub: Any) -> None:
    """A 429 whose Retry-After is too long is returned to a forced-remote caller with the header."""
    stub.default = Action(
        "json", status=429, body={"error": {"message": "slow"}}, headers={"retry-after": "60"}
    )
    with serve(faulty) as url:
        r = post(url, model="remote")
    assert r.status_code == 429 and r.headers["retry-after"] == "60"
    assert r.json()["error"]["type"] == "rate_limit_error"
    assert len(stub.requests) == 1  # never retried before Retry-After


def test_5xx_retried_then_local_fallback(faulty: Router, serve: Serve, stub: Any) -> None:
    """500/502/503 are retried a bounded number of times, then answered locally (degraded)."""
    stub.queue(
        Action("json", status=500, body={}),
        Action("json", status=502, body={}),
        Action("json", status=503, body={}),
    )
    with serve(faulty) as url:
        r = post(url)
    assert (
        r.status_code == 200
        and r.headers["x-router-route"] == "local"
        and r.headers["x-router-degraded"] == "true"
    )
    assert len(stub.requests) == 3
    assert len(records(faulty)) == 1


def test_no_local_fallback_for_what_the_local_model_cannot_give(
    faulty: Router, serve: Serve, stub: Any
) -> None:
    """A request with tools or n=2 whose remote keeps failing gets the upstream's error, not a local
    answer without the tool call (nor the local model's 400 for n=2)."""
    stub.default = Action("json", status=503, body={})
    tools = [{"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}]
    with serve(faulty) as url:
        for extra in ({"tools": tools}, {"n": 2}):
            r = post(url, **extra)
            assert r.status_code == 502 and r.json()["error"]["code"] == "upstream_error", r.text
    assert len(stub.requests) == 6  # each tried three times, nothing answered locally
    assert [row[:2] for row in records(faulty)] == [("remote", "error"), ("remote", "error")]


def test_reset_before_first_byte_is_retried(faulty: Router, serve: Serve, stub: Any) -> None:
    """A connection reset before any byte is retried and the retry's answer served."""
    stub.queue(Action("reset"))
    with serve(faulty) as url:
        r = post(url)
    assert r.status_code == 200 and r.headers["x-router-route"] == "remote"
    assert r.json()["choices"][0]["message"]["content"] == "stub answer"


def test_reset_mid_stream_sends_chunks_then_error_event(faulty: Router, serve: Serve, stub: Any) -> None:
    """After some chunks, a reset reaches the client as an error event, never a fake [DONE]."""
    events = [json.dumps(chunk(f"part{i} ")) for i in range(5)]
    stub.default = Action("sse", events=events, reset_after=3)
    with serve(faulty) as url:
        r = post(url, model="remote", stream=True)
    assert r.status_code == 200
    data = [line[6:] for line in r.text.splitlines() if line.startswith("data: ")]
    assert "[DONE]" not in data
    contents = [json.loads(d)["choices"][0]["delta"].get("content") for d in data[:-1]]
    assert contents == ["part0 ", "part1 ", "part2 "]
    assert json.loads(data[-1])["error"]["code"] == "upstream_error"
    assert [(row[0], row[1]) for row in records(faulty)] == [("remote", "partial")]


@pytest.mark.parametrize(
    "action",
    [
        Action("json", body=b"{not json"),
        Action("json", body={"error": {"message": "inside a 200"}}),
        Action("raw", raw=b"HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\n<htm"),
        Action("sse", events=["{broken"]),
        Action("sse", events=[json.dumps({"error": {"message": "overloaded"}})]),
        Action("sse", events=[json.dumps(chunk("a"))], done=False),
    ],
)
def test_malformed_upstream_answers_are_mapped(
    faulty: Router, serve: Serve, stub: Any, action: Action
) -> None:
    """Malformed JSON or SSE, or an error object in a 200: an OpenAI-style error, never a traceback."""
    stub.default = action
    stream = action.kind == "sse"
    with serve(faulty) as url:
        r = post(url, model="remote", stream=stream)
    assert "Traceback" not in r.text and 'File "' not in r.text
    if r.status_code == 200:  # a stream that broke after its headers: an error event, no [DONE]
        assert stream and "data: [DONE]" not in r.text.splitlines() and '"error"' in r.text
    else:
        assert r.status_code == 502 and r.json()["error"]["type"] == "api_error"
    assert len(records(faulty)) == 1


def test_missing_local_model_with_remote(
    make_router: Callable[..., Router], serve: Serve, stub: Any, tmp_path: Path
) -> None:
    """A corrupt local model: /health degraded, non-sensitive goes remote, sensitive gets 503, never remote."""
    bad = tmp_path / "corrupt.gguf"
    bad.write_bytes(b"GGUF" + b"\0" * 100)
    router = make_router(remote={"base_url": stub.base_url, "model": "big"}, local={"model_path": str(bad)})
    with serve(router) as url:
        health = httpx.get(f"{url}/health", timeout=60).json()
        assert health["status"] == "degraded" and "failed to load" in health["local"]["error"]
        r = post(url)
        assert r.status_code == 200 and r.headers["x-router-route"] == "remote"
        secret = {"role": "user", "content": "My SSN card number is 4539 1488 0343 6467"}
        r = httpx.post(f"{url}/v1/chat/completions", json={"messages": [secret]}, timeout=30)
        assert r.status_code == 503
    assert all("4539" not in json.dumps(req["body"]) for req in stub.requests)
    assert len(records(router)) == 2


def test_prompt_over_local_context(make_router: Callable[..., Router], serve: Serve, stub: Any) -> None:
    """Too long for the local context: 400 context_length_exceeded when forced local, remote when allowed."""
    router = make_router(
        remote={"base_url": stub.base_url, "model": "big"},
        local={"n_ctx": 256, "n_threads": 1},
        policy={"threshold": 1.0},
    )
    long = {"role": "user", "content": "tell me about this word " * 200}
    with serve(router) as url:
        r = httpx.post(f"{url}/v1/chat/completions", json={"model": "local", "messages": [long]}, timeout=30)
        assert r.status_code == 400 and r.json()["error"]["code"] == "context_length_exceeded"
        r = httpx.post(f"{url}/v1/chat/completions", json={"model": "auto", "messages": [long]}, timeout=30)
        assert (
            r.status_code == 200
            and r.headers["x-router-route"] == "remote"
            and r.headers["x-router-degraded"]
        )
    assert [row[1] for row in records(router)] == ["error", "ok"]


def test_client_disconnect_stops_local_generation(make_router: Callable[..., Router], serve: Serve) -> None:
    """A client leaving mid-stream stops local generation within a second; the record says cancelled."""
    router = make_router(local={"n_threads": 1, "max_tokens": 2000, "n_ctx": 4096})
    backend: Any = router.engine.local
    body = {
        "model": "local",
        "stream": True,
        "messages": [{"role": "user", "content": "Write a very long story."}],
    }
    with serve(router) as url, httpx.Client(timeout=30) as client:
        with client.stream("POST", f"{url}/v1/chat/completions", json=body) as r:
            for line in r.iter_lines():
                if line.startswith("data: {"):
                    break
            assert backend.generating
        deadline = time.monotonic() + 1.0
        while backend.generating and time.monotonic() < deadline:
            time.sleep(0.02)
        assert not backend.generating
        time.sleep(0.2)
    assert [row[1] for row in records(router)] == ["cancelled"]


def test_client_disconnect_closes_the_upstream_stream(faulty: Router, serve: Serve, stub: Any) -> None:
    """A client leaving mid-stream makes the proxy close its upstream connection."""
    stub.default = Action("sse", events=[json.dumps(chunk("x"))] * 200, delay=0.02)
    with serve(faulty) as url, httpx.Client(timeout=30) as client:
        with client.stream(
            "POST",
            f"{url}/v1/chat/completions",
            json={"model": "remote", "stream": True, "messages": [PROMPT]},
        ) as r:
            for line in r.iter_lines():
                if line.startswith("data: {"):
                    break
        deadline = time.monotonic() + 2.0
        while stub.disconnects == 0 and time.monotonic() < deadline:
            time.sleep(0.02)
    assert stub.disconnects == 1
    assert [row[1] for row in records(faulty)] == ["cancelled"]


@pytest.fixture
def paused_redis(tmp_path: Path) -> Any:
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    import redis

    client = redis.Redis(port=port)
    for _ in range(100):
        try:
            client.ping()
            break
        except redis.ConnectionError:
            time.sleep(0.05)
    yield port, client
    proc.kill()
    proc.wait()


def test_paused_redis_does_not_stall_requests(
    make_router: Callable[..., Router], serve: Serve, stub: Any, paused_redis: Any
) -> None:
    """With Redis paused for 5 s, requests are served uncached well before the pause ends."""
    port, client = paused_redis
    router = make_router(
        remote={"base_url": stub.base_url, "model": "big"},
        cache={"url": f"redis://127.0.0.1:{port}/0", "timeout_ms": 50},
        local={"n_threads": 1, "max_tokens": 4},
    )
    with serve(router) as url:
        assert post(url, model="remote", temperature=0).status_code == 200  # warm: connection made
        client.execute_command("CLIENT", "PAUSE", "5000", "ALL")
        started = time.monotonic()
        for _ in range(5):
            r = post(url, model="remote", temperature=0)
            assert r.status_code == 200 and r.headers["x-router-cache"] == "miss"
        assert time.monotonic() - started < 2.5
    assert len(records(router)) == 6
