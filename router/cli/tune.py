"""``hybrid-router tune``: choose the policy threshold that meets a target on labelled traffic.

    hybrid-router tune --data F.jsonl (--target-remote-share X | --target-quality Q | --budget-usd B)
                       [--write CONFIG] [--json] [--plot OUT.png] [--from-ledger] [--policy cascade]

Labels come from routing data (``--data``, the format of ``eval routing``) or from the ledger's
requests that received feedback (``--from-ledger``). For the threshold policy the score is the configured
difficulty classifier's; for the cascade it is 1 − the local answer's confidence (from the ledger, or by
running the local model over the data's prompts), and the result is written as ``policy.min_confidence``.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

import numpy as np


def add_parser(sub: Any, name: str) -> None:
    from router.cli import add_config_argument

    p: argparse.ArgumentParser = sub.add_parser(name, help="calibrate the policy threshold to a target")
    add_config_argument(p)
    p.add_argument("--data", action="append", metavar="F.jsonl", help="routing data file (repeatable)")
    p.add_argument(
        "--from-ledger", action="store_true", help="use the ledger's requests with feedback as labels"
    )
    p.add_argument(
        "--policy", choices=("threshold", "cascade"), help="which policy to tune (default: configured)"
    )
    target = p.add_mutually_exclusive_group(required=True)
    target.add_argument("--target-remote-share", type=float, metavar="X", help="send about this share remote")
    target.add_argument(
        "--target-quality", type=float, metavar="Q", help="cheapest with quality >= Q x all-remote"
    )
    target.add_argument("--budget-usd", type=float, metavar="B", help="best quality with expected spend <= B")
    p.add_argument("--limit", type=int, help="cascade with --data: score at most this many prompts")
    p.add_argument("--write", metavar="CONFIG", help="write the result into this YAML file (comments kept)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--plot", metavar="OUT.png", help="write the quality-cost curve with the chosen point")
    p.set_defaults(run=run)


def _target(args: argparse.Namespace) -> tuple[str, float]:
    from router.errors import InvalidRequest

    if args.target_remote_share is not None:
        if not 0.0 <= args.target_remote_share <= 1.0:
            raise InvalidRequest("--target-remote-share must be between 0 and 1")
        return "remote_share", args.target_remote_share
    if args.target_quality is not None:
        if not 0.0 <= args.target_quality <= 1.5:
            raise InvalidRequest("--target-quality is a ratio to all-remote quality, e.g. 0.95")
        return "quality", args.target_quality
    if args.budget_usd < 0:
        raise InvalidRequest("--budget-usd must not be negative")
    return "budget_usd", args.budget_usd


def run(args: argparse.Namespace) -> int:
    from policies.calibration import calibrate, threshold_curve
    from router.config import load_settings
    from router.errors import InvalidRequest

    settings = load_settings(args.config)
    policy = args.policy or settings.policy.name
    if bool(args.data) == bool(args.from_ledger):
        raise InvalidRequest("give either --data F.jsonl or --from-ledger")
    target, value = _target(args)
    if args.from_ledger:
        scores, local, remote, remote_cost, local_cost = _from_ledger(settings, policy)
    else:
        scores, local, remote, remote_cost, local_cost = _from_data(settings, args.data, policy, args.limit)
    curve = threshold_curve(scores, local, remote, remote_cost, local_cost)
    result = calibrate(curve, target, value).to_dict()  # type: ignore[arg-type]
    result["policy"] = policy
    if policy == "cascade":  # score = 1 - confidence: escalate below 1 - threshold
        result["min_confidence"] = float(min(1.0, max(0.0, 1.0 - result["threshold"])))
    if args.write:
        _write(args.write, policy, result)
    if args.plot:
        _plot(args.plot, curve, result)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key in ("policy", "target", "target_value", "threshold", "min_confidence", "remote_share",
                    "quality", "quality_ratio", "cost_usd", "n", "met"):  # fmt: skip
            if key in result:
                print(f"{key:<14} {result[key]}")
        if not result["met"]:
            print("note: no threshold meets the target on this data; the closest is shown", file=sys.stderr)
    return 0


def _from_data(settings: Any, paths: list[str], policy: str, limit: int | None) -> tuple[Any, ...]:
    from router.difficulty import load_difficulty
    from router.routing_data import read_routing_files

    examples = read_routing_files(paths)
    if policy == "cascade":
        examples = examples[:limit] if limit else examples
        scores = 1.0 - _confidences(settings, [e.prompt for e in examples])
    else:
        scorer = load_difficulty(settings.classifier)
        scores = np.array([scorer.classify(e.prompt) for e in examples])
    local = np.array([e.local_score for e in examples])
    remote = np.array([e.remote_score for e in examples])
    remote_cost = _costs(
        [e.remote_cost for e in examples], [e.prompt for e in examples], settings.remote, settings
    )
    local_cost = _costs(
        [e.local_cost for e in examples], [e.prompt for e in examples], settings.local, settings
    )
    return scores, local, remote, remote_cost, local_cost


def _costs(given: list[float | None], prompts: list[str], prices: Any, settings: Any) -> Any:
    """The data's costs, or an estimate from the configured prices where a cost is missing."""
    completion = settings.budget.completion_estimate_tokens
    return np.array(
        [
            c
            if c is not None
            else (len(p) / 4 * prices.input_usd_per_mtok + completion * prices.output_usd_per_mtok) / 1e6
            for c, p in zip(given, prompts, strict=True)
        ]
    )


