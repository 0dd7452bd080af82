"""One request's state while the engine runs it, and the ledger record it leaves."""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from policies.decision import Decision, Requested
from policies.redaction import Redaction
from router.backends.base import Backend
from router.ledger import LedgerRecord
from router.types import ChatRequest, Usage

__all__ = ["Call", "Prices", "log_fields", "make_record"]


@dataclass(frozen=True, slots=True)
class Prices:
    """USD per million input and output tokens."""

    input_per_mtok: float
    output_per_mtok: float

    def cost(self, usage: Usage) -> float:
        return (
            usage.prompt_tokens * self.input_per_mtok + usage.completion_tokens * self.output_per_mtok
        ) / 1e6


@dataclass
class Call:
    """What the engine knows about one request while it runs."""

    request_id: str
    started: float
    tenant: str
    request: ChatRequest
    requested: Requested
    decision: Decision
    backend: Backend
    redaction: Redaction | None = None
    remote_request: ChatRequest | None = None  # what may leave the machine (redacted if need be)
    degraded: bool = False
    cache_hit: bool = False
    reason: str = ""
    cascade: Any = None  # the cascade policy, when this call answers locally first
    escalated: bool = False
    confidence: float | None = None
    first_cost: float = 0.0  # cost of a local attempt that was escalated


def make_record(
    call: Call, usage: Usage, prices: Prices, remote_prices: Prices, now: float, status: str, error_code: str
) -> LedgerRecord:
    """The ledger record of a finished (or failed) call."""
    d = call.decision
    cost = 0.0 if call.cache_hit or d.route == "block" else prices.cost(usage) + call.first_cost
    route = "block" if d.route == "block" else call.backend.name
    return LedgerRecord(
        request_id=call.request_id,
        ts=now,
        tenant=call.tenant,
        route=route,
        reason=call.reason,
        policy=d.policy,
        difficulty=round(d.difficulty, 6),
        threshold=d.threshold,
        sensitive=d.sensitive,
        sensitive_types=",".join(d.sensitive_types),
        requested_model=call.request.model[:100],
        backend=call.backend.name,
        model=str(getattr(call.backend, "model", call.backend.name)),
        prompt_tokens=usage.prompt_tokens,
        completion_tokens=usage.completion_tokens,
        cost_usd=cost,
        remote_cost_usd=remote_prices.cost(usage),
        latency_ms=round((time.perf_counter() - call.started) * 1000, 3),
        cache_hit=call.cache_hit,
        degraded=call.degraded,
        stream=call.request.stream,
        status=status,
        error_code=error_code,
        escalated=call.escalated,
        confidence=call.confidence,
        first_cost_usd=call.first_cost,
    )


def log_fields(record: LedgerRecord) -> dict[str, Any]:
    fields = {k: getattr(record, k) for k in record.__slots__}
    fields.pop("ts", None)
    return fields
