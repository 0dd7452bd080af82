"""Prediction cost of the difficulty scorers: p50/p95 microseconds per prompt, single thread, warm.

Prompts of 200, 2,000 and 20,000 characters are built (seeded) from a pool of sentences mixing prose,
numbers, math and code, 50 distinct prompts per size. Each scorer is warmed up, then timed call by
call with ``perf_counter_ns``. The trained model's budget is p50 <= 1,000 µs at 2,000 characters.

    python benchmarks/bench_difficulty.py [--model PATH] [--calls N] [--json OUT.json]

It measures the code of the checkout it sits in (or ``--code DIR``). ``--against DIR`` compares the
trained model with another checkout's under the same load: both are loaded in this process and take
turns of one pass over the prompts (a few milliseconds), so a burst of load on a shared machine hits
both alike.

    mkdir /tmp/base && git archive 0be48d2 classifiers | tar -x -C /tmp/base
    python benchmarks/bench_difficulty.py --against /tmp/base
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

HERE = Path(__file__).resolve().parent

SIZES = (200, 2_000, 20_000)
SENTENCES = (
    "A store sells pencils at $0.25 each and notebooks at $1.75 each.",
    "If Maria buys 12 pencils and 3 notebooks, how much change does she get from $20?",
    "Write a Python function that returns the longest palindromic substring of a string.",
    "def f(xs):\n    return sorted(xs)[len(xs) // 2]\n",
    "Explain why the sky is blue, in terms a ten-year-old would understand.",
    "The committee met on Tuesday to discuss the budget for the coming year.",
    "Solve for x: 3x^2 - 12x + 9 = 0, and show each step.",
    "Summarise the following passage in at most three sentences.",
    "Which of the following statements about photosynthesis is NOT correct?",
    "Imagine you are a travel guide in Lisbon and recommend three places to visit.",
    "SELECT name, COUNT(*) FROM orders GROUP BY name HAVING COUNT(*) > 5;",
    "The train travels 330 miles at 75 miles per hour; how long does the trip take?",
    "Compare the economic policies of the two candidates and justify your conclusion.",
    "She said the results were promising, but further trials would be needed.",
)


def prompts(size: int, count: int = 50, seed: int = 0) -> list[str]:
    """``count`` distinct prompts of exactly ``size`` characters."""
    rng = random.Random(seed + size)
    out = []
    for _ in range(count):
        parts: list[str] = []
        while sum(len(p) + 1 for p in parts) < size:
            parts.append(rng.choice(SENTENCES))
        out.append(" ".join(parts)[:size])
    return out


def measure(score: Callable[[str], object], texts: Sequence[str], calls: int) -> dict[str, float]:
    """p50/p95/mean microseconds per call, after a warm-up."""
    for text in texts:
        score(text)
    times = []
    for i in range(calls):
        text = texts[i % len(texts)]
        start = time.perf_counter_ns()
        score(text)
        times.append((time.perf_counter_ns() - start) / 1000)
    return _summary(times)


def _summary(times: list[float]) -> dict[str, float]:
    times = sorted(times)
    return {
        "p50_us": round(statistics.median(times), 1),
        "p95_us": round(times[int(0.95 * (len(times) - 1))], 1),
        "mean_us": round(statistics.fmean(times), 1),
    }


def scorers(model_path: str | None) -> dict[str, Callable[[str], object]]:
    """The scorers to time, imported from the ``classifiers`` first on ``sys.path``."""
    from classifiers.difficulty import HeuristicDifficulty
    from classifiers.difficulty_model import DifficultyModel
    from classifiers.features import extract

    return {
        "model": DifficultyModel.load(model_path).classify,
        "features only": extract,
        "heuristic": HeuristicDifficulty().classify,
    }


def run(names: Sequence[str], model_path: str | None, calls: int) -> dict[str, dict[str, dict[str, float]]]:
    """``{scorer: {size: figures}}`` for the named scorers."""
    available = scorers(model_path)
    results: dict[str, dict[str, dict[str, float]]] = {}
    print(f"{'scorer':<14} {'chars':>7} {'p50 µs':>9} {'p95 µs':>9} {'mean µs':>9}")
    for name in names:
        results[name] = {}
        for size in SIZES:
            n = calls if size <= 2_000 else max(calls // 10, 50)
            r = measure(available[name], prompts(size), n)
            results[name][str(size)] = r
            print(f"{name:<14} {size:>7} {r['p50_us']:>9.1f} {r['p95_us']:>9.1f} {r['mean_us']:>9.1f}")
    return results


def _load_model(code: Path, model_path: str | None) -> Callable[[str], object]:
    """``DifficultyModel.load(model_path).classify`` of the ``classifiers`` package in ``code``. The
    package is dropped from ``sys.modules`` afterwards (its functions keep their own modules), so that
    another checkout's can be loaded beside it."""

    def forget() -> None:
        for name in [m for m in sys.modules if m == "classifiers" or m.startswith("classifiers.")]:
            del sys.modules[name]

    saved = list(sys.path)
    forget()
    sys.path.insert(0, str(code.resolve()))
    try:
        module = importlib.import_module("classifiers.difficulty_model")
        classify: Callable[[str], object] = module.DifficultyModel.load(model_path).classify
        return classify
    finally:
        sys.path[:] = saved
        forget()


