"""Exact-match response cache: in-memory LRU by default, Redis when configured.

A cache never fails a request: Redis errors and timeouts count as misses, and after one a circuit
breaker skips Redis for a cool-down so an outage costs at most one short timeout per cool-down.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Any, Protocol

import redis.asyncio as aioredis
import redis.exceptions

from router.config import CacheSettings
from router.types import ChatRequest

__all__ = ["Cache", "MemoryCache", "RedisCache", "ResponseCache", "cache_key", "make_cache"]

Clock = Callable[[], float]


class Cache(Protocol):
    """Bytes by key, with a time to live."""

    name: str

    async def get(self, key: str) -> bytes | None: ...

    async def set(self, key: str, value: bytes, ttl_s: int) -> None: ...

    async def aclose(self) -> None: ...


def cache_key(tenant: str, backend: str, model: str, request: ChatRequest) -> str:
    """A digest of everything that decides the answer: tenant, backend, model, messages, parameters."""
    material = {
        "tenant": tenant,
        "backend": backend,
        "model": model,
        "messages": [m.model_dump(exclude_none=True) for m in request.messages],
        "params": request.output_params(),
    }
    blob = json.dumps(material, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(blob.encode("utf-8", "surrogatepass")).hexdigest()


class MemoryCache:
    """A bounded LRU dictionary with per-entry expiry."""

    name = "memory"

    def __init__(self, max_entries: int = 4096, clock: Clock = time.monotonic) -> None:
        self._max = max_entries
        self._clock = clock
        self._data: OrderedDict[str, tuple[float, bytes]] = OrderedDict()

    async def get(self, key: str) -> bytes | None:
        item = self._data.get(key)
        if item is None:
            return None
        expires, value = item
        if expires <= self._clock():
            del self._data[key]
            return None
        self._data.move_to_end(key)
        return value

    async def set(self, key: str, value: bytes, ttl_s: int) -> None:
        self._data[key] = (self._clock() + ttl_s, value)
        self._data.move_to_end(key)
        while len(self._data) > self._max:
            self._data.popitem(last=False)

    def __len__(self) -> int:
        return len(self._data)

    async def aclose(self) -> None:
        self._data.clear()


class RedisCache:
    """Redis (``redis.asyncio``) under a key prefix, with short timeouts and a circuit breaker."""

    name = "redis"

    def __init__(
        self,
        client: aioredis.Redis,
        *,
        prefix: str = "hybrid-router:",
        timeout_s: float = 0.05,
        cooldown_s: float = 5.0,
        clock: Clock = time.monotonic,
        on_error: Callable[[str, BaseException], None] | None = None,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._timeout = timeout_s
        self._cooldown = cooldown_s
        self._clock = clock
        self._open_until = 0.0
        self._on_error = on_error
        self.errors = 0

    @property
    def circuit_open(self) -> bool:
        return self._clock() < self._open_until

    def _trip(self, op: str, exc: BaseException) -> None:
        self.errors += 1
        self._open_until = self._clock() + self._cooldown
        if self._on_error is not None:
            self._on_error(op, exc)

    async def get(self, key: str) -> bytes | None:
        if self.circuit_open:
            return None
        try:
            async with asyncio.timeout(self._timeout):
                value: Any = await self._client.get(self._prefix + key)
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            self._trip("get", exc)
            return None
        return value if isinstance(value, bytes) else None

    async def set(self, key: str, value: bytes, ttl_s: int) -> None:
        if self.circuit_open:
            return
        try:
            async with asyncio.timeout(self._timeout):
                await self._client.set(self._prefix + key, value, ex=ttl_s)
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            self._trip("set", exc)

    async def aclose(self) -> None:
        await self._client.aclose()


class ResponseCache:
    """The engine's view of a cache: whole ``chat.completion`` bodies (JSON) under request keys; only
    deterministic requests unless ``only_deterministic`` is off."""

    def __init__(self, cache: Cache | None, settings: CacheSettings) -> None:
        self._cache = cache
        self._settings = settings

    def key(self, tenant: str, backend: str, model: str, request: ChatRequest) -> str | None:
        if self._cache is None or (self._settings.only_deterministic and not request.deterministic):
            return None
        return cache_key(tenant, backend, model, request)

    async def get(self, key: str | None) -> dict[str, Any] | None:
        if key is None or self._cache is None:
            return None
        raw = await self._cache.get(key)
        if raw is None:
            return None
        try:
            body = json.loads(raw)
        except ValueError:
            return None
        return body if isinstance(body, dict) else None

    async def set(self, key: str | None, body: dict[str, Any]) -> None:
        if key is not None and self._cache is not None:
            await self._cache.set(key, json.dumps(body).encode(), self._settings.ttl_s)


def make_cache(
    settings: CacheSettings, on_error: Callable[[str, BaseException], None] | None = None
) -> Cache:
    """The cache the settings ask for (the Redis client connects lazily, so start-up never waits)."""
    if not settings.url:
        return MemoryCache(settings.max_entries)
    timeout = settings.timeout_ms / 1000
    client = aioredis.Redis.from_url(
        settings.url, socket_timeout=timeout, socket_connect_timeout=timeout, retry_on_timeout=False
    )
    return RedisCache(client, prefix=settings.prefix, timeout_s=timeout, on_error=on_error)
