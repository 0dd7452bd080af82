"""The proxy over real HTTP, with the official openai SDK as the client."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import httpx
import openai
import pytest

from router import Router
from tests.conftest import Relay

Serve = Callable[[Router], AbstractContextManager[str]]
HARD = "Prove step by step that the derivative of x^3 + 2*x equals 3*x^2 + 2, then implement it in Python."


@pytest.fixture
def local_router(make_router: Callable[..., Router]) -> Router:
    return make_router(local={"n_threads": 1, "max_tokens": 12})


def test_openai_sdk_non_streaming(local_router: Router, serve: Serve) -> None:
    """The SDK gets a normal completion; x-router-* headers tell the route."""
    with serve(local_router) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="anything")
        raw = client.chat.completions.with_raw_response.create(
            model="auto", messages=[{"role": "user", "content": "What is the capital of France?"}]
        )
        completion = raw.parse()
        assert completion.choices[0].message.content
        assert completion.usage is not None and completion.usage.completion_tokens > 0
        assert raw.headers["x-router-route"] == "local"
        assert raw.headers["x-router-reason"] == "difficulty_below_threshold"
        assert raw.headers["x-router-cache"] == "miss"
        assert raw.headers["x-router-request-id"].startswith("req_")
        assert "x-router-degraded" not in raw.headers


def test_what_the_local_model_cannot_give_goes_remote(
    make_router: Callable[..., Router], serve: Serve, stub: Any
) -> None:
    """Easy requests with tools, an image or n=2 are answered remotely (locally they would get text
    instead of a tool call, or a 400); a plain easy one stays local; with personal data in it, an image
    request stays on this machine and gets the local model's 400, the remote never called."""
    router = make_router(
        remote={"base_url": stub.base_url, "model": "big"},
        local={"n_threads": 1, "max_tokens": 6},
        policy={"threshold": 1.0},  # nothing is hard enough to go remote for its difficulty
    )
    tools = [{"type": "function", "function": {"name": "get_time", "parameters": {"type": "object"}}}]
    image = {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgo="}}
    ask = [{"role": "user", "content": "What time is it?"}]
    with serve(router) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="anything")
        cases: list[dict[str, Any]] = [
            {"messages": ask, "tools": tools},
            {"messages": ask, "n": 2},
            {"messages": [{"role": "user", "content": [{"type": "text", "text": "What is this?"}, image]}]},
        ]
        for params in cases:
            raw = client.chat.completions.with_raw_response.create(model="auto", **params)
            assert raw.parse().choices[0].message.content == "stub answer"
            assert (raw.headers["x-router-route"], raw.headers["x-router-reason"]) == (
                "remote",
                "local_unsupported",
            )
        assert len(stub.requests) == 3 and stub.requests[0]["body"]["tools"] == tools
        raw = client.chat.completions.with_raw_response.create(model="auto", messages=ask)
        assert raw.headers["x-router-route"] == "local"
        private = "My e-mail is jane.roe@example.org, what is in this photo?"
        with pytest.raises(openai.BadRequestError) as info:
            client.chat.completions.create(
                model="auto",
                messages=[{"role": "user", "content": [{"type": "text", "text": private}, image]}],
            )
        assert info.value.status_code == 400 and "text content only" in info.value.message
        assert len(stub.requests) == 3


def test_openai_sdk_streaming(local_router: Router, serve: Serve) -> None:
    """Streaming through the SDK yields content deltas and ends cleanly ([DONE])."""
    with serve(local_router) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="anything")
        stream = client.chat.completions.create(
            model="local",
            messages=[{"role": "user", "content": "Name a fruit."}],
            stream=True,
            stream_options={"include_usage": True},
        )
        chunks = list(stream)
        text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
        assert text.strip()
        assert chunks[-1].usage is not None and chunks[-1].usage.completion_tokens > 0
        raw = httpx.post(
            f"{url}/v1/chat/completions",
            json={"model": "local", "stream": True, "messages": [{"role": "user", "content": "Hi"}]},
            timeout=60,
        )
        assert raw.headers["content-type"].startswith("text/event-stream")
        assert raw.text.rstrip().endswith("data: [DONE]")