def _confidences(settings: Any, prompts: list[str]) -> Any:
    """The local model's confidence on each prompt (runs the model: progress on stderr)."""
    import asyncio

    from router.backends.local import LocalBackend
    from router.types import parse_request

    backend = LocalBackend(settings.local)
    out: list[float] = []

    async def score_all() -> None:
        started = time.monotonic()
        for i, prompt in enumerate(prompts, start=1):
            request = parse_request({"messages": [{"role": "user", "content": prompt}], "max_tokens": 64})
            result = await backend.complete_scored(request)
            out.append(result.confidence if result.confidence is not None else 1.0)
            if i % 10 == 0 or i == len(prompts):
                eta = (time.monotonic() - started) / i * (len(prompts) - i)
                print(
                    f"\rscoring with the local model: {i}/{len(prompts)}, ~{eta:.0f}s left",
                    end="",
                    file=sys.stderr,
                )
        print(file=sys.stderr)
        await backend.aclose()

    asyncio.run(score_all())
    return np.array(out)


def _from_ledger(settings: Any, policy: str) -> tuple[Any, ...]:
    import sqlite3

    from policies.calibration import labels_from_feedback
    from router.errors import InvalidRequest
    from router.ledger import connect

    path = settings.ledger_path()
    if not path.exists():
        raise InvalidRequest(f"no ledger at {path}")
    column = "1.0 - confidence" if policy == "cascade" else "difficulty"
    conn: sqlite3.Connection = connect(path)
    try:
        rows = conn.execute(
            f"SELECT {column}, route = 'remote', feedback, remote_cost_usd, cost_usd FROM decisions "  # noqa: S608
            f"WHERE feedback IS NOT NULL AND status = 'ok' AND route != 'block' AND {column} IS NOT NULL"
        ).fetchall()
    finally:
        conn.close()
    if len(rows) < 2:
        raise InvalidRequest(f"the ledger has {len(rows)} requests with feedback; tuning needs more")
    scores, routed, feedback, remote_cost, cost = (
        np.array(c, dtype=np.float64) for c in zip(*rows, strict=True)
    )
    local, remote = labels_from_feedback(scores, routed.astype(bool), feedback)
    local_cost = np.where(routed.astype(bool), 0.0, cost)
    return scores, local, remote, remote_cost, local_cost


def _write(path: str, policy: str, result: dict[str, Any]) -> None:
    """Set the policy in a YAML file, keeping its comments and other settings."""
    from pathlib import Path

    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    file = Path(path)
    data = yaml.load(file.read_text(encoding="utf-8")) if file.exists() else None
    if data is None:
        data = {}
    section = data.setdefault("policy", {})
    section["name"] = policy
    if policy == "cascade":
        section["min_confidence"] = round(result["min_confidence"], 6)
    else:
        section["threshold"] = round(result["threshold"], 6)
    with file.open("w", encoding="utf-8") as out:
        yaml.dump(data, out)


def _plot(path: str, curve: Any, result: dict[str, Any]) -> None:
    """Expected quality against expected spend, every threshold; the chosen one marked."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.4, 4.8), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot(curve.cost_usd, curve.quality, color="tab:blue", label="thresholds")
    ends = [curve.cost_usd[0], curve.cost_usd[-1]], [curve.quality[0], curve.quality[-1]]
    ax.plot(*ends, "--", color="grey", label="random")
    chosen = f"chosen: threshold {result['threshold']:.3f}, {result['remote_share']:.0%} remote"
    ax.plot([result["cost_usd"]], [result["quality"]], "o", color="tab:red", label=chosen)
    ax.set_xlabel("expected spend (USD)")
    ax.set_ylabel("expected quality")
    ax.set_title(f"tune: {result['target']} = {result['target_value']}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
