"""Prediction cost of the difficulty scorers: p50/p95 microseconds per prompt, single thread, warm.

Prompts of 200, 2,000 and 20,000 characters are built (seeded) from a pool of sentences mixing prose,
numbers, math and code, 50 distinct prompts per size. Each scorer is warmed up, then timed call by
call with ``perf_counter_ns``. The trained model's budget is p50 <= 1,000 µs at 2,000 characters.

    python benchmarks/bench_difficulty.py [--model PATH] [--calls N] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from classifiers.difficulty import HeuristicDifficulty
from classifiers.difficulty_model import DifficultyModel
from classifiers.features import extract

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
    times.sort()
    return {
        "p50_us": round(statistics.median(times), 1),
        "p95_us": round(times[int(0.95 * (len(times) - 1))], 1),
        "mean_us": round(statistics.fmean(times), 1),
    }


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="artifact to time (default: the shipped one)")
    parser.add_argument("--calls", type=int, default=2000, help="timed calls per size (default 2000)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args(argv)

    model = DifficultyModel.load(args.model)
    scorers: dict[str, Callable[[str], object]] = {
        "model": model.classify,
        "features only": extract,
        "heuristic": HeuristicDifficulty().classify,
    }
    results: dict[str, dict[str, dict[str, float]]] = {}
    print(f"{'scorer':<14} {'chars':>7} {'p50 µs':>9} {'p95 µs':>9} {'mean µs':>9}")
    for name, score in scorers.items():
        results[name] = {}
        for size in SIZES:
            calls = args.calls if size <= 2_000 else max(args.calls // 10, 50)
            r = measure(score, prompts(size), calls)
            results[name][str(size)] = r
            print(f"{name:<14} {size:>7} {r['p50_us']:>9.1f} {r['p95_us']:>9.1f} {r['mean_us']:>9.1f}")
    print(f"\npython {sys.version.split()[0]}, {os.cpu_count()} cores visible, one thread used")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
