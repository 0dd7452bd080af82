"""hybrid-router benchmarks: one command, a table on stdout, ``benchmarks/results/latest.json``.

    python benchmarks/run.py [--quick] [--skip litellm local ...] [--out PATH]

Measures, each as a difference or ratio within this run (A and B interleaved, median of rounds):
proxy overhead against the direct path and against LiteLLM, throughput with one worker, streaming,
classifiers, the cache, the local model against llama-cpp-python, and the decision log and ledger.
``--quick`` takes under two minutes; the full run about six. See ``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.metadata
import json
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # measure the code beside this folder, not another install

import http_bench  # noqa: E402
import inproc_bench  # noqa: E402
import report  # noqa: E402
import services  # noqa: E402

SECTIONS = ("proxy", "streaming", "classifiers", "cache", "local", "logging")
REDIS_URL = "redis://127.0.0.1:6379/14"
PARAMS: dict[str, dict[str, Any]] = {
    "quick": {
        "proxy_rounds": 5,
        "burst_s": 0.4,
        "stream_rounds": 3,
        "stream_requests": 8,
        "chunks": 32,
        "gap_ms": 2.0,
        "classifier_rounds": 3,
        "classifier_budget_s": 0.05,
        "cache_rounds": 3,
        "cache_hits": 100,
        "cache_misses": 30,
        "cache_slow_rounds": 1,
        "local_rounds": 2,
        "logging_rounds": 3,
        "logging_requests": 300,
    },
    "full": {
        "proxy_rounds": 15,
        "burst_s": 1.5,
        "stream_rounds": 9,
        "stream_requests": 20,
        "chunks": 32,
        "gap_ms": 2.0,
        "classifier_rounds": 7,
        "classifier_budget_s": 0.2,
        "cache_rounds": 9,
        "cache_hits": 300,
        "cache_misses": 100,
        "cache_slow_rounds": 3,
        "local_rounds": 7,
        "logging_rounds": 9,
        "logging_requests": 1000,
    },
}
PACKAGES = (
    "hybrid-router",
    "httpx",
    "httpcore",
    "anyio",
    "starlette",
    "uvicorn",
    "uvloop",
    "httptools",
    "pydantic",
    "structlog",
    "redis",
    "llama_cpp_python",
    "numpy",
)


# -- the machine ------------------------------------------------------------------------------------


def machine_info() -> dict[str, Any]:
    cpu_model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gib = None
    try:
        mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
        mem_gib = round(mem_kib / 1024 / 1024, 1)
    except (OSError, ValueError, IndexError):
        pass
    return {
        "platform": platform.platform(),
        "cpu_model": cpu_model,
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gib": mem_gib,
        "loadavg_start": list(os.getloadavg()),
        "python": sys.version.split()[0],
        "python_implementation": platform.python_implementation(),
    }


def versions() -> dict[str, str | None]:
    found: dict[str, str | None] = {}
    for name in PACKAGES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            found[name] = None
    found["litellm"] = services.installed_litellm_version()
    try:
        import redis

        found["redis_server"] = str(
            redis.Redis.from_url(REDIS_URL, socket_timeout=1).info("server")["redis_version"]
        )
    except Exception:  # any failure only means "unknown"
        found["redis_server"] = None
    return found


def git_state() -> dict[str, Any]:
    def git(*args: str) -> str:
        out = subprocess.run(
            ["git", "-C", str(HERE.parent), *args], capture_output=True, text=True, check=False
        )
        return out.stdout.strip() if out.returncode == 0 else ""

    commit = git("rev-parse", "HEAD")
    dirty = bool(
        git("status", "--porcelain", "--untracked-files=no", "--", "router", "policies", "classifiers")
    )
    return {"commit": commit or None, "dirty": dirty if commit else None}


# -- running the sections ---------------------------------------------------------------------------


def run_sections(args: argparse.Namespace, p: dict[str, Any], results: dict[str, Any]) -> None:
    skip = set(args.skip)
    errors: dict[str, str] = results["errors"]

    def attempt(name: str, fn: Callable[[], Any]) -> Any:
        print(f"[{time.strftime('%H:%M:%S')}] {name} …", file=sys.stderr, flush=True)
        try:
            return fn()
        except Exception as exc:  # report it and go on with the other figures
            errors[name] = f"{type(exc).__name__}: {exc}"
            if args.verbose:
                traceback.print_exc()
            return None

    with tempfile.TemporaryDirectory(prefix="hr-bench-") as tmp:
        work = Path(tmp)
        stub = services.start_stub(work)
        base = services.stub_base(stub)
        try:
            if {"proxy", "streaming"} - skip:
                attempt("proxies", lambda: _http_sections(args, p, results, work, stub, attempt))
            if "classifiers" not in skip:
                results["classifiers"] = attempt(
                    "classifiers",
                    lambda: inproc_bench.classifiers(p["classifier_rounds"], p["classifier_budget_s"]),
                )
            if "cache" not in skip:
                results["cache"] = attempt(
                    "cache",
                    lambda: inproc_bench.cache(
                        base,
                        None if args.no_redis else REDIS_URL,
                        rounds=p["cache_rounds"],
                        hits=p["cache_hits"],
                        misses=p["cache_misses"],
                        slow_rounds=p["cache_slow_rounds"],
                    ),
                )
            if "local" not in skip:
                results["local_model"] = attempt(
                    "local model", lambda: inproc_bench.local_model(p["local_rounds"])
                )
            if "logging" not in skip:
                results["logging"] = attempt(
                    "logging", lambda: inproc_bench.logging(p["logging_rounds"], p["logging_requests"])
                )
        finally:
            stub.stop()


def _http_sections(
    args: argparse.Namespace,
    p: dict[str, Any],
    results: dict[str, Any],
    work: Path,
    stub: services.Service,
    attempt: Callable[[str, Callable[[], Any]], Any],
) -> None:
    base = services.stub_base(stub)
    ours = services.start_hybrid_router(work, base, log_level=args.proxy_log_level)
    chat = "/v1/chat/completions"
    targets = [
        http_bench.Target("direct", base + "/chat/completions"),
        http_bench.Target("hybrid_router", ours.ready_url.replace("/health", chat), ours),
    ]
    status, headers, _ = services.http_post(targets[1].url, http_bench.request_body())
    route = {k.lower(): v for k, v in headers.items()}.get("x-router-route")
    if status != 200 or route != "remote":
        raise services.ServiceError(
            f"hybrid-router did not route the benchmark request remote ({status}, {route})"
        )
    litellm: services.Service | None = None
    results["litellm"] = {"version_pinned": services.LITELLM_VERSION, "available": False}
    if "litellm" not in args.skip:
        try:
            print(
                f"[{time.strftime('%H:%M:%S')}] LiteLLM {services.LITELLM_VERSION} …",
                file=sys.stderr,
                flush=True,
            )
            results["litellm"]["version"] = services.ensure_litellm(args.litellm_install_timeout)
            litellm = services.start_litellm(work, base)
            targets.append(
                http_bench.Target("litellm", litellm.ready_url.replace("/health/liveliness", chat), litellm)
            )
            results["litellm"]["available"] = True
        except (services.ServiceError, OSError) as exc:
            results["litellm"]["reason"] = str(exc)
            results["errors"]["litellm"] = str(exc)
    else:
        results["litellm"]["reason"] = "skipped (--skip litellm)"
    load = services.LoadGen()
    try:
        if "proxy" not in args.skip:
            results["proxy"] = {}
            for c in (1, 32):
                results["proxy"][f"c{c}"] = attempt(
                    f"proxy overhead, concurrency {c}",
                    lambda c=c: http_bench.proxy_overhead(  # type: ignore[misc]
                        load, targets, concurrency=c, rounds=p["proxy_rounds"], burst_s=p["burst_s"]
                    ),
                )
        if "streaming" not in args.skip:
            results["streaming"] = attempt(
                "streaming",
                lambda: http_bench.streaming(
                    load,
                    stub,
                    targets,
                    rounds=p["stream_rounds"],
                    requests=p["stream_requests"],
                    chunks=p["chunks"],
                    gap_ms=p["gap_ms"],
                ),
            )
    finally:
        load.close()
        ours.stop()
        if litellm is not None:
            litellm.stop()


def no_nan(data: Any) -> Any:
    """NaN (a figure that could not be computed) as null, so the file is strict JSON."""
    if isinstance(data, float) and math.isnan(data):
        return None
    if isinstance(data, dict):
        return {k: no_nan(v) for k, v in data.items()}
    if isinstance(data, list | tuple):
        return [no_nan(v) for v in data]
    return data


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer, shorter rounds (a couple of minutes)")
    parser.add_argument(
        "--skip", nargs="*", default=[], choices=[*SECTIONS, "litellm"], help="sections to leave out"
    )
    parser.add_argument("--out", type=Path, default=HERE / "results" / "latest.json")
    parser.add_argument("--no-redis", action="store_true", help="measure the in-memory cache only")
    parser.add_argument(
        "--proxy-log-level", default="info", help="hybrid-router's log level (default: info, as shipped)"
    )
    parser.add_argument("--litellm-install-timeout", type=float, default=900.0, help="seconds")
    parser.add_argument("--verbose", action="store_true", help="print tracebacks of failed sections")
    args = parser.parse_args()
    for key in [k for k in os.environ if k.startswith("HYBRID_ROUTER_") or k == "OPENAI_API_KEY"]:
        del os.environ[key]  # in-process measurements must not read the caller's configuration
    state = tempfile.TemporaryDirectory(prefix="hr-bench-state-")
    os.environ["XDG_STATE_HOME"] = state.name
    mode = "quick" if args.quick else "full"
    started = time.time()
    results: dict[str, Any] = {
        "schema": 1,
        "mode": mode,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "params": PARAMS[mode],
        "machine": machine_info(),
        "git": git_state(),
        "errors": {},
    }
    results["versions"] = versions()
    run_sections(args, PARAMS[mode], results)
    results["versions"]["litellm"] = services.installed_litellm_version()
    results["machine"]["loadavg_end"] = list(os.getloadavg())
    results["duration_s"] = time.time() - started
    results["targets"] = report.check_targets(results)
    state.cleanup()
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(no_nan(results), indent=2, default=str, allow_nan=False) + "\n")
    print(report.render(results))
    print(f"\nwritten: {args.out}")


if __name__ == "__main__":
    main()