def test_remote_route_and_degraded_header(
    make_router: Callable[..., Router], serve: Serve, recording_remote: Relay
) -> None:
    """A forced remote request reaches the remote; with no remote configured it is flagged degraded."""
    router = make_router(
        remote={"base_url": recording_remote.base_url, "model": "remote"},
        local={"n_threads": 1, "max_tokens": 8},
    )
    with serve(router) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="anything")
        raw = client.chat.completions.with_raw_response.create(
            model="remote", max_tokens=8, messages=[{"role": "user", "content": HARD}]
        )
        assert raw.headers["x-router-route"] == "remote" and raw.parse().choices[0].message.content
        assert recording_remote.chat_requests() == 1
        raw = client.chat.completions.with_raw_response.create(
            model="remote",
            max_tokens=8,
            messages=[{"role": "user", "content": HARD + " Mail: jane@example.org"}],
        )
        assert raw.headers["x-router-route"] == "local" and raw.headers["x-router-reason"] == "sensitive"
        assert b"jane@example.org" not in recording_remote.received()
    degraded = make_router(local={"n_threads": 1, "max_tokens": 8})
    with serve(degraded) as url:
        r = httpx.post(
            f"{url}/v1/chat/completions",
            json={"model": "remote", "messages": [{"role": "user", "content": "Hi"}]},
            timeout=60,
        )
        assert r.status_code == 200
        assert (r.headers["x-router-route"], r.headers["x-router-degraded"]) == ("local", "true")
        assert r.headers["x-router-reason"] == "remote_unavailable"


@pytest.mark.parametrize(
    ("body", "headers", "status", "code"),
    [
        (b"{not json", {"content-type": "application/json"}, 400, "invalid_json"),
        (b'{"messages": [{"role": "user"', {"content-type": "application/json"}, 400, "invalid_json"),
        (b'{"messages": []}', {"content-type": "application/json"}, 422, "invalid_field"),
        (
            b'{"messages": [{"role": "user", "content": 1}]}',
            {"content-type": "application/json"},
            422,
            "invalid_field",
        ),
        (b'{"messages": [{"role": "user", "content": "x"}], "max_tokens": -1}', {}, 422, "invalid_field"),
        (b'{"model": "gpt-9", "messages": [{"role": "user", "content": "x"}]}', {}, 404, "model_not_found"),
        (b"messages=hi", {"content-type": "application/x-www-form-urlencoded"}, 400, "invalid_content_type"),
    ],
)
def test_bad_input_gets_openai_error_bodies(
    local_router: Router, serve: Serve, body: bytes, headers: dict[str, str], status: int, code: str
) -> None:
    """Invalid JSON, wrong fields, empty messages, unknown model: 4xx with OpenAI's error body."""
    with serve(local_router) as url:
        r = httpx.post(f"{url}/v1/chat/completions", content=body, headers=headers, timeout=60)
    assert r.status_code == status
    error = r.json()["error"]
    assert error["code"] == code and error["type"] == "invalid_request_error" and error["message"]
    assert "Traceback" not in r.text


def test_sdk_raises_typed_errors(local_router: Router, serve: Serve) -> None:
    """The SDK maps our statuses to its exception classes (404 unknown model, 422 bad field)."""
    with serve(local_router) as url:
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="anything", max_retries=0)
        with pytest.raises(openai.NotFoundError):
            client.chat.completions.create(model="gpt-nope", messages=[{"role": "user", "content": "x"}])
        with pytest.raises(openai.UnprocessableEntityError):
            client.chat.completions.create(model="auto", messages=[])


def test_body_over_the_cap_is_413(make_router: Callable[..., Router], serve: Serve) -> None:
    """A body larger than server.max_body_bytes is refused with 413."""
    router = make_router(server={"max_body_bytes": 4096})
    big = b'{"messages": [{"role": "user", "content": "' + b"x" * 10_000 + b'"}]}'
    with serve(router) as url:
        r = httpx.post(
            f"{url}/v1/chat/completions",
            content=big,
            headers={"content-type": "application/json"},
            timeout=60,
        )
        assert r.status_code == 413 and r.json()["error"]["code"] == "payload_too_large"

        def chunks():  # no content-length: the cap applies while reading
            for _ in range(10):
                yield b'{"x": "' + b"y" * 1000 + b'"}'

        r = httpx.post(
            f"{url}/v1/chat/completions",
            content=chunks(),
            headers={"content-type": "application/json"},
            timeout=60,
        )
        assert r.status_code == 413


