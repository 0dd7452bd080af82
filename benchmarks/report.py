"""The targets and the printed table of a benchmark run (from the results dictionary alone)."""

from __future__ import annotations

import math
from typing import Any


def get(data: Any, *path: str) -> Any:
    """``data[path[0]][path[1]]…``, or None where a key is missing."""
    for key in path:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


# name -> (where the value is, comparison, bound, unit)
TARGETS: dict[str, tuple[tuple[str, ...], str, float, str]] = {
    "proxy overhead p50, concurrency 1": (("proxy", "c1", "hybrid_router", "overhead_p50_ms"), "<=", 1, "ms"),
    "LiteLLM overhead / ours, p50, concurrency 1": (
        ("proxy", "c1", "litellm_over_ours", "overhead_p50"), ">=", 4, "×",
    ),
    "throughput ours / LiteLLM, concurrency 32": (
        ("proxy", "c32", "litellm_over_ours", "rps_ours_over_litellm"), ">=", 3, "×",
    ),
    "streaming TTFT added": (("streaming", "paced", "hybrid_router", "ttft_added_ms"), "<=", 1.0, "ms"),
    "routing decision p50, 2,000 chars": (("classifiers", "route_2000_p50_ms"), "<=", 1.0, "ms"),
    "cache hit p50, Redis": (("cache", "redis", "hit_p50_ms"), "<=", 1.0, "ms"),
    "local tokens/s, router / direct": (("local_model", "ratio"), ">=", 0.95, "×"),
}  # fmt: skip


def check_targets(results: dict[str, Any]) -> list[dict[str, Any]]:
    """Each target with its measured value and whether it passes (None: not measured)."""
    out = []
    for name, (path, op, bound, unit) in TARGETS.items():
        value = get(results, *path)
        ok = None
        if isinstance(value, int | float) and not math.isnan(value):
            ok = value <= bound if op == "<=" else value >= bound
        out.append({"name": name, "value": value, "op": op, "bound": bound, "unit": unit, "pass": ok})
    return out


def fmt(value: Any, unit: str = "", digits: int = 3) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "NO"
    if isinstance(value, float):
        if math.isnan(value):
            return "n/a"
        text = f"{value:.{digits}g}" if abs(value) < 1000 else f"{value:,.0f}"
        return f"{text} {unit}".strip()
    return f"{value} {unit}".strip()


def pair(a: Any, b: Any, unit: str) -> str:
    return f"{fmt(a)} / {fmt(b, unit)}"


class Table:
    """Rows of (section, measure, value, target verdict)."""

    def __init__(self, targets: list[dict[str, Any]]) -> None:
        self.rows: list[tuple[str, str, str, str]] = []
        self._targets = {t["name"]: t for t in targets}

    def add(self, section: str, measure: str, value: str, target: str | None = None) -> None:
        verdict = ""
        if target is not None:
            t = self._targets[target]
            mark = {True: "PASS", False: "FAIL", None: "n/a"}[t["pass"]]
            verdict = f"{mark} ({t['op']} {t['bound']:g} {t['unit']})"
        self.rows.append((section, measure, value, verdict))

    def render(self) -> list[str]:
        heads = ("section", "measure", "value", "target")
        widths = [max([len(h), *(len(r[i]) for r in self.rows)]) for i, h in enumerate(heads)]
        line = "  ".join(f"{{:<{w}}}" for w in widths)
        out = [line.format(*heads), line.format(*("-" * w for w in widths))]
        return out + [line.format(*row).rstrip() for row in self.rows]


def _proxy_rows(table: Table, results: dict[str, Any]) -> None:
    for c in ("c1", "c32"):
        block = get(results, "proxy", c)
        if not block:
            continue
        section = f"proxy c={c[1:]}"
        d = block["direct"]
        table.add(section, "direct to stub p50 / p99 (client floor)", pair(d["p50_ms"], d["p99_ms"], "ms"))
        for name, label in (("hybrid_router", "hybrid-router"), ("litellm", "LiteLLM")):
            t = block.get(name)
            if not t:
                continue
            target = "proxy overhead p50, concurrency 1" if (name, c) == ("hybrid_router", "c1") else None
            table.add(
                section,
                f"{label} overhead p50 / p99",
                pair(t["overhead_p50_ms"], t["overhead_p99_ms"], "ms"),
                target,
            )
            table.add(section, f"{label} CPU per request", fmt(t.get("cpu_ms_per_request"), "ms"))
        ratio = block.get("litellm_over_ours")
        if ratio:
            target = "LiteLLM overhead / ours, p50, concurrency 1" if c == "c1" else None
            table.add(
                section,
                "LiteLLM overhead / ours, p50 (p99)",
                f"{fmt(ratio['overhead_p50'], '×')} ({fmt(ratio['overhead_p99'], '×')})",
                target,
            )
        for name, label in (("direct", "direct"), ("hybrid_router", "hybrid-router"), ("litellm", "LiteLLM")):
            if name in block:
                t = block[name]
                table.add(
                    section,
                    f"{label} req/s (errors)",
                    f"{fmt(t['rps'], digits=4)} ({100 * t['error_rate']:.1f}%)",
                )
        if ratio:
            target = "throughput ours / LiteLLM, concurrency 32" if c == "c32" else None
            table.add(section, "throughput ours / LiteLLM", fmt(ratio["rps_ours_over_litellm"], "×"), target)


