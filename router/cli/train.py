"""``hybrid-router train difficulty --data F.jsonl [--data …] --out PATH``: fit the difficulty model.

Reads routing data (the format of ``shared/data/README.md``), fits ``classifiers.training``'s default
``DifficultyTrainer`` (groups gate the vocabulary and the calibration folds; each source weighs the
same in the score calibration) and writes the JSON artifact that ``classifier.difficulty_model_path``
(or the shipped ``classifiers/artifacts/difficulty.json``) points to. Deterministic: the same data
gives the same file. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any


def add_parser(sub: Any, name: str) -> None:
    p: argparse.ArgumentParser = sub.add_parser(name, help="train a classifier on labelled data")
    targets = p.add_subparsers(dest="target", required=True, metavar="TARGET")
    d: argparse.ArgumentParser = targets.add_parser(
        "difficulty", help="fit the difficulty model on routing data and write its JSON artifact"
    )
    d.add_argument(
        "--data", action="append", required=True, metavar="F.jsonl", help="routing data file (repeatable)"
    )
    d.add_argument("--out", required=True, metavar="PATH", help="where to write the artifact (JSON)")
    d.add_argument("--quiet", action="store_true", help="no progress messages")
    d.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from classifiers.training import DifficultyTrainer
    from router.jsonl import DataError
    from router.routing_data import read_routing_files

    started = time.perf_counter()

    def progress(message: str) -> None:
        if not args.quiet:
            print(f"[{time.perf_counter() - started:6.1f}s] {message}", file=sys.stderr, flush=True)

    examples = read_routing_files(args.data)
    sources: dict[str, int] = {}
    for e in examples:
        sources[e.source] = sources.get(e.source, 0) + 1
    progress(f"read {len(examples)} prompts from {len(args.data)} file(s): {sources}")
    metadata = {
        "data": [Path(p).name for p in args.data],
        "sources": sources,
        "label": "remote_score > local_score",
        "command": "hybrid-router train difficulty " + " ".join(f"--data {Path(p).name}" for p in args.data),
    }
    try:
        model = DifficultyTrainer().fit(
            [e.prompt for e in examples],
            [e.local_score for e in examples],
            [e.remote_score for e in examples],
            [e.group for e in examples],
            sources=[e.source for e in examples],
            metadata=metadata,
            progress=progress,
        )
    except ValueError as exc:
        raise DataError(f"cannot train on this data: {exc}") from exc
    out = Path(args.out)
    text = model.to_json()
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot write {out}: {exc.strerror}") from exc
    size = f"{len(text) / 1024:.0f} KiB, {len(model.term_weights_)} terms, {len(model.trees_)} trees"
    progress(f"wrote {out} ({size})")
    return 0
