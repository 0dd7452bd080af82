"""Remote spend budgets: periods, reservations, the engine's behaviour, and races across processes."""

from __future__ import annotations

import asyncio
import multiprocessing
import uuid
from collections.abc import Callable
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis

from router import Router
from router.budget import NANO, Budget, Limit, MemoryBudgetStore, RedisBudgetStore, period_key
from router.errors import BudgetExhausted
from tests.conftest import REDIS_URL

pytestmark = pytest.mark.anyio


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


def test_periods() -> None:
    """Daily and monthly periods have stable ids, an elapsed share and a TTL past their end."""
    noon = 1_767_268_800.0  # 2026-01-01T12:00:00Z
    ident, ttl, elapsed = period_key("daily", noon)
    assert (ident, elapsed) == ("2026-01-01", 0.5) and 43_200 < ttl <= 43_200 + 86_400
    ident, _, elapsed = period_key("monthly", noon)
    assert ident == "2026-01" and elapsed == pytest.approx(0.5 / 31)


async def test_reserve_and_settle_in_memory() -> None:
    """Reservations stop at the limit; settling replaces the hold by the actual cost."""
    budget = Budget(MemoryBudgetStore(), [Limit("global", "daily", 1.0)])
    first = await budget.reserve("t", 0.6)
    assert first is not None
    assert await budget.reserve("t", 0.6) is None  # 0.6 + 0.6 > 1.0
    await budget.settle(first, 0.1)
    assert await budget.reserve("t", 0.6) is not None  # 0.1 + 0.6 <= 1.0


async def test_tenant_budgets_apply_only_to_their_tenant() -> None:
    """A tenant limit refuses that tenant; a failing second scope releases the first hold."""
    store = MemoryBudgetStore()
    budget = Budget(store, [Limit("global", "daily", 10.0), Limit("tenant:a", "daily", 0.5)])
    assert await budget.reserve("a", 1.0) is None
    assert sum(store.counters.values()) == 0  # the global hold was released
    assert await budget.reserve("b", 1.0) is not None


def _race(prefix: str, n: int, out: Any) -> None:
    async def run() -> int:
        client = aioredis.Redis.from_url(REDIS_URL)
        budget = Budget(RedisBudgetStore(client, prefix=prefix), [Limit("global", "daily", 0.015)])
        results = await asyncio.gather(*(budget.reserve("t", 0.01) for _ in range(n)))
        await client.aclose()
        return sum(r is not None for r in results)

    out.put(asyncio.run(run()))


def test_concurrent_reservations_across_processes_never_overspend() -> None:
    """100 concurrent reservations from 4 processes on the real Redis: budget for one admits one."""
    prefix = f"hrtest:{uuid.uuid4().hex}:"
    ctx = multiprocessing.get_context("spawn")
    out = ctx.Queue()
    procs = [ctx.Process(target=_race, args=(prefix, 25, out)) for _ in range(4)]
    for p in procs:
        p.start()
    admitted = sum(out.get(timeout=60) for _ in procs)
    for p in procs:
        p.join(30)
    client = redis.Redis.from_url(REDIS_URL)
    keys = client.keys(prefix + "*")
    spent = sum(int(client.get(k) or 0) for k in keys) / NANO
    client.delete(*keys)
    client.close()
    assert admitted == 1
    assert spent == pytest.approx(0.01)


@pytest.fixture
def budget_router(make_router: Callable[..., Router], stub: Any) -> Callable[..., Router]:
    def build(**budget: Any) -> Router:
        return make_router(
            remote={
                "base_url": stub.base_url,
                "model": "big",
                "input_usd_per_mtok": 1000,
                "output_usd_per_mtok": 1000,
            },
            local={"n_threads": 1, "max_tokens": 4},
            policy={"threshold": 0.0},
            budget={"daily_usd": 0.05, **budget},
        )

    return build


def test_exhausted_budget_sends_remote_traffic_local(budget_router: Callable[..., Router], stub: Any) -> None:
    """With budget for a few calls, later remote-bound requests are answered locally, flagged degraded."""
    router = budget_router()
    routes = []
    for _ in range(6):
        result = router.chat("Explain the proof step by step.", max_tokens=8)
        routes.append((result.backend, result.degraded))  # type: ignore[union-attr]
    # each call holds (prompt ~12 + 8 completion tokens) x $1000/Mtok ~ $0.02 and spends 7 x $0.001
    assert routes[0] == ("remote", False)
    assert ("local", True) in routes
    assert len(stub.requests) == sum(r == ("remote", False) for r in routes)
    forced = router.chat("hi", model="remote", max_tokens=8000)
    assert forced.backend == "local" and "budget_exhausted" in forced.reason  # type: ignore[union-attr]


def test_refuse_mode_is_429(budget_router: Callable[..., Router]) -> None:
    """on_exhausted=refuse answers 429 budget_exhausted instead of going local."""
    router = budget_router(on_exhausted="refuse", daily_usd=0.0)
    with pytest.raises(BudgetExhausted) as info:
        router.chat("Explain the proof step by step.", max_tokens=8)
    assert info.value.status == 429 and info.value.code == "budget_exhausted"


async def test_engine_race_never_overspends(budget_router: Callable[..., Router], stub: Any) -> None:
    """20 concurrent remote-bound requests on a small budget: spend stays within it, the rest go local."""
    router = budget_router(daily_usd=0.045)
    router.bind()
    from router.types import parse_request

    req = parse_request({"messages": [{"role": "user", "content": "Explain it."}], "max_tokens": 8})
    results = await asyncio.gather(*(router.engine.complete(req) for _ in range(20)))
    remote = [r for r in results if r.backend == "remote"]
    assert 2 <= len(remote) == len(stub.requests) < 20
    assert sum(r.cost_usd for r in remote) <= 0.045
    assert all(r.degraded and "budget_exhausted" in r.reason for r in results if r.backend == "local")


async def test_track_mode_raises_the_threshold_when_spend_runs_ahead(
    budget_router: Callable[..., Router],
) -> None:
    """In track mode, spend ahead of the period's pace raises the effective threshold."""
    router = budget_router(mode="track", daily_usd=1.0, track_gain=0.5)
    engine = router.engine
    assert engine.budget is not None
    store = engine.budget.store
    assert isinstance(store, MemoryBudgetStore)
    ident, _, elapsed = period_key("daily", __import__("time").time())
    store.counters[f"budget:global:daily:{ident}"] = round(min(1.0, elapsed + 0.5) * NANO)
    from router.types import parse_request

    call = await engine._start(
        parse_request({"messages": [{"role": "user", "content": "x"}]}), "library", False
    )
    assert call.decision.threshold == pytest.approx(
        min(1.0, 0.5 * (min(1.0, elapsed + 0.5) - elapsed)), abs=1e-3
    )
    assert call.decision.threshold > 0.0
