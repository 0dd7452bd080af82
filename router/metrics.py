"""Prometheus counters of the decisions, kept per engine (no module-level state)."""

from __future__ import annotations

import threading
from collections import Counter

from router.ledger import LedgerRecord

__all__ = ["Metrics"]

_BUCKETS_MS = (1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000)


class Metrics:
    """Request counts by route and status, tokens, cost, cache hits and a latency histogram."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.requests: Counter[tuple[str, str]] = Counter()
        self.tokens: Counter[tuple[str, str]] = Counter()
        self.cost_usd: dict[str, float] = {}
        self.remote_cost_usd: float = 0.0
        self.cache_hits = 0
        self.degraded = 0
        self._latency_counts = [0] * len(_BUCKETS_MS)
        self._latency_sum = 0.0
        self._latency_n = 0

    def observe(self, rec: LedgerRecord) -> None:
        with self._lock:
            self.requests[(rec.route, rec.status)] += 1
            self.tokens[(rec.route, "prompt")] += rec.prompt_tokens
            self.tokens[(rec.route, "completion")] += rec.completion_tokens
            self.cost_usd[rec.route] = self.cost_usd.get(rec.route, 0.0) + rec.cost_usd
            self.remote_cost_usd += rec.remote_cost_usd
            self.cache_hits += rec.cache_hit
            self.degraded += rec.degraded
            for i, bound in enumerate(_BUCKETS_MS):
                if rec.latency_ms <= bound:
                    self._latency_counts[i] += 1
            self._latency_sum += rec.latency_ms
            self._latency_n += 1

    def render(self) -> str:
        """The Prometheus text exposition format."""
        with self._lock:
            lines = [
                "# HELP hybrid_router_requests_total Requests by route and status.",
                "# TYPE hybrid_router_requests_total counter",
            ]
            for (route, status), n in sorted(self.requests.items()):
                lines.append(f'hybrid_router_requests_total{{route="{route}",status="{status}"}} {n}')
            lines += [
                "# HELP hybrid_router_tokens_total Tokens by route and kind.",
                "# TYPE hybrid_router_tokens_total counter",
            ]
            for (route, kind), n in sorted(self.tokens.items()):
                lines.append(f'hybrid_router_tokens_total{{route="{route}",kind="{kind}"}} {n}')
            lines += [
                "# HELP hybrid_router_cost_usd_total Spend by route.",
                "# TYPE hybrid_router_cost_usd_total counter",
            ]
            for route, c in sorted(self.cost_usd.items()):
                lines.append(f'hybrid_router_cost_usd_total{{route="{route}"}} {c:.10f}')
            lines += [
                "# HELP hybrid_router_all_remote_cost_usd_total Spend had every request gone remote.",
                "# TYPE hybrid_router_all_remote_cost_usd_total counter",
                f"hybrid_router_all_remote_cost_usd_total {self.remote_cost_usd:.10f}",
                "# TYPE hybrid_router_cache_hits_total counter",
                f"hybrid_router_cache_hits_total {self.cache_hits}",
                "# TYPE hybrid_router_degraded_total counter",
                f"hybrid_router_degraded_total {self.degraded}",
                "# HELP hybrid_router_latency_ms Request latency in milliseconds.",
                "# TYPE hybrid_router_latency_ms histogram",
            ]
            for bound, n in zip(_BUCKETS_MS, self._latency_counts, strict=True):
                lines.append(f'hybrid_router_latency_ms_bucket{{le="{bound}"}} {n}')
            lines.append(f'hybrid_router_latency_ms_bucket{{le="+Inf"}} {self._latency_n}')
            lines.append(f"hybrid_router_latency_ms_sum {self._latency_sum:.3f}")
            lines.append(f"hybrid_router_latency_ms_count {self._latency_n}")
            return "\n".join(lines) + "\n"
