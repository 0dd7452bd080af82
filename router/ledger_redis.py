"""Ledger aggregates in Redis, so ``report`` sees every replica.

Records' counters are summed in process and added about once a second to per-day hashes
(``<prefix>report:<day>``), one field per ``route|model|tenant|metric``. Errors are logged and the
batch dropped: the local SQLite ledger stays the record of truth.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import redis
import redis.asyncio as aioredis
import redis.exceptions

from router.ledger import LedgerRecord
from router.report import METRICS, Row

__all__ = ["RedisLedgerMirror", "redis_rows"]

_SEP = "\x1f"
_TTL_S = 400 * 86400


def _day(ts: float) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%d")


class RedisLedgerMirror:
    """Sums every record's counters in this process and adds them to Redis about once a second (one
    pipelined round trip per flush), so the request path does no Redis I/O for the report."""

    def __init__(
        self,
        client: aioredis.Redis,
        prefix: str = "hybrid-router:",
        on_error: Callable[[BaseException], None] | None = None,
        interval_s: float = 1.0,
    ) -> None:
        self._client = client
        self._prefix = prefix
        self._on_error = on_error
        self._interval = interval_s
        self._pending: dict[tuple[str, str], float] = {}  # (day key, field) -> amount
        self._timer: asyncio.TimerHandle | None = None
        self._tasks: set[asyncio.Task[None]] = set()
        self._open_until = 0.0

    def record(self, rec: LedgerRecord) -> None:
        """Add the record's counters; schedule a flush on the running loop (the engine's)."""
        key = f"{self._prefix}report:{_day(rec.ts)}"
        base = _SEP.join((rec.route, rec.model, rec.tenant)) + _SEP
        values = (
            1,
            rec.cost_usd,
            rec.remote_cost_usd,
            int(rec.cache_hit),
            int(rec.degraded),
            int(rec.status != "ok"),
            rec.prompt_tokens,
            rec.completion_tokens,
        )
        pending = self._pending
        for metric, value in zip(METRICS, values, strict=True):
            if value:
                field = (key, base + metric)
                pending[field] = pending.get(field, 0.0) + float(value)
        if self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._interval, self._start_flush)

    def _start_flush(self) -> None:
        self._timer = None
        task = asyncio.get_running_loop().create_task(self._flush())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _flush(self) -> None:
        pending, self._pending = self._pending, {}
        if not pending or time.monotonic() < self._open_until:
            return
        pipe = self._client.pipeline(transaction=False)
        for (key, field), value in pending.items():
            pipe.hincrbyfloat(key, field, value)
        for key in {key for key, _ in pending}:
            pipe.expire(key, _TTL_S)
        try:
            await pipe.execute()
        except (redis.exceptions.RedisError, OSError, TimeoutError) as exc:
            self._open_until = time.monotonic() + 5.0
            if self._on_error is not None:
                self._on_error(exc)

    async def aflush(self) -> None:
        """Send what is pending now, and wait for flushes in flight."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        await self._flush()
        if self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)

    async def aclose(self) -> None:
        await self.aflush()
        await self._client.aclose()


def redis_rows(client: redis.Redis, prefix: str, since: float | None, now: float | None = None) -> list[Row]:
    """Grouped counter rows from the per-day hashes (whole days from the day of ``since``)."""
    now = time.time() if now is None else now
    first = datetime.fromtimestamp(since if since is not None else now - 400 * 86400, UTC).date()
    last = datetime.fromtimestamp(now, UTC).date()
    days = [(first + timedelta(days=i)).isoformat() for i in range((last - first).days + 1)]
    pipe = client.pipeline(transaction=False)
    for day in days:
        pipe.hgetall(f"{prefix}report:{day}")
    rows: list[Row] = []
    for day, data in zip(days, pipe.execute(), strict=True):
        groups: dict[tuple[str, str, str], dict[str, float]] = {}
        for field, value in (data or {}).items():
            route, model, tenant, metric = _text(field).split(_SEP)
            groups.setdefault((route, model, tenant), {})[metric] = float(value)
        for (route, model, tenant), counters in groups.items():
            values = [counters.get(m, 0.0) for m in METRICS]
            rows.append((day, route, model, tenant, *values))  # type: ignore[arg-type]
    return rows


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
