"""Profile our proxy under load with py-spy: where its CPU goes, by package and by function.

    python benchmarks/profile_proxy.py [--concurrency 1 32] [--seconds 8] [--stream]

Starts the stub upstream and ``hybrid-router serve`` (as ``run.py`` does), drives it with the load
generator, and samples the proxy process with ``py-spy record`` (``pip install py-spy``; needs ptrace,
so root or ``kernel.yama.ptrace_scope=0``). Prints the proxy's CPU time per request, then the active
samples grouped by package and the top functions by self and by inclusive time. The collapsed stacks
are kept in ``benchmarks/results/profiles/`` (open them in speedscope, or feed them to flamegraph.pl).
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

import services
from http_bench import UNIQUE, request_body

OUT = services.HERE / "results" / "profiles"
_FRAME = re.compile(r"^(?P<func>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def package_of(frame: str) -> str:
    """A frame's package (py-spy shortens paths to their import path): ``httpcore``, ``asyncio``, and
    for our own code the module, ``router.core``."""
    m = _FRAME.match(frame)
    if m is None:
        return frame.split(" ")[0]
    path = m["file"].split("site-packages/")[-1].removesuffix(".py")
    parts = path.split("/")
    if parts[0] in ("router", "classifiers", "policies"):
        return ".".join(parts)
    return parts[0]


def summarise(raw: Path, top: int = 25) -> str:
    """Active samples by package (self time), by thread, and the top functions."""
    by_package: collections.Counter[str] = collections.Counter()
    by_thread: collections.Counter[str] = collections.Counter()
    self_time: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        n = int(count)
        frames = stack.split(";")
        if frames and frames[0].startswith("thread ("):
            by_thread[frames[0].split(": ", 1)[-1]] += n
            frames = frames[1:]
        if not frames:
            continue
        total += n
        self_time[frames[-1]] += n
        by_package[package_of(frames[-1])] += n
        for frame in set(frames):
            inclusive[frame] += n
    if not total:
        return "no samples (is py-spy allowed to attach?)"

    def block(title: str, counter: collections.Counter[str], k: int) -> list[str]:
        return [title] + [f"  {100 * n / total:5.1f}%  {name}" for name, n in counter.most_common(k)]

    lines = [f"samples holding the GIL: {total}"]
    lines += block("by thread:", by_thread, 5)
    lines += block("self time by package:", by_package, 15)
    lines += block("self time by function:", self_time, top)
    ours = collections.Counter(
        {
            f: n
            for f, n in inclusive.items()
            if package_of(f).startswith(("router", "classifiers", "policies"))
        }
    )
    lines += block("inclusive time, our functions:", ours, top)
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--concurrency", type=int, nargs="+", default=[1, 32])
    parser.add_argument("--seconds", type=float, default=8.0)
    parser.add_argument("--rate", type=int, default=250, help="py-spy samples per second")
    parser.add_argument("--stream", action="store_true", help="streaming requests (32 chunks each)")
    parser.add_argument("--log-level", default="info", help="the proxy's log level (its default: info)")
    args = parser.parse_args()
    spy = shutil.which("py-spy")
    if spy is None:
        raise SystemExit("py-spy is not installed: pip install py-spy")
    OUT.mkdir(parents=True, exist_ok=True)
    body = request_body(stream=args.stream)  # a prompt of its own in every request (UNIQUE)
    with tempfile.TemporaryDirectory(prefix="hr-profile-") as tmp:
        work = Path(tmp)
        stub = services.start_stub(work, chunks=32)
        proxy = services.start_hybrid_router(work, services.stub_base(stub), log_level=args.log_level)
        load = services.LoadGen()
        try:
            url = proxy.ready_url.replace("/health", "/v1/chat/completions")
            load.burst(
                url=url, body=body, unique=UNIQUE, concurrency=4, duration_s=1.0, stream=args.stream
            )  # warm up
            for c in args.concurrency:
                result: dict[str, object] = {}
                runner = threading.Thread(
                    target=lambda c=c, result=result: result.update(
                        load.burst(
                            url=url,
                            body=body,
                            unique=UNIQUE,
                            concurrency=c,
                            duration_s=args.seconds + 1.0,
                            stream=args.stream,
                        )
                    )
                )
                cpu0 = proxy.cpu_seconds()
                runner.start()
                time.sleep(0.5)
                raw = OUT / f"proxy-c{c}{'-stream' if args.stream else ''}.txt"
                subprocess.run(
                    [
                        spy,
                        "record",
                        "-p",
                        str(proxy.pid),
                        "-d",
                        str(int(args.seconds)),
                        "-r",
                        str(args.rate),
                        "-f",
                        "raw",
                        "-t",
                        "--gil",
                        "--nonblocking",
                        "-o",
                        str(raw),
                    ],
                    check=True,
                    capture_output=True,
                )
                runner.join()
                cpu = proxy.cpu_seconds() - cpu0
                n = int(result.get("ok", 0))  # type: ignore[call-overload]
                print(
                    f"\n=== concurrency {c}: {n} requests, {result.get('rps', 0):.0f} req/s, "
                    f"proxy CPU {1000 * cpu / max(n, 1):.3f} ms per request (sampling on) ==="
                )
                print(summarise(raw))
                print(f"collapsed stacks: {raw}")
        finally:
            load.close()
            proxy.stop()
            stub.stop()


if __name__ == "__main__":
    main()
