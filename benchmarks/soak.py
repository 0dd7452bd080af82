"""Soak: many requests through the proxy with injected upstream faults; prints what must hold.

    python benchmarks/soak.py [--requests 10000] [--concurrency 64] [--fault-share 0.1]

The proxy (``hybrid-router serve`` from this checkout) routes to the benchmark stub upstream; a share of
requests carry a fault the stub injects (5xx, 429, reset, stall past the proxy's timeout, malformed
body or stream, truncated or reset streams). A mix of streaming and non-streaming, forced-remote and
routed (``auto``, which may fall back to the real local model) requests. Printed figures:

- every request answered or given a defined error (OpenAI error body / stream error event);
- unhandled exceptions: 500 responses and ``internal_error`` events in the proxy's log;
- open file descriptors of the proxy after warm-up and at the end (after the load stops);
- resident memory after warm-up and at the end (growth must stay under 5%);
- ledger records against requests sent (exactly one each).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sqlite3
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from services import start_hybrid_router, start_stub, stub_base

IDLE_S = 7.0  # > the upstream pool's keep-alive expiry (5 s)
FAULTS = ["status:500", "status:503", "status:429", "reset", "stall", "malformed"]
STREAM_FAULTS = ["truncate", "reset_mid", "stall_mid", "malformed", "status:502"]


def proc_fds(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def proc_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def classify(status: int, body: bytes, stream: bool) -> str:
    """ok | defined-error:<code> | undefined:<why>."""
    if status == 500:
        return "undefined:500"
    text = body.decode("utf-8", "replace")
    if status == 200 and stream:
        events = [line[6:] for line in text.splitlines() if line.startswith("data: ")]
        if events and events[-1] == "[DONE]":
            return "ok"
        try:
            err = json.loads(events[-1])["error"]
            return f"defined-error:{err['code']}"
        except (IndexError, ValueError, KeyError, TypeError):
            return "undefined:stream-ended-without-done-or-error"
    try:
        data = json.loads(text)
    except ValueError:
        return f"undefined:non-json-{status}"
    if status == 200:
        return "ok" if data.get("choices") else "undefined:200-without-choices"
    error = data.get("error") if isinstance(data, dict) else None
    if isinstance(error, dict) and error.get("code") and error.get("message"):
        return f"defined-error:{error['code']}"
    return f"undefined:{status}-without-error-body"


async def run_load(
    url: str, n: int, concurrency: int, fault_share: float, seed: int, on_progress: Any, seen: dict[str, str]
) -> Counter[str]:
    rng = random.Random(seed)
    outcomes: Counter[str] = Counter()
    plans = []
    for i in range(n):
        stream = rng.random() < 0.3
        model = "auto" if rng.random() < 0.2 else "remote"
        body: dict[str, Any] = {
            "model": model,
            "stream": stream,
            "max_tokens": 8,
            "messages": [{"role": "user", "content": f"Explain step {i % 50} of the proof carefully."}],
        }
        if rng.random() < fault_share:
            body["stub"] = {
                "fault": rng.choice(STREAM_FAULTS if stream else FAULTS),
                "fault_rate": 1,
                "stall_s": 3,
            }
        plans.append(body)
    queue: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
    for body in plans:
        queue.put_nowait(body)
    done = 0
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(timeout=60, limits=limits) as client:

        async def worker() -> None:
            nonlocal done
            while not queue.empty():
                body = queue.get_nowait()
                try:
                    r = await client.post(url, json=body)
                    outcome = classify(r.status_code, r.content, body["stream"])
                    rid = r.headers.get("x-router-request-id")
                    label = f"{body['model']},{'stream' if body['stream'] else 'json'},{body.get('stub', {}).get('fault')}"
                    seen[rid or f"no-id-{done}"] = f"{outcome} [{label}]"
                except httpx.HTTPError as exc:
                    outcome = f"undefined:client-{type(exc).__name__}"
                if outcome.startswith("undefined"):
                    fault = body.get("stub", {}).get("fault", "none")
                    outcome += f"[{body['model']},{'stream' if body['stream'] else 'json'},{fault}]"
                outcomes[outcome] += 1
                done += 1
                on_progress(done)

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return outcomes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--fault-share", type=float, default=0.1)
    parser.add_argument("--warmup", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        stub = start_stub(work, seed=args.seed)
        proxy = start_hybrid_router(
            work,
            stub_base(stub),
            log_level="warning",
            REMOTE__TIMEOUT_S="1.5",
            REMOTE__MAX_RETRIES="1",
            REMOTE__RETRY_BACKOFF_S="0.05",
            REMOTE__MAX_RETRY_WAIT_S="0.5",
            LOCAL__MAX_TOKENS="4",
            POLICY__THRESHOLD="0",
        )
        url = proxy.ready_url.rsplit("/", 1)[0] + "/v1/chat/completions"
        started = time.monotonic()

        def progress(done: int) -> None:
            if done % 500 == 0:
                rate = done / (time.monotonic() - started)
                print(
                    f"\r{done}/{args.requests + args.warmup} requests, {rate:.0f}/s", end="", file=sys.stderr
                )

        seen: dict[str, str] = {}
        try:
            asyncio.run(
                run_load(url, args.warmup, args.concurrency, args.fault_share, args.seed + 1, progress, seen)
            )
            time.sleep(IDLE_S)  # idle past the upstream keep-alive expiry: pooled connections close
            fds_warm, rss_warm = proc_fds(proxy.pid), proc_rss_mb(proxy.pid)
            outcomes = asyncio.run(
                run_load(url, args.requests, args.concurrency, args.fault_share, args.seed, progress, seen)
            )
            time.sleep(IDLE_S)
            fds_end, rss_end = proc_fds(proxy.pid), proc_rss_mb(proxy.pid)
            elapsed = time.monotonic() - started
        finally:
            proxy.stop()
            stub.stop()
        print(file=sys.stderr)
        log = proxy.log_path.read_text(errors="replace")
        internal = log.count('"internal_error"') + log.count("Traceback")
        warnings = Counter(
            json.loads(line).get("event", "?")
            for line in log.splitlines()
            if line.startswith("{") and ('"level": "warning"' in line or '"level": "error"' in line)
        )
        conn = sqlite3.connect(work / "ledger.sqlite3")
        records = conn.execute("SELECT COUNT(*) FROM decisions").fetchone()[0]
        recorded = {row[0] for row in conn.execute("SELECT request_id FROM decisions")}
        statuses = dict(conn.execute("SELECT status, COUNT(*) FROM decisions GROUP BY status").fetchall())
        conn.close()
    sent = args.requests + args.warmup
    undefined = {k: v for k, v in outcomes.items() if k.startswith("undefined")}
    growth = (rss_end - rss_warm) / rss_warm * 100
    print(f"soak: {args.requests} requests (+{args.warmup} warm-up), concurrency {args.concurrency}, "
          f"{args.fault_share:.0%} with injected faults, {elapsed:.0f} s")  # fmt: skip
    print(f"outcomes: {dict(sorted(outcomes.items()))}")
    print(f"answered or defined error: {sum(outcomes.values()) - sum(undefined.values())}/{args.requests}"
          f"  {'PASS' if not undefined else 'FAIL ' + str(undefined)}")  # fmt: skip
    print(f"unhandled exceptions (500s + internal_error/Traceback in log): "
          f"{undefined.get('undefined:500', 0) + internal}  {'PASS' if not internal and 'undefined:500' not in undefined else 'FAIL'}")  # fmt: skip
    print(f"open fds: after warm-up {fds_warm}, at end {fds_end} (leaked {max(0, fds_end - fds_warm)})"
          f"  {'PASS' if fds_end <= fds_warm else 'FAIL'}")  # fmt: skip
    print(f"RSS: after warm-up {rss_warm:.1f} MB, at end {rss_end:.1f} MB, growth {growth:+.2f}%"
          f"  {'PASS' if growth < 5 else 'FAIL'} (< 5%)")  # fmt: skip
    unrecorded = {rid: what for rid, what in seen.items() if rid not in recorded}
    if unrecorded:
        print(f"responses without a ledger record: {list(unrecorded.items())[:10]}")
    print(f"proxy warnings/errors logged: {dict(warnings) or 'none'}")
    print(
        f"ledger: {records} records for {sent} requests ({statuses})  {'PASS' if records == sent else 'FAIL'}"
    )


if __name__ == "__main__":
    main()
