"""Does a calibrated threshold hold on new traffic of the same kind?

For each dev source (and all pooled), split the prompts at random in two halves, calibrate the threshold
on one half to each target remote share (``hybrid-router tune``'s code), and measure the share it gives
on the other half. Repeated over a few seeds; prints target vs achieved (mean and worst error).

    python benchmarks/calibration_holdout.py [--data classifiers/data/routing/*.jsonl] [--seeds 5]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from policies.calibration import calibrate, threshold_curve
from router.config import ClassifierSettings
from router.difficulty import load_difficulty
from router.routing_data import read_routing_files

ROOT = Path(__file__).resolve().parents[1]
TARGETS = (0.1, 0.2, 0.3, 0.5)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--data",
        nargs="+",
        default=sorted(str(p) for p in (ROOT / "classifiers/data/routing").glob("*.jsonl")),
    )
    parser.add_argument("--seeds", type=int, default=5)
    args = parser.parse_args()
    examples = read_routing_files(args.data)
    scorer = load_difficulty(ClassifierSettings())
    scores = np.array([scorer.classify(e.prompt) for e in examples])
    sources = np.array([e.source for e in examples])
    local = np.array([e.local_score for e in examples])
    remote = np.array([e.remote_score for e in examples])
    groups = {"all (pooled)": np.arange(len(examples))}
    groups.update({s: np.flatnonzero(sources == s) for s in sorted(set(sources))})
    print(f"{'set':<28} {'n':>6}  " + "  ".join(f"target {t:.1f}" for t in TARGETS) + "   worst |error|")
    for name, idx in groups.items():
        cells, worst = [], 0.0
        for target in TARGETS:
            achieved = []
            for seed in range(args.seeds):
                perm = np.random.default_rng(seed).permutation(idx)
                a, b = perm[: len(perm) // 2], perm[len(perm) // 2 :]
                cal = calibrate(threshold_curve(scores[a], local[a], remote[a]), "remote_share", target)
                achieved.append(float((scores[b] >= cal.threshold).mean()))
            worst = max(worst, max(abs(x - target) for x in achieved))
            cells.append(f"{np.mean(achieved):>10.3f}")
        print(f"{name:<28} {len(idx):>6}  " + "  ".join(cells) + f"   {worst:.3f}")


if __name__ == "__main__":
    main()
