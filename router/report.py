"""Summaries of the ledger: what was routed where, what it cost, what routing saved."""

from __future__ import annotations

import re
import sqlite3
import time
from datetime import datetime
from pathlib import Path
from typing import Any

from router.errors import InvalidRequest
from router.ledger import connect, summarize_rows

__all__ = ["parse_since", "summarize"]

_RELATIVE = re.compile(r"^(\d+(?:\.\d+)?)\s*([smhdw])$")
_UNIT_S = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_since(text: str | None, now: float | None = None) -> float | None:
    """A start time from ``24h``/``7d``-style durations or an ISO date/time; None for no bound."""
    if not text:
        return None
    now = time.time() if now is None else now
    m = _RELATIVE.match(text.strip())
    if m:
        return now - float(m.group(1)) * _UNIT_S[m.group(2)]
    try:
        return datetime.fromisoformat(text.strip()).timestamp()
    except ValueError as exc:
        raise InvalidRequest(f"--since must be like 24h, 7d or an ISO date, not {text!r}") from exc


def summarize(path: Path, since: float | None = None) -> dict[str, Any]:
    """Requests, share by route, spend, counterfactual all-remote spend and savings since ``since``."""
    if not path.exists():
        return _with_totals(summarize_rows([]), (0, 0, 0), path, since)
    conn: sqlite3.Connection = connect(path)
    try:
        rows = conn.execute(
            "SELECT route, COUNT(*), SUM(cost_usd), SUM(remote_cost_usd), SUM(cache_hit), SUM(degraded) "
            "FROM decisions WHERE ts >= ? GROUP BY route ORDER BY route",
            (since or 0.0,),
        ).fetchall()
        tokens = conn.execute(
            "SELECT COALESCE(SUM(prompt_tokens), 0), COALESCE(SUM(completion_tokens), 0), "
            "COALESCE(SUM(status != 'ok'), 0) FROM decisions WHERE ts >= ?",
            (since or 0.0,),
        ).fetchone()
    finally:
        conn.close()
    return _with_totals(summarize_rows(rows), tokens, path, since)


def _with_totals(
    summary: dict[str, Any], tokens: tuple[int, int, int], path: Path, since: float | None
) -> dict[str, Any]:
    summary.update(
        {
            "prompt_tokens": tokens[0],
            "completion_tokens": tokens[1],
            "errors": tokens[2],
            "ledger": str(path),
            "since": since,
        }
    )
    return summary