def test_api_keys_guard_every_route_but_health(make_router: Callable[..., Router], serve: Serve) -> None:
    """With proxy keys configured: 401 without a valid key, /health stays open, a valid key works."""
    router = make_router(
        server={"api_keys": ["key-alpha", "key-beta"]}, local={"n_threads": 1, "max_tokens": 4}
    )
    with serve(router) as url:
        assert httpx.get(f"{url}/health", timeout=60).status_code == 200
        for path in ("/v1/models", "/metrics"):
            r = httpx.get(f"{url}{path}", timeout=60)
            assert r.status_code == 401 and r.json()["error"]["type"] == "authentication_error"
            assert (
                httpx.get(f"{url}{path}", headers={"authorization": "Bearer wrong"}, timeout=60).status_code
                == 401
            )
        assert (
            httpx.get(
                f"{url}/v1/models", headers={"authorization": "Bearer key-beta"}, timeout=60
            ).status_code
            == 200
        )
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="wrong", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            client.chat.completions.create(model="auto", messages=[{"role": "user", "content": "x"}])
        client = openai.OpenAI(base_url=f"{url}/v1", api_key="key-alpha")
        assert client.chat.completions.create(
            model="auto", messages=[{"role": "user", "content": "x"}]
        ).choices


def test_models_health_metrics_and_404(local_router: Router, serve: Serve) -> None:
    """/v1/models lists the routing names; /health reports the local model; /metrics counts requests."""
    with serve(local_router) as url:
        ids = [m["id"] for m in httpx.get(f"{url}/v1/models", timeout=60).json()["data"]]
        assert {"auto", "local", "remote"} <= set(ids)
        health = httpx.get(f"{url}/health", timeout=60).json()
        assert (
            health["status"] == "ok" and health["local"]["available"] and not health["remote"]["configured"]
        )
        httpx.post(
            f"{url}/v1/chat/completions", json={"messages": [{"role": "user", "content": "Hi"}]}, timeout=60
        )
        metrics = httpx.get(f"{url}/metrics", timeout=60).text
        assert 'hybrid_router_requests_total{route="local",status="ok"} 1' in metrics
        r = httpx.get(f"{url}/nope", timeout=60)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"
        # an endpoint we do not serve says so, and what is served
        r = httpx.post(f"{url}/v1/responses", json={"model": "auto", "input": "Hi"}, timeout=60)
        message = r.json()["error"]["message"]
        assert r.status_code == 404 and message.startswith("Invalid URL (POST /v1/responses)")
        assert "POST /v1/chat/completions" in message
        assert httpx.get(f"{url}/v1/chat/completions", timeout=60).status_code == 405


def test_health_reports_a_missing_local_model(
    make_router: Callable[..., Router], serve: Serve, tmp_path: object
) -> None:
    """The proxy starts without its local model and says so in /health."""
    router = make_router(local={"model_path": f"{tmp_path}/missing.gguf"})
    with serve(router) as url:
        health = httpx.get(f"{url}/health", timeout=60).json()
        assert health["status"] == "degraded" and not health["local"]["available"]
        assert "not found" in health["local"]["error"]
        r = httpx.post(
            f"{url}/v1/chat/completions",
            json={"messages": [{"role": "user", "content": "mail a@b.co"}]},
            timeout=30,
        )
        assert r.status_code == 503 and r.json()["error"]["code"] == "backend_unavailable"


def test_named_tenants_have_their_own_keys_and_policies(
    make_router: Callable[..., Router], serve: Serve
) -> None:
    """A tenant's key authenticates it and its policy override applies (block), others keep the default."""
    router = make_router(
        server={
            "tenants": {"strict-team": {"api_key": "key-strict", "on_sensitive": "block"}},
            "api_keys": ["key-open"],
        },
        local={"n_threads": 1, "max_tokens": 4},
    )
    body = {"model": "auto", "messages": [{"role": "user", "content": "Mail ann@example.com the plan"}]}
    with serve(router) as url:
        strict = httpx.post(
            f"{url}/v1/chat/completions",
            json=body,
            headers={"authorization": "Bearer key-strict"},
            timeout=60,
        )
        assert strict.status_code == 400 and strict.json()["error"]["code"] == "content_blocked"
        other = httpx.post(
            f"{url}/v1/chat/completions", json=body, headers={"authorization": "Bearer key-open"}, timeout=60
        )
        assert other.status_code == 200 and other.headers["x-router-route"] == "local"
        assert httpx.post(f"{url}/v1/chat/completions", json=body, timeout=60).status_code == 401
    router.engine.ledger.flush()
    import sqlite3

    tenants = {
        r[0] for r in sqlite3.connect(router.settings.ledger_path()).execute("SELECT tenant FROM decisions")
    }
    assert "strict-team" in tenants and not any("key-open" in t for t in tenants)


