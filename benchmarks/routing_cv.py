"""Out-of-sample routing quality of the difficulty model on the development data.

Two estimates, both scored with the exported model exactly as it is served:

- **leave-group-out**: GroupKFold over ``group`` (an MMLU subject, or a whole task for the RouterBench
  sets, which have one group each), so every prompt is scored by a model that never saw its group;
- **leave-one-source-out**: for each source, a model trained on the other sources only (the closest
  the dev data gets to a new benchmark such as GSM8K or MT-Bench).

APGR and CPT50 are computed per source on the pooled out-of-fold scores (APGR is meaningful within one
benchmark), with the bootstrap standard deviation of APGR (200 seeded resamples of the source's prompts,
scores held fixed), next to the mean of 10 seeded random scorings and the fixed ``HeuristicDifficulty``.
For leave-group-out the mean within-group APGR of multi-group sources is shown too.

    python benchmarks/routing_cv.py [--data F.jsonl ...] [--json OUT.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np

from classifiers.difficulty import HeuristicDifficulty
from classifiers.training import DifficultyTrainer, featurize, needs_remote, out_of_fold_logits
from policies.evaluation import apgr, pgr_curve, quality_curve, random_apgr, smallest_share
from router.routing_data import RoutingExample, read_routing_files

DATA = sorted((Path(__file__).resolve().parents[1] / "classifiers" / "data" / "routing").glob("*.jsonl"))


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _metrics(scores: np.ndarray, lo: np.ndarray, re: np.ndarray) -> dict[str, float]:
    pgr = pgr_curve(quality_curve(scores, lo, re))
    return {"apgr": apgr(scores, lo, re), "apgr_sd": bootstrap_sd(scores, lo, re),
            "cpt50": smallest_share(pgr, 0.5)}  # fmt: skip


def bootstrap_sd(
    scores: np.ndarray, lo: np.ndarray, re: np.ndarray, resamples: int = 200, seed: int = 0
) -> float:
    """Standard deviation of APGR over resamples of the prompts (with replacement): how much the
    figure would move on another draw of the same size from the same benchmark."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(scores), size=(resamples, len(scores)))
    return float(np.std([apgr(scores[d], lo[d], re[d]) for d in draws]))


def per_source(
    examples: Sequence[RoutingExample], scores: np.ndarray, *, within_groups: bool = False
) -> dict[str, dict[str, Any]]:
    """APGR/CPT50 of ``scores`` per source (and the mean within-group APGR, if asked)."""
    sources = np.array([e.source for e in examples])
    groups = np.array([e.group for e in examples])
    lo = np.array([e.local_score for e in examples])
    re = np.array([e.remote_score for e in examples])
    out: dict[str, dict[str, Any]] = {}
    for source in sorted(set(sources)):
        m = sources == source
        row: dict[str, Any] = {"n": int(m.sum()), **_metrics(scores[m], lo[m], re[m])}
        row["random_apgr"] = random_apgr(lo[m], re[m])
        if within_groups and len(set(groups[m])) > 1:
            values = [apgr(scores[g], lo[g], re[g]) for g in (m & (groups == x) for x in set(groups[m]))]
            row["within_group_apgr"] = float(np.mean(values))
        out[source] = row
    return out


def run(
    examples: Sequence[RoutingExample], trainer: DifficultyTrainer, folds: int
) -> dict[str, dict[str, dict[str, Any]]]:
    """Leave-group-out, leave-one-source-out and heuristic figures per source."""
    from sklearn.model_selection import GroupKFold

    _log(f"extracting features of {len(examples)} prompts")
    features = featurize(e.prompt for e in examples)
    lo = [e.local_score for e in examples]
    re = [e.remote_score for e in examples]
    y = needs_remote(lo, re)
    groups = [e.group for e in examples]
    sources = np.array([e.source for e in examples])

    splits = list(GroupKFold(n_splits=folds).split(np.zeros(len(y)), y, groups))
    logo = out_of_fold_logits(trainer, features, lo, re, groups, splits, progress=_log)
    loso_splits = [(np.flatnonzero(sources != s), np.flatnonzero(sources == s)) for s in sorted(set(sources))]
    loso = out_of_fold_logits(trainer, features, lo, re, groups, loso_splits, progress=_log)
    heuristic = HeuristicDifficulty()
    fixed = np.array([heuristic.classify(e.prompt) for e in examples])
    return {
        "leave_group_out": per_source(examples, logo, within_groups=True),
        "leave_one_source_out": per_source(examples, loso),
        "heuristic": per_source(examples, fixed),
    }


def table(results: dict[str, dict[str, dict[str, Any]]]) -> str:
    """The figures as a Markdown table."""
    lines = [
        "| split | source | n | APGR | bootstrap SD | CPT50 | random APGR | within-group APGR |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for split, rows in results.items():
        for source, r in rows.items():
            within = f"{r['within_group_apgr']:.3f}" if "within_group_apgr" in r else ""
            lines.append(
                f"| {split} | {source} | {r['n']} | {r['apgr']:.3f} | {r['apgr_sd']:.3f} | {r['cpt50']:.3f} "
                f"| {r['random_apgr']:.3f} | {within} |"
            )
        mean = np.mean([r["apgr"] for r in rows.values()])
        lines.append(f"| {split} | *mean over sources* | | {mean:.3f} | | | | |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", action="append", help="routing JSONL file (repeatable; default: repo data)")
    parser.add_argument("--folds", type=int, default=5, help="GroupKFold splits (default 5)")
    parser.add_argument("--json", metavar="OUT", help="also write the figures as JSON")
    parser.add_argument("--n-trees", type=int, help="override the number of boosted trees (0: none)")
    parser.add_argument("--vocab-size", type=int, help="override the vocabulary size (0: no terms)")
    parser.add_argument("--free", action="store_true", help="no sign priors (monotone=False)")
    parser.add_argument("--keep-inverted", action="store_true", help="train on inverted groups too")
    parser.add_argument("--prior-free-form", type=float, help="scale of the task prior on free-form prompts")
    parser.add_argument(
        "--prior-benchmark", type=float, help="scale of the task prior on benchmark-format prompts"
    )
    args = parser.parse_args(argv)

    trainer = DifficultyTrainer()
    if args.n_trees is not None:
        trainer = replace(trainer, n_trees=args.n_trees)
    if args.vocab_size is not None:
        trainer = replace(trainer, vocab_size=args.vocab_size)
    if args.free:
        trainer = replace(trainer, monotone=False)
    if args.keep_inverted:
        trainer = replace(trainer, drop_inverted_groups=False)
    if args.prior_free_form is not None:
        trainer = replace(trainer, prior_free_form=args.prior_free_form)
    if args.prior_benchmark is not None:
        trainer = replace(trainer, prior_benchmark_format=args.prior_benchmark)
    examples = read_routing_files(args.data or DATA)
    results = run(examples, trainer, args.folds)
    print(table(results))
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
