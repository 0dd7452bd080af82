"""Measurements over HTTP: proxy overhead, throughput and streaming, against the direct path.

Every figure comes from bursts interleaved round by round (direct, hybrid-router, LiteLLM, in an order
that rotates each round), so slow drift of a shared machine hits all targets alike; each figure is the
median over rounds of a per-round difference or value.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from services import LoadGen, Service, configure_stub

PROMPT = "Summarise the plot of Hamlet in three sentences."
# Replaced by the load generator with a tag of its own in every request: no prompt repeats, as in real
# traffic (a repeated text would be answered from the classifiers' memo, not classified).
UNIQUE = "@@@@@@@@@@"


@dataclass(frozen=True)
class Target:
    name: str  # direct | hybrid_router | litellm
    url: str  # .../v1/chat/completions
    service: Service | None = None  # the proxy process (None: the stub itself)


def request_body(stream: bool = False) -> dict[str, Any]:
    body: dict[str, Any] = {
        "model": "remote",
        "messages": [{"role": "user", "content": f"{PROMPT} Reference: {UNIQUE}."}],
        "max_tokens": 32,
    }
    if stream:
        body["stream"] = True
    return body


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in [0, 100]); NaN for no values."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered), max(1, math.ceil(q / 100 * len(ordered)))) - 1]


def median(values: Sequence[float]) -> float:
    clean = [v for v in values if v == v]
    return statistics.median(clean) if clean else float("nan")


def rotated(items: Sequence[Target], k: int) -> list[Target]:
    k %= len(items)
    return [*items[k:], *items[:k]]


def _rounds(
    targets: Sequence[Target], rounds: int, run: Callable[[Target], dict[str, Any]]
) -> dict[str, list[dict[str, Any]]]:
    """Per target, one burst result per round, targets interleaved in a rotating order."""
    out: dict[str, list[dict[str, Any]]] = {t.name: [] for t in targets}
    for r in range(rounds):
        for target in rotated(targets, r):
            cpu0 = target.service.cpu_seconds() if target.service else 0.0
            result = run(target)
            if target.service is not None:
                result["cpu_s"] = target.service.cpu_seconds() - cpu0
            out[target.name].append(result)
    return out


def _burst_stats(result: dict[str, Any]) -> dict[str, float]:
    lat = result["latency_ms"]
    total = result["requests"] or 1
    stats = {
        "p50_ms": percentile(lat, 50),
        "p99_ms": percentile(lat, 99),
        "rps": result["rps"],
        "error_rate": 1 - result["ok"] / total,
    }
    if "cpu_s" in result:
        stats["cpu_ms_per_request"] = 1000 * result["cpu_s"] / total
    return stats


def proxy_overhead(
    load: LoadGen, targets: Sequence[Target], *, concurrency: int, rounds: int, burst_s: float
) -> dict[str, Any]:
    """Latency through each proxy minus direct to the stub, p50 and p99, and throughput."""

    def run(target: Target) -> dict[str, Any]:
        return load.burst(
            url=target.url,
            body=request_body(),
            unique=UNIQUE,
            concurrency=concurrency,
            duration_s=burst_s,
            warmup=2,
            timeout_s=30,
        )

    per_target = _rounds(targets, rounds, run)
    stats = {name: [_burst_stats(r) for r in results] for name, results in per_target.items()}
    summary: dict[str, Any] = {"concurrency": concurrency, "rounds": rounds, "burst_s": burst_s}
    for name, rows in stats.items():
        summary[name] = {key: median([row[key] for row in rows]) for key in rows[0]}
        summary[name]["requests"] = sum(r["requests"] for r in per_target[name])
        summary[name]["errors"] = _merge_errors(per_target[name])
    direct = stats["direct"]
    for name, rows in stats.items():
        if name == "direct":
            continue
        for q in ("p50_ms", "p99_ms"):
            summary[name][f"overhead_{q}"] = median(
                [row[q] - d[q] for row, d in zip(rows, direct, strict=True)]
            )
        summary[name]["rps_ratio_to_direct"] = median(
            [row["rps"] / d["rps"] for row, d in zip(rows, direct, strict=True) if d["rps"]]
        )
    if "litellm" in stats and "hybrid_router" in stats:
        ours, theirs = stats["hybrid_router"], stats["litellm"]
        summary["litellm_over_ours"] = {
            "overhead_p50": _ratio(
                summary["litellm"]["overhead_p50_ms"], summary["hybrid_router"]["overhead_p50_ms"]
            ),
            "overhead_p99": _ratio(
                summary["litellm"]["overhead_p99_ms"], summary["hybrid_router"]["overhead_p99_ms"]
            ),
            "rps_ours_over_litellm": median(
                [o["rps"] / t["rps"] for o, t in zip(ours, theirs, strict=True) if t["rps"]]
            ),
        }
    return summary


def _ratio(a: float, b: float) -> float:
    return a / b if b > 0 else float("nan")


def _merge_errors(results: Sequence[dict[str, Any]]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for result in results:
        for key, n in result["errors"].items():
            merged[key] = merged.get(key, 0) + n
    return merged


def streaming(
    load: LoadGen,
    stub: Service,
    targets: Sequence[Target],
    *,
    rounds: int,
    requests: int,
    chunks: int,
    gap_ms: float,
) -> dict[str, Any]:
    """Time to first event through each proxy minus direct; added time per chunk, with chunks paced
    ``gap_ms`` apart (are they forwarded as they arrive?) and sent in one burst (what one chunk costs);
    whether every proxy forwards as many chunks as the upstream sent. Also the non-streamed overhead
    when each request follows an idle pause as long as a paced stream (``paused_plain``): a paced
    stream's next request finds the processes mostly idle for that long, and an idle process answers
    slower (caches gone cold, CPUs asleep), more so a proxy, with more code and more hops than the stub."""
    out: dict[str, Any] = {
        "chunks": chunks,
        "gap_ms": gap_ms,
        "rounds": rounds,
        "requests_per_round": requests,
    }

    def one_at_a_time(target: Target, *, stream: bool, pause_ms: float = 0.0) -> dict[str, Any]:
        return load.burst(
            url=target.url,
            body=request_body(stream=stream),
            unique=UNIQUE,
            concurrency=1,
            duration_s=60,
            max_requests=requests,
            warmup=2,
            stream=stream,
            pause_ms=pause_ms,
        )

    try:
        for mode, gap in (("paced", gap_ms), ("burst", 0.0)):
            configure_stub(stub, chunks=chunks, chunk_delay_ms=gap)
            per_target = _rounds(targets, rounds, lambda t: one_at_a_time(t, stream=True))
            out[mode] = _stream_summary(per_target)
    finally:
        configure_stub(stub)
    pause_ms = chunks * gap_ms  # about as long as a paced stream lasts
    per_target = _rounds(targets, rounds, lambda t: one_at_a_time(t, stream=False, pause_ms=pause_ms))
    out["paused_plain"] = {"pause_ms": pause_ms, **_paused_summary(per_target)}
    return out


def _paused_summary(per_target: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    """p50 latency per target (median over rounds); for proxies its overhead over direct, round by round."""
    p50 = {name: [percentile(r["latency_ms"], 50) for r in results] for name, results in per_target.items()}
    summary: dict[str, Any] = {}
    for name, values in p50.items():
        summary[name] = {"p50_ms": median(values), "errors": _merge_errors(per_target[name])}
        if name != "direct":
            pairs = zip(values, p50["direct"], strict=True)
            summary[name]["overhead_p50_ms"] = median([v - d for v, d in pairs])
    return summary


def _stream_summary(per_target: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    def per_round(result: dict[str, Any]) -> dict[str, float]:
        events = result["events"]
        spans = [s / max(n - 1, 1) for s, n in zip(result["span_ms"], events, strict=True)]
        return {
            "ttft_ms": median(result["ttft_ms"]),
            "per_chunk_ms": median(spans),
            "total_ms": median(result["latency_ms"]),
        }

    stats = {name: [per_round(r) for r in results] for name, results in per_target.items()}
    direct = stats["direct"]
    summary: dict[str, Any] = {}
    for name, rows in stats.items():
        events = sorted({n for r in per_target[name] for n in r["events"]})
        summary[name] = {key: median([row[key] for row in rows]) for key in rows[0]}
        summary[name]["chunk_counts"] = events
        summary[name]["errors"] = _merge_errors(per_target[name])
        if name != "direct":
            pairs = list(zip(rows, direct, strict=True))
            summary[name]["ttft_added_ms"] = median([r["ttft_ms"] - d["ttft_ms"] for r, d in pairs])
            summary[name]["per_chunk_added_ms"] = median(
                [r["per_chunk_ms"] - d["per_chunk_ms"] for r, d in pairs]
            )
            summary[name]["chunk_count_identical"] = events == summary["direct"]["chunk_counts"]
    return summary
