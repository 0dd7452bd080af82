"""The response cache: keys, in-memory LRU/TTL, the real Redis, and Redis outages."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import redis
import redis.asyncio as aioredis

from router.cache import MemoryCache, RedisCache, cache_key, make_cache
from router.config import CacheSettings
from router.types import parse_request
from tests.conftest import REDIS_URL, free_port

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def _req(**params: object) -> object:
    return parse_request({"messages": [{"role": "user", "content": "hi"}], **params})


def test_key_depends_on_everything_that_changes_the_answer() -> None:
    """Tenant, backend, model, messages and sampling fields each change the key; stream does not."""
    base = cache_key("t1", "local", "m", _req(temperature=0))  # type: ignore[arg-type]
    assert base == cache_key("t1", "local", "m", _req(temperature=0, stream=True))  # type: ignore[arg-type]
    others = [
        cache_key("t2", "local", "m", _req(temperature=0)),  # type: ignore[arg-type]
        cache_key("t1", "remote", "m", _req(temperature=0)),  # type: ignore[arg-type]
        cache_key("t1", "local", "m2", _req(temperature=0)),  # type: ignore[arg-type]
        cache_key("t1", "local", "m", _req(temperature=0, max_tokens=5)),  # type: ignore[arg-type]
        cache_key("t1", "local", "m", _req(seed=1)),  # type: ignore[arg-type]
    ]
    assert base not in others and len(set(others)) == len(others)


async def test_memory_cache_expires_and_evicts() -> None:
    """Entries expire after their TTL, and the least recently used goes first past the bound."""
    now = [0.0]
    cache = MemoryCache(max_entries=2, clock=lambda: now[0])
    await cache.set("a", b"1", 10)
    await cache.set("b", b"2", 10)
    assert await cache.get("a") == b"1"  # a is now most recent
    await cache.set("c", b"3", 10)
    assert await cache.get("b") is None
    assert await cache.get("a") == b"1" and await cache.get("c") == b"3"
    now[0] = 11.0
    assert await cache.get("a") is None
    assert len(cache) == 1


async def test_real_redis_round_trip_with_prefix_and_ttl(redis_prefix: str) -> None:
    """Values go to the real Redis under our prefix, with the TTL set."""
    client = aioredis.Redis.from_url(REDIS_URL)
    cache = RedisCache(client, prefix=redis_prefix, timeout_s=0.5)
    try:
        assert await cache.get("k") is None
        await cache.set("k", b"value", 30)
        assert await cache.get("k") == b"value"
        raw = redis.Redis.from_url(REDIS_URL)
        assert raw.get(redis_prefix + "k") == b"value"
        assert 0 < raw.ttl(redis_prefix + "k") <= 30
        raw.delete(redis_prefix + "k")
        raw.close()
    finally:
        await cache.aclose()


async def test_unreachable_redis_is_a_fast_miss() -> None:
    """A refused connection costs one short timeout, then the breaker skips Redis entirely."""
    errors: list[str] = []
    cache = make_cache(
        CacheSettings(url=f"redis://127.0.0.1:{free_port()}/0", timeout_ms=50),
        on_error=lambda op, exc: errors.append(op),
    )
    assert isinstance(cache, RedisCache)
    started = time.perf_counter()
    assert await cache.get("k") is None
    await cache.set("k", b"v", 10)
    assert await cache.get("k") is None
    elapsed = time.perf_counter() - started
    assert errors == ["get"]  # the breaker opened after the first failure
    assert cache.circuit_open
    assert elapsed < 1.0
    await cache.aclose()


@pytest.fixture
def private_redis(tmp_path: Path) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """A redis-server of our own on a free port, so a test can stop it."""
    port = free_port()
    proc = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
         "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )  # fmt: skip
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.05)
    yield f"redis://127.0.0.1:{port}/0", proc
    proc.kill()
    proc.wait()


async def test_redis_stopped_mid_run_then_back(private_redis: tuple[str, subprocess.Popen[bytes]]) -> None:
    """When Redis dies, gets are misses (no exception); the breaker retries after its cool-down."""
    url, proc = private_redis
    now = [0.0]
    cache = RedisCache(aioredis.Redis.from_url(url), timeout_s=0.2, cooldown_s=5, clock=lambda: now[0])
    await cache.set("k", b"v", 60)
    assert await cache.get("k") == b"v"
    proc.kill()
    proc.wait()
    assert await cache.get("k") is None
    assert cache.circuit_open and cache.errors == 1
    assert await cache.get("k") is None and cache.errors == 1  # skipped, not retried
    now[0] = 6.0
    assert await cache.get("k") is None and cache.errors == 2  # half-open: tried once more
    await cache.aclose()
