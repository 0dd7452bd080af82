"""What routing saved: spend by route, model, tenant and day, the counterfactual all-remote spend,
shares local/remote/blocked/cached, degraded and failed requests.

Both sources give the same rows, ``(day, route, model, tenant, counters...)``: the SQLite ledger with
one grouped query (a full scan: about a second per million requests), or the per-day aggregates every
replica adds to Redis (see ``router.ledger_redis``).
"""

from __future__ import annotations

import re
import sqlite3
import time
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from router.errors import InvalidRequest
from router.ledger import connect

__all__ = ["METRICS", "Row", "parse_since", "sqlite_rows", "summarize", "summarize_rows"]

_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}

# counters per (day, route, model, tenant), in this order
METRICS = (
    "requests",
    "cost_usd",
    "all_remote_cost_usd",
    "cache_hits",
    "degraded",
    "errors",
    "prompt_tokens",
    "completion_tokens",
)
Row = tuple[str, str, str, str, float, float, float, float, float, float, float, float]


def parse_since(text: str | None, now: float | None = None) -> float | None:
    """A start time from ``24h``/``7d``-style durations or an ISO date/time; None for no bound."""
    if not text:
        return None
    now = time.time() if now is None else now
    m = _RELATIVE.match(text.strip())
    if m:
        return now - float(m.group(1)) * _UNIT_S[m.group(2)]
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise InvalidRequest(f"--since must be like 24h, 7d or an ISO date, not {text!r}") from exc
    return (when if when.tzinfo else when.replace(tzinfo=UTC)).timestamp()


def sqlite_rows(path: Path, since: float | None = None) -> list[Row]:
    """Grouped counters from the SQLite ledger (one scan)."""
    if not path.exists():
        return []
    conn: sqlite3.Connection = connect(path)
    try:
        rows = conn.execute(
            "SELECT date(ts, 'unixepoch'), route, model, tenant, COUNT(*), TOTAL(cost_usd), "
            "TOTAL(remote_cost_usd), TOTAL(cache_hit), TOTAL(degraded), TOTAL(status != 'ok'), "
            "TOTAL(prompt_tokens), TOTAL(completion_tokens) "
            "FROM decisions WHERE ts >= ? GROUP BY 1, 2, 3, 4",
            (since or 0.0,),
        ).fetchall()
    finally:
        conn.close()
    return [tuple(r) for r in rows]


def _add(into: dict[str, dict[str, float]], key: str, values: dict[str, float]) -> None:
    slot = into.setdefault(key, dict.fromkeys(METRICS, 0.0))
    for k, v in values.items():
        slot[k] += v


def _finish(group: dict[str, dict[str, float]]) -> dict[str, dict[str, Any]]:
    out = {}
    for key, v in sorted(group.items()):
        out[key] = {
            "requests": int(v["requests"]),
            "cost_usd": v["cost_usd"],
            "all_remote_cost_usd": v["all_remote_cost_usd"],
            "savings_usd": v["all_remote_cost_usd"] - v["cost_usd"],
        }
    return out


def summarize_rows(rows: Iterable[Row]) -> dict[str, Any]:
    """Totals, shares and breakdowns from grouped counter rows."""
    total = dict.fromkeys(METRICS, 0.0)
    by: dict[str, dict[str, dict[str, float]]] = {"route": {}, "model": {}, "tenant": {}, "day": {}}
    for day, route, model, tenant, *counters in rows:
        values = dict(zip(METRICS, (float(c or 0) for c in counters), strict=True))
        for k, v in values.items():
            total[k] += v
        for name, key in (("route", route), ("model", model), ("tenant", tenant), ("day", day)):
            _add(by[name], str(key), values)
    n = int(total["requests"])
    cost, remote = total["cost_usd"], total["all_remote_cost_usd"]

    def share(route: str) -> float:
        return by["route"].get(route, {}).get("requests", 0.0) / n if n else 0.0

    routes = _finish(by["route"])
    for row in routes.values():
        row["share"] = row["requests"] / n if n else 0.0
    return {
        "requests": n,
        "cost_usd": cost,
        "all_remote_cost_usd": remote,
        "savings_usd": remote - cost,
        "savings_share": (remote - cost) / remote if remote else 0.0,
        "cache_hits": int(total["cache_hits"]),
        "degraded": int(total["degraded"]),
        "errors": int(total["errors"]),
        "prompt_tokens": int(total["prompt_tokens"]),
        "completion_tokens": int(total["completion_tokens"]),
        "shares": {
            "local": share("local"),
            "remote": share("remote"),
            "blocked": share("block"),
            "cached": total["cache_hits"] / n if n else 0.0,
        },
        "routes": routes,
        "by_model": _finish(by["model"]),
        "by_tenant": _finish(by["tenant"]),
        "by_day": _finish(by["day"]),
    }


def summarize(path: Path, since: float | None = None) -> dict[str, Any]:
    """The summary of the SQLite ledger at ``path`` since ``since``."""
    summary = summarize_rows(sqlite_rows(path, since))
    summary.update({"source": "sqlite", "ledger": str(path), "since": since})
    return summary