def _stream_rows(table: Table, results: dict[str, Any]) -> None:
    s = results.get("streaming")
    if not s:
        return
    for mode in ("paced", "burst"):
        block = s.get(mode)
        if not block:
            continue
        section = f"stream {s['chunks']} chunks " + (
            f"{s['gap_ms']:g} ms apart" if mode == "paced" else "in one burst"
        )
        for name, label in (("hybrid_router", "hybrid-router"), ("litellm", "LiteLLM")):
            t = block.get(name)
            if not t:
                continue
            target = "streaming TTFT added" if (name, mode) == ("hybrid_router", "paced") else None
            table.add(
                section,
                f"{label} TTFT added / per chunk added",
                pair(t["ttft_added_ms"], t["per_chunk_added_ms"], "ms"),
                target,
            )
            direct = block["direct"]["chunk_counts"]
            counts = f"{fmt(t['chunk_count_identical'])} ({t['chunk_counts']} vs {direct} direct)"
            table.add(section, f"{label} chunk count identical", counts)
    paused = s.get("paused_plain")
    if paused:
        section = f"plain after {paused['pause_ms']:g} ms idle"
        for name, label in (("hybrid_router", "hybrid-router"), ("litellm", "LiteLLM")):
            if isinstance(paused.get(name), dict):
                table.add(
                    section,
                    f"{label} overhead p50 (compare TTFT added)",
                    fmt(paused[name]["overhead_p50_ms"], "ms"),
                )


def _inproc_rows(table: Table, results: dict[str, Any]) -> None:
    cl = results.get("classifiers")
    if cl:
        for size, v in cl["sizes"].items():
            table.add(
                "classifiers",
                f"difficulty / sensitivity, {int(size):,} chars",
                pair(v["difficulty_us"], v["sensitivity_us"], "µs"),
            )
        table.add(
            "classifiers", "routing decision p50 / p99, 2,000 chars",
            pair(cl["route_2000_p50_ms"], cl["route_2000_p99_ms"], "ms"), "routing decision p50, 2,000 chars",
        )  # fmt: skip
    ca = results.get("cache")
    if ca:
        for name in ("memory", "redis", "redis_no_mirror"):
            v = ca.get(name)
            if not v:
                continue
            section = "cache redis, ledger mirror off" if name == "redis_no_mirror" else f"cache {name}"
            target = "cache hit p50, Redis" if name == "redis" else None
            table.add(
                section, "hit p50 / p99 (library call)", pair(v["hit_p50_ms"], v["hit_p99_ms"], "ms"), target
            )
            speedup = fmt(v["speedup_vs_500ms_remote"], "×", 4)
            table.add(
                section,
                "500 ms remote: miss / hit",
                f"{pair(v['remote_500ms_miss_ms'], v['remote_500ms_hit_ms'], 'ms')} ({speedup})",
            )
            table.add(section, "miss overhead vs no cache", fmt(v["miss_overhead_ms"], "ms"))
        if "redis_unavailable" in ca:
            table.add("cache redis", "not measured", ca["redis_unavailable"][:60])
    lm = results.get("local_model")
    if lm:
        value = f"{pair(lm['router_tokens_per_s'], lm['direct_tokens_per_s'], '')} = {fmt(lm['ratio'], '×')}"
        table.add("local model", "tokens/s router / direct", value, "local tokens/s, router / direct")
        table.add("local model", "same greedy text", fmt(lm["same_text"]))
    lg = results.get("logging")
    if lg:
        added = lg["added_us_per_request"]
        table.add(
            "log + ledger", "engine per request, neither", fmt(lg["engine_us_per_request"]["none"], "µs")
        )
        table.add(
            "log + ledger",
            "added: log / ledger / both",
            f"{fmt(added['log'])} / {fmt(added['ledger'])} / {fmt(added['both'], 'µs')}",
        )


def render(results: dict[str, Any]) -> str:
    """The whole printout: machine, versions, the table, and notes on what could not be measured."""
    m, v, g = results["machine"], results["versions"], results["git"]
    commit = (g["commit"] or "?")[:10] + (" (dirty)" if g["dirty"] else "")
    lines = [
        f"hybrid-router benchmarks ({results['mode']}), {results['started']}, {results['duration_s']:.0f} s",
        f"machine: {m['cpu_model'] or 'unknown CPU'}, {m['cpu_count']} CPUs ({m['cpus_usable']} usable), "
        f"{m['memory_gib']} GiB, {m['platform']}; "
        f"load average {m['loadavg_start'][0]:.2f} → {m['loadavg_end'][0]:.2f}",
        f"python {m['python']}; hybrid-router {v.get('hybrid-router')} @ {commit}; "
        f"uvicorn {v.get('uvicorn')}, starlette {v.get('starlette')}, httpx {v.get('httpx')}; "
        f"litellm {v.get('litellm') or 'not installed'}; redis server {v.get('redis_server')}",
        "",
    ]
    table = Table(results["targets"])
    _proxy_rows(table, results)
    _stream_rows(table, results)
    _inproc_rows(table, results)
    lines += table.render()
    passed = sum(t["pass"] is True for t in results["targets"])
    lines += ["", f"targets met: {passed} of {len(results['targets'])}"]
    lines += [f"note: {name}: {message[:300]}" for name, message in results["errors"].items()]
    return "\n".join(lines)