def test_feedback_round_trip(make_router: Callable[..., Router], serve: Serve) -> None:
    """POST /v1/feedback attaches a score to a logged decision; unknown ids are a clear 404."""
    import sqlite3

    router = make_router(
        local={"n_threads": 1, "max_tokens": 4}, server={"api_keys": ["fb-key-a", "fb-key-b"]}
    )
    a, b = {"authorization": "Bearer fb-key-a"}, {"authorization": "Bearer fb-key-b"}
    with serve(router) as url:
        r = httpx.post(
            f"{url}/v1/chat/completions",
            json={"messages": [{"role": "user", "content": "Hi"}]},
            headers=a,
            timeout=60,
        )
        rid = r.headers["x-router-request-id"]
        ok = httpx.post(f"{url}/v1/feedback", json={"request_id": rid, "score": 0.75}, headers=a, timeout=60)
        assert ok.status_code == 200 and ok.json()["score"] == 0.75
        other = httpx.post(
            f"{url}/v1/feedback", json={"request_id": rid, "score": 0.1}, headers=b, timeout=60
        )
        assert other.status_code == 404  # another tenant's request is not yours to score
        missing = httpx.post(
            f"{url}/v1/feedback", json={"request_id": "req_nope", "score": 1}, headers=a, timeout=60
        )
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "request_not_found"
        bad = httpx.post(
            f"{url}/v1/feedback", json={"request_id": rid, "score": "good"}, headers=a, timeout=60
        )
        assert bad.status_code == 422
    row = sqlite3.connect(router.settings.ledger_path()).execute("SELECT feedback FROM decisions").fetchone()
    assert row == (0.75,)


def test_library_feedback(make_router: Callable[..., Router]) -> None:
    """router.feedback(request_id, score) scores a library call; an unknown id raises NotFound."""
    from router.errors import NotFound

    router = make_router(local={"n_threads": 1, "max_tokens": 4})
    result = router.chat("Hi")
    router.feedback(result.request_id, 1.0)  # type: ignore[union-attr]
    with pytest.raises(NotFound):
        router.feedback("req_unknown", 0.0)


def test_an_idle_keep_alive_connection_outlives_the_clients_pool_expiry(
    make_router: Callable[..., Router], serve: Serve
) -> None:
    """A client keeps an idle connection for 5 s (httpx, the OpenAI SDK) and then closes it; the proxy
    keeps it longer (``server.keep_alive_s``), so it never closes one just as the client sends on it (the
    request would be lost: a reset on the client, nothing in the ledger). Here: a request on the same
    connection after 6 s idle is answered."""
    router = make_router(server={"keep_alive_s": 8})
    request = b"GET /health HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n"
    with serve(router) as base:
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as conn:
            conn.sendall(request)
            first = conn.recv(65536)
            assert first.startswith(b"HTTP/1.1 200")
            time.sleep(6)
            conn.sendall(request)
            second = conn.recv(65536)
    assert second.startswith(b"HTTP/1.1 200"), second[:100]


def test_on_ready_runs_once_after_start_up_and_before_the_first_request(
    make_router: Callable[..., Router], stub: Any
) -> None:
    """create_app's on_ready hook (serve freezes the start-up objects there) runs once, when the local
    model has been loaded and before a request is answered."""
    import threading

    import uvicorn

    from router.cli.serve import uvicorn_options
    from router.proxy import create_app
    from tests.conftest import free_port

    router = make_router(remote={"base_url": stub.base_url, "model": "big"})
    calls: list[int] = []
    app = create_app(router, on_ready=lambda: calls.append(len(calls)))
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, **{**uvicorn_options(router.settings), "port": port}))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 30
        while not server.started and time.monotonic() < deadline:
            time.sleep(0.02)
        assert server.started and calls == [0]
        body = {"model": "remote", "messages": [{"role": "user", "content": "hi"}]}
        assert (
            httpx.post(f"http://127.0.0.1:{port}/v1/chat/completions", json=body, timeout=30).status_code
            == 200
        )
        assert calls == [0]
    finally:
        server.should_exit = True
        thread.join(15)


def test_freezing_the_start_up_objects_takes_them_out_of_collections() -> None:
    """After serve's freeze, the objects that existed are in the permanent generation."""
    import gc

    from router.cli.serve import freeze_startup_objects

    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > 1000
    finally:
        gc.unfreeze()
