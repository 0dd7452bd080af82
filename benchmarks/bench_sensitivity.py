"""Speed of the default sensitivity detectors: p50/p95 microseconds per call for 200, 2,000 and 20,000
character texts, and microseconds per 1,000 characters (target: p50 <= 200 us per 1,000 characters).

    python benchmarks/bench_sensitivity.py [--data-dir ../shared/data] [--samples 60] [--repeat 5]

Texts are cut from a realistic mix, so both the fast path (nothing found) and the validators run: benign
prompts (MMLU, ARC, Winogrande, MBPP code tasks) interleaved with privacy texts (names, addresses,
cards, secrets), in a fixed shuffled order. Each text is classified ``--repeat`` times and its fastest
time kept (the machine is shared; the minimum is the least noisy estimate of one call).

A second table times prose with no exam options (the privacy texts and the hand-written word problems
and chat prompts of ``tests/classifiers/data``): there the name cues and the reading of the text's
context all run, the worst case for the name detector.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import time
from pathlib import Path

from classifiers.sensitivity import SensitivityDetector

ROOT = Path(__file__).resolve().parents[1]
STRESS = ROOT / "tests" / "classifiers" / "data"
SIZES = (200, 2_000, 20_000)


def _corpus(data_dir: Path, seed: int) -> str:
    pieces: list[str] = []
    for path in sorted((data_dir / "routing").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            pieces.extend(json.loads(line)["prompt"] for line in handle if line.strip())
    sensitive: list[str] = []
    for path in sorted((data_dir / "privacy").glob("*.jsonl")):
        with path.open(encoding="utf-8") as handle:
            sensitive.extend(json.loads(line)["text"] for line in handle if line.strip())
    rng = random.Random(seed)
    rng.shuffle(pieces)
    rng.shuffle(sensitive)
    # about one sensitive text for every four benign prompts
    mixed: list[str] = []
    for i, p in enumerate(pieces):
        mixed.append(p)
        if i % 4 == 0 and sensitive:
            mixed.append(sensitive[(i // 4) % len(sensitive)])
    return "\n\n".join(mixed)


def _open_corpus(data_dir: Path, seed: int) -> str:
    pieces: list[str] = []
    stress = (STRESS / "benign_stress.jsonl", STRESS / "personal_stress.jsonl")
    for path in [*sorted((data_dir / "privacy").glob("*.jsonl")), *stress]:
        with path.open(encoding="utf-8") as handle:
            pieces.extend(json.loads(line)["text"] for line in handle if line.strip())
    random.Random(seed).shuffle(pieces)
    return "\n\n".join(pieces)


def _table(det: SensitivityDetector, corpus: str, args: argparse.Namespace) -> None:
    rng = random.Random(args.seed)
    print(f"{'chars':>7} {'p50 us':>10} {'p95 us':>10} {'p50 us/1k chars':>16} {'p95 us/1k chars':>16}")
    for size in SIZES:
        times = []
        for _ in range(args.samples):
            at = rng.randrange(0, len(corpus) - size)
            # ended on a full stop: a text cut after "the " reads as a sentence to complete (an exam
            # item), which the detector treats on a faster path than a finished text
            text = corpus[at : at + size - 1] + "."
            best = float("inf")
            for _ in range(args.repeat):
                t0 = time.perf_counter()
                det.classify(text)
                best = min(best, time.perf_counter() - t0)
            times.append(best * 1e6)
        q = statistics.quantiles(times, n=20)
        p50, p95 = statistics.median(times), q[18]
        print(f"{size:>7} {p50:>10.1f} {p95:>10.1f} {p50 / size * 1000:>16.1f} {p95 / size * 1000:>16.1f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data-dir", type=Path, default=ROOT.parent / "shared" / "data")
    ap.add_argument("--samples", type=int, default=60)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()

    det = SensitivityDetector()
    det.classify("warm-up: John Smith, 4111 1111 1111 1111")
    print("realistic mix (benign prompts and privacy texts)")
    _table(det, _corpus(args.data_dir, args.seed), args)
    print("prose without exam options (worst case for the name cues)")
    _table(det, _open_corpus(args.data_dir, args.seed), args)


if __name__ == "__main__":
    main()
