"""Remote spend budgets per day or month, globally and per tenant.

Before a remote call the engine reserves the call's worst-case cost (prompt estimate plus the
completion cap at the remote price) in every budget that applies; the reservation fails if it would
pass a limit. After the call the reservation is settled to the actual cost. With Redis the counters are
shared by all replicas and a Lua script makes check-and-add one atomic step, so concurrent requests
cannot overspend: every admitted request fitted in what was left.

Amounts are kept as integer nano-dollars (exact addition; a cheap call still counts).
"""

from __future__ import annotations

import calendar
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import redis.asyncio as aioredis
import redis.exceptions

__all__ = [
    "Budget",
    "BudgetStore",
    "Limit",
    "MemoryBudgetStore",
    "RedisBudgetStore",
    "Reservation",
    "period_key",
]

NANO = 1_000_000_000

_RESERVE = """
local spent = tonumber(redis.call('GET', KEYS[1]) or '0')
if spent + tonumber(ARGV[1]) > tonumber(ARGV[2]) then return 0 end
redis.call('INCRBY', KEYS[1], ARGV[1])
redis.call('EXPIRE', KEYS[1], ARGV[3])
return 1
"""


class BudgetStore(Protocol):
    """Spend counters in nano-dollars."""

    async def reserve(self, key: str, amount: int, limit: int, ttl_s: int) -> bool: ...

    async def add(self, key: str, amount: int, ttl_s: int) -> None: ...

    async def spent(self, key: str) -> int: ...


class MemoryBudgetStore:
    """Counters in this process (one event loop: check-and-add cannot interleave)."""

    def __init__(self) -> None:
        self.counters: dict[str, int] = {}

    async def reserve(self, key: str, amount: int, limit: int, ttl_s: int) -> bool:
        spent = self.counters.get(key, 0)
        if spent + amount > limit:
            return False
        self.counters[key] = spent + amount
        return True

    async def add(self, key: str, amount: int, ttl_s: int) -> None:
        self.counters[key] = self.counters.get(key, 0) + amount

    async def spent(self, key: str) -> int:
        return self.counters.get(key, 0)


class RedisBudgetStore:
    """Counters in Redis, shared by every replica; reserve is one atomic Lua call."""

    def __init__(self, client: aioredis.Redis, prefix: str = "hybrid-router:") -> None:
        self._client = client
        self._prefix = prefix
        self._script: Any = client.register_script(_RESERVE)

    async def reserve(self, key: str, amount: int, limit: int, ttl_s: int) -> bool:
        return bool(await self._script(keys=[self._prefix + key], args=[amount, limit, ttl_s]))

    async def add(self, key: str, amount: int, ttl_s: int) -> None:
        pipe = self._client.pipeline(transaction=True)
        pipe.incrby(self._prefix + key, amount)
        pipe.expire(self._prefix + key, ttl_s)
        await pipe.execute()

    async def spent(self, key: str) -> int:
        value = await self._client.get(self._prefix + key)
        return int(value or 0)

    async def aclose(self) -> None:
        await self._client.aclose()


def period_key(period: str, now: float) -> tuple[str, int, float]:
    """``(period id, seconds until it ends + a day, elapsed fraction)`` for ``daily`` or ``monthly``."""
    t = datetime.fromtimestamp(now, UTC)
    if period == "daily":
        start = datetime(t.year, t.month, t.day, tzinfo=UTC).timestamp()
        length = 86400.0
        ident = t.strftime("%Y-%m-%d")
    else:
        start = datetime(t.year, t.month, 1, tzinfo=UTC).timestamp()
        length = calendar.monthrange(t.year, t.month)[1] * 86400.0
        ident = t.strftime("%Y-%m")
    remaining = start + length - now
    return ident, int(remaining) + 86400, (now - start) / length


@dataclass(frozen=True)
class Limit:
    """One budget: a scope (``global`` or a tenant), a period and a limit in USD."""

    scope: str
    period: str
    usd: float


@dataclass
class Reservation:
    """Amounts reserved under each key, to settle after the call."""

    held: list[tuple[str, int, int]]  # (key, nano-dollars, ttl)


class Budget:
    """Checks and records remote spend against the configured limits."""

    def __init__(
        self,
        store: BudgetStore,
        limits: list[Limit],
        *,
        on_error: Callable[[BaseException], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.limits = limits
        self._on_error = on_error
        self._clock = clock

    def applies(self, tenant: str) -> list[Limit]:
        return [lim for lim in self.limits if lim.scope in ("global", f"tenant:{tenant}")]

    def _key(self, limit: Limit, now: float) -> tuple[str, int, float]:
        ident, ttl, elapsed = period_key(limit.period, now)
        return f"budget:{limit.scope}:{limit.period}:{ident}", ttl, elapsed

    async def reserve(self, tenant: str, usd: float) -> Reservation | None:
        """Hold ``usd`` in every budget of this tenant, or nothing (None) if one would be exceeded.

        A store failure also refuses: with the counters unreachable, spend cannot be kept in bounds.
        """
        amount = max(1, round(usd * NANO))
        now = self._clock()
        held: list[tuple[str, int, int]] = []
        try:
            for limit in self.applies(tenant):
                key, ttl, _ = self._key(limit, now)
                if not await self.store.reserve(key, amount, round(limit.usd * NANO), ttl):
                    await self._release(held)
                    return None
                held.append((key, amount, ttl))
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            if self._on_error is not None:
                self._on_error(exc)
            await self._release(held)
            return None
        return Reservation(held)

    async def settle(self, reservation: Reservation, usd: float) -> None:
        """Replace the held amounts by the actual cost (0 to release)."""
        actual = round(usd * NANO)
        try:
            for key, amount, ttl in reservation.held:
                if actual != amount:
                    await self.store.add(key, actual - amount, ttl)
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            if self._on_error is not None:
                self._on_error(exc)
        reservation.held = []

    async def _release(self, held: list[tuple[str, int, int]]) -> None:
        for key, amount, ttl in held:
            await self.store.add(key, -amount, ttl)

    async def pace(self, tenant: str) -> float | None:
        """How far spend runs ahead of time: max over budgets of (spent share − elapsed share), or None."""
        now = self._clock()
        worst: float | None = None
        for limit in self.applies(tenant):
            key, _, elapsed = self._key(limit, now)
            try:
                spent = await self.store.spent(key) / NANO
            except (redis.exceptions.RedisError, OSError, TimeoutError):
                continue
            ahead = spent / limit.usd - elapsed if limit.usd > 0 else 1.0
            worst = ahead if worst is None else max(worst, ahead)
        return worst
