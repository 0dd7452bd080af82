"""Security: no SSRF, no trusted client headers, keys never leave as plain text, tenants kept apart."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import httpx
import pytest

from router import Router
from tests.conftest import PROXY_KEY, REMOTE_KEY
from tests.stub_server import StubServer

Serve = Callable[[Router], AbstractContextManager[str]]


@pytest.fixture
def router(make_router: Callable[..., Router], stub: Any) -> Router:
    return make_router(
        remote={"base_url": stub.base_url, "model": "big", "api_key": REMOTE_KEY},
        server={"api_keys": [PROXY_KEY]},
        local={"n_threads": 1, "max_tokens": 4},
    )


def auth(key: str = PROXY_KEY) -> dict[str, str]:
    return {"authorization": f"Bearer {key}"}


def test_clients_cannot_choose_the_upstream(router: Router, serve: Serve, stub: Any) -> None:
    """api_base/base_url in the body or headers are ignored: only the configured upstream is called."""
    other = StubServer()
    try:
        body = {
            "model": "remote",
            "messages": [{"role": "user", "content": "hi"}],
            "api_base": other.base_url,
            "base_url": other.base_url,
        }
        headers = {**auth(), "x-api-base": other.base_url, "x-forwarded-host": f"127.0.0.1:{other.port}"}
        with serve(router) as url:
            r = httpx.post(f"{url}/v1/chat/completions", json=body, headers=headers, timeout=60)
        assert r.status_code == 200
        assert other.requests == [] and other.connections == 0
        assert "api_base" not in stub.requests[-1]["body"] and "base_url" not in stub.requests[-1]["body"]
    finally:
        other.close()


def test_upstream_gets_the_configured_key_never_the_clients(router: Router, serve: Serve, stub: Any) -> None:
    """The client's proxy key stays at the proxy; the upstream sees only the configured remote key."""
    with serve(router) as url:
        httpx.post(
            f"{url}/v1/chat/completions",
            json={"model": "remote", "messages": [{"role": "user", "content": "hi"}]},
            headers=auth(),
            timeout=60,
        )
    sent = stub.requests[-1]["headers"]
    assert sent["authorization"] == f"Bearer {REMOTE_KEY}"
    assert PROXY_KEY not in repr(stub.requests)


def test_forged_router_headers_are_not_trusted(router: Router, serve: Serve, stub: Any) -> None:
    """x-router-* request headers change nothing and never travel upstream."""
    forged = {
        **auth(),
        "x-router-route": "remote",
        "x-router-tenant": "someone-else",
        "x-router-reason": "forced_remote",
        "x-router-cache": "hit",
    }
    body = {"model": "auto", "messages": [{"role": "user", "content": "Mail ann@example.com the notes"}]}
    with serve(router) as url:
        r = httpx.post(f"{url}/v1/chat/completions", json=body, headers=forged, timeout=60)
    assert r.headers["x-router-route"] == "local" and r.headers["x-router-cache"] == "miss"
    assert stub.requests == []


def test_keys_are_not_echoed_or_stored(router: Router, serve: Serve) -> None:
    """A wrong key is not echoed in the 401; the ledger stores a digest of the right one, not the key."""
    wrong = "sk-wrong-key-value-123456"
    with serve(router) as url:
        r = httpx.get(f"{url}/v1/models", headers=auth(wrong), timeout=60)
        assert r.status_code == 401 and wrong not in r.text
        ok = httpx.post(
            f"{url}/v1/chat/completions",
            json={"messages": [{"role": "user", "content": "hi"}]},
            headers=auth(),
            timeout=60,
        )
        assert ok.status_code == 200 and PROXY_KEY not in ok.text and REMOTE_KEY not in ok.text
    router.engine.ledger.flush()
    tenants = [
        t for (t,) in sqlite3.connect(router.settings.ledger_path()).execute("SELECT tenant FROM decisions")
    ]
    assert tenants and all(t.startswith("key:") and PROXY_KEY not in t for t in tenants)


def test_sensitive_cache_entries_stay_with_their_tenant(
    make_router: Callable[..., Router], serve: Serve
) -> None:
    """A cached answer to a sensitive prompt is never served to another tenant."""
    router = make_router(
        server={"api_keys": ["tenant-a-key", "tenant-b-key"]}, local={"n_threads": 1, "max_tokens": 4}
    )
    body = {"temperature": 0, "messages": [{"role": "user", "content": "My card is 4539 1488 0343 6467"}]}
    with serve(router) as url:
        first = httpx.post(f"{url}/v1/chat/completions", json=body, headers=auth("tenant-a-key"), timeout=60)
        again = httpx.post(f"{url}/v1/chat/completions", json=body, headers=auth("tenant-a-key"), timeout=60)
        other = httpx.post(f"{url}/v1/chat/completions", json=body, headers=auth("tenant-b-key"), timeout=60)
    assert (first.headers["x-router-cache"], again.headers["x-router-cache"]) == ("miss", "hit")
    assert other.headers["x-router-cache"] == "miss"