def compare(against: Path, model_path: str | None, calls: int) -> dict[str, dict[str, dict[str, float]]]:
    """The trained model here and in ``against``, timed in turns of one pass over the prompts each
    (swapping which goes first every turn): short enough that both see the same load, long enough
    that neither runs with the other's data in the CPU caches."""
    sides = {"this": _load_model(HERE.parent, model_path), "against": _load_model(against, model_path)}
    results: dict[str, dict[str, dict[str, float]]] = {side: {} for side in sides}
    print(f"trained model, in turns: this checkout vs {against.resolve()}")
    print(f"{'chars':>7} {'p50 this':>9} {'p50 vs':>9} {'ratio':>6} {'p95 this':>9} {'p95 vs':>9}")
    for size in SIZES:
        texts = prompts(size)
        n = calls if size <= 2_000 else max(calls // 10, 50)
        for score in sides.values():
            for text in texts:
                score(text)
        times: dict[str, list[float]] = {side: [] for side in sides}
        for block in range(max(n // len(texts), 1)):
            for side in list(sides)[:: 1 if block % 2 == 0 else -1]:
                score = sides[side]
                for text in texts:
                    start = time.perf_counter_ns()
                    score(text)
                    times[side].append((time.perf_counter_ns() - start) / 1000)
        for side, t in times.items():
            results[side][str(size)] = _summary(t)
        a, b = results["this"][str(size)], results["against"][str(size)]
        print(
            f"{size:>7} {a['p50_us']:>9.1f} {b['p50_us']:>9.1f} {a['p50_us'] / b['p50_us']:>6.2f} "
            f"{a['p95_us']:>9.1f} {b['p95_us']:>9.1f}"
        )
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="artifact to time (default: the shipped one)")
    parser.add_argument("--calls", type=int, default=2000, help="timed calls per size (default 2000)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    parser.add_argument(
        "--code",
        metavar="DIR",
        type=Path,
        default=HERE.parent,
        help="checkout whose classifiers to time (default: the one holding this script)",
    )
    parser.add_argument(
        "--scorers",
        nargs="+",
        choices=("model", "features only", "heuristic"),
        default=["model", "features only", "heuristic"],
        help="what to time",
    )
    parser.add_argument("--against", metavar="DIR", type=Path, help="compare the model with this checkout")
    args = parser.parse_args(argv)

    if args.against is not None:
        results: object = compare(args.against, args.model, args.calls)
    else:
        sys.path.insert(0, str(args.code.resolve()))  # time that checkout, not another install
        results = run(args.scorers, args.model, args.calls)
        print(f"\npython {sys.version.split()[0]}, {os.cpu_count()} cores visible, one thread used")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
