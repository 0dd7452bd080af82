"""How the difficulty scorer orders the hand-written sanity sets (evaluation only, never training data).

- ``tests/classifiers/data/mtbench_style.jsonl``: 45 MT-Bench-style chat prompts in 8 categories plus
  chit-chat, each with a tier (2: math, reasoning, coding, STEM; 1: extraction, humanities; 0: writing,
  roleplay, chit-chat). Reported: mean score per category, Spearman between tier and score, and the
  share of (higher tier, lower tier) prompt pairs ordered correctly.
- ``tests/classifiers/data/gsm8k_style.jsonl``: 30 GSM8K-style word problems with the number of
  single-operation steps of their solution. Reported: Spearman between steps and score.

    python benchmarks/sanity_orderings.py [--model PATH] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

DATA = Path(__file__).resolve().parents[1] / "tests" / "classifiers" / "data"
CATEGORIES = (
    "math",
    "reasoning",
    "coding",
    "stem",
    "extraction",
    "humanities",
    "writing",
    "roleplay",
    "chitchat",
)


def read(name: str) -> list[dict[str, Any]]:
    """The rows of one sanity set."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def spearman(x: Sequence[float], y: Sequence[float]) -> float:
    """Spearman rank correlation (average ranks for ties)."""
    from scipy.stats import spearmanr

    return float(spearmanr(x, y).statistic)


def pair_accuracy(tiers: Sequence[int], scores: Sequence[float]) -> float:
    """Share of prompt pairs from different tiers whose scores are in tier order (ties count half)."""
    right = total = 0.0
    for i, (ti, si) in enumerate(zip(tiers, scores, strict=True)):
        for tj, sj in zip(tiers[i + 1 :], scores[i + 1 :], strict=True):
            if ti == tj:
                continue
            total += 1
            hi, lo = (si, sj) if ti > tj else (sj, si)
            right += 1.0 if hi > lo else 0.5 if hi == lo else 0.0
    return right / total


def orderings(score: Callable[[str], float]) -> dict[str, Any]:
    """The sanity figures of one scorer."""
    chat = read("mtbench_style.jsonl")
    chat_scores = [score(r["prompt"]) for r in chat]
    by_category = {
        c: float(np.mean([s for r, s in zip(chat, chat_scores, strict=True) if r["category"] == c]))
        for c in CATEGORIES
    }
    tiers = [int(r["tier"]) for r in chat]
    word = read("gsm8k_style.jsonl")
    word_scores = [score(r["prompt"]) for r in word]
    return {
        "chat_category_mean": by_category,
        "chat_tier_spearman": spearman(tiers, chat_scores),
        "chat_tier_pair_accuracy": pair_accuracy(tiers, chat_scores),
        "chat_score_range": [min(chat_scores), max(chat_scores)],
        "gsm_steps_spearman": spearman([r["steps"] for r in word], word_scores),
        "gsm_score_range": [min(word_scores), max(word_scores)],
    }


def main(argv: Sequence[str] | None = None) -> int:
    from classifiers.difficulty_model import DifficultyModel

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="artifact to check (default: the shipped one)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    args = parser.parse_args(argv)
    result = orderings(DifficultyModel.load(args.model).classify)
    for c, m in result["chat_category_mean"].items():
        print(f"{c:<11} {m:.3f}")
    for k in ("chat_tier_spearman", "chat_tier_pair_accuracy", "gsm_steps_spearman"):
        print(f"{k:<24} {result[k]:.3f}")
    lo, hi = result["chat_score_range"]
    print(f"chat score range         {lo:.3f} .. {hi:.3f}")
    lo, hi = result["gsm_score_range"]
    print(f"gsm score range          {lo:.3f} .. {hi:.3f}")
    if args.json:
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
