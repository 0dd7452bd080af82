"""How long `hybrid-router report` takes on a large ledger.

Writes a synthetic SQLite ledger (default 1,000,000 requests over 30 days, 3 routes, 4 models,
20 tenants) and times the summary (median of a few runs), the same code `report --json` runs.

    python benchmarks/bench_report.py [--rows 1000000] [--keep PATH]
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from router.ledger import _INSERT, LedgerRecord, _row, connect
from router.report import summarize


def build(path: Path, rows: int, seed: int = 0) -> None:
    rng = random.Random(seed)
    conn = connect(path)
    start = time.time() - 30 * 86400
    batch = []
    for i in range(rows):
        route = rng.choices(["local", "remote", "block"], [0.65, 0.33, 0.02])[0]
        tokens = rng.randint(20, 800), rng.randint(1, 400)
        remote_cost = (tokens[0] * 0.15 + tokens[1] * 0.6) / 1e6
        rec = LedgerRecord(
            request_id=f"req_{i:09d}", ts=start + i * 30 * 86400 / rows, tenant=f"key:{rng.randrange(20):016x}",
            route=route, reason="x", policy="threshold", difficulty=rng.random(), threshold=0.5,
            sensitive=False, sensitive_types="", requested_model="auto", backend=route,
            model=rng.choice(["SmolLM2-135M", "gpt-4o-mini", "gpt-4o", "local-8b"]), prompt_tokens=tokens[0],
            completion_tokens=tokens[1], cost_usd=remote_cost if route == "remote" else 0.0,
            remote_cost_usd=remote_cost, latency_ms=rng.random() * 900, cache_hit=rng.random() < 0.1,
            degraded=rng.random() < 0.01, stream=rng.random() < 0.5, status="ok",
        )  # fmt: skip
        batch.append(_row(rec))
        if len(batch) == 50_000:
            conn.executemany(_INSERT, batch)
            conn.commit()
            batch.clear()
    if batch:
        conn.executemany(_INSERT, batch)
        conn.commit()
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", type=Path, help="write the ledger here and keep it")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.keep or Path(tmp) / "ledger.sqlite3"
        started = time.perf_counter()
        build(path, args.rows)
        print(
            f"built {args.rows:,} rows in {time.perf_counter() - started:.1f} s ({path.stat().st_size / 1e6:.0f} MB)"
        )
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            summary = summarize(path)
            times.append(time.perf_counter() - started)
        assert summary["requests"] == args.rows
        print(f"report on {args.rows:,} requests: median {statistics.median(times):.2f} s (runs: "
              + ", ".join(f"{t:.2f}" for t in times) + ")")  # fmt: skip


if __name__ == "__main__":
    main()
