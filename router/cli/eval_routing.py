"""``hybrid-router eval routing --data F.jsonl [--data …] [--json] [--plot OUT.png]``: routing quality.

Scores every prompt with the configured difficulty classifier (no model is called) and reports the
metrics of ``policies.evaluation`` (APGR, CPT50/80, …) plus what the configured threshold yields. When
the data holds several sources, each source's figures are listed too (APGR is meaningful within one
benchmark; the pooled figure mixes them).
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from typing import Any

import numpy as np


def add_parser(sub: Any, name: str) -> None:
    from router.cli import add_config_argument

    p: argparse.ArgumentParser = sub.add_parser(
        name, help="routing quality (APGR, CPT) of the difficulty classifier on labelled data"
    )
    add_config_argument(p)
    p.add_argument(
        "--data", action="append", required=True, metavar="F.jsonl", help="routing data file (repeatable)"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--plot", metavar="OUT.png", help="write a PNG of quality against remote share")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from policies.evaluation import evaluate_routing
    from router.config import load_settings
    from router.difficulty import load_difficulty
    from router.routing_data import read_routing_files

    settings = load_settings(args.config)
    scorer = load_difficulty(settings.classifier)
    examples = read_routing_files(args.data)
    threshold = settings.policy.threshold

    start = time.perf_counter()
    scores = np.array([scorer.classify(e.prompt) for e in examples])
    ms_per_prompt = (time.perf_counter() - start) * 1000 / len(examples)

    def report(idx: np.ndarray) -> dict[str, Any]:
        chosen = [examples[i] for i in idx]
        return evaluate_routing(
            scores[idx],
            [e.local_score for e in chosen],
            [e.remote_score for e in chosen],
            local_cost=[e.local_cost for e in chosen],
            remote_cost=[e.remote_cost for e in chosen],
            threshold=threshold,
        ).to_dict()

    overall = report(np.arange(len(examples)))
    data: dict[str, Any] = {
        **{k: overall[k] for k in ("n", "apgr", "cpt50", "cpt80", "random_apgr")},
        "quality_local": overall["quality_local"],
        "quality_remote": overall["quality_remote"],
        "ms_per_prompt": round(ms_per_prompt, 4),
        "policy_remote_share": overall["policy_remote_share"],
        "policy_quality": overall["policy_quality"],
        "threshold": threshold,
        "cost_ratio_cpt50": overall["cost_ratio_cpt50"],
        "cost_ratio_cpt80": overall["cost_ratio_cpt80"],
        "classifier": getattr(scorer, "name", type(scorer).__name__),
    }
    sources = np.array([e.source for e in examples])
    if len(set(sources)) > 1:
        data["per_source"] = {s: report(np.flatnonzero(sources == s)) for s in sorted(set(sources))}
    if args.plot:
        _plot(Path(args.plot), scores, examples, data)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(_table(data))
        if args.plot:
            print(f"\nplot written to {args.plot}")
    return 0


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1000 else f"{value:.1f}"
    return str(value)


def _table(data: dict[str, Any]) -> str:
    """Human output: the overall metrics, then one line per source."""
    labels = {
        "n": "prompts",
        "apgr": "APGR",
        "random_apgr": "random APGR",
        "cpt50": "CPT50 (remote share)",
        "cpt80": "CPT80 (remote share)",
        "cost_ratio_cpt50": "cost at CPT50 / all-remote",
        "cost_ratio_cpt80": "cost at CPT80 / all-remote",
        "quality_local": "quality, all local",
        "quality_remote": "quality, all remote",
        "threshold": "policy threshold",
        "policy_remote_share": "policy remote share",
        "policy_quality": "policy quality",
        "ms_per_prompt": "ms per prompt",
        "classifier": "classifier",
    }
    width = max(len(v) for v in labels.values())
    lines = [f"{label:<{width}}  {_fmt(data[key])}" for key, label in labels.items()]
    per_source = data.get("per_source")
    if per_source:
        name_width = max(len(s) for s in per_source)
        lines += [
            "",
            f"{'source':<{name_width}}  {'n':>6}  {'APGR':>6}  {'CPT50':>6}  {'CPT80':>6}  {'random':>6}",
        ]
        for source, r in per_source.items():
            lines.append(
                f"{source:<{name_width}}  {r['n']:>6}  {r['apgr']:>6.3f}  {r['cpt50']:>6.3f}  "
                f"{r['cpt80']:>6.3f}  {r['random_apgr']:>6.3f}"
            )
    return "\n".join(lines)


def _plot(path: Path, scores: np.ndarray, examples: list[Any], data: dict[str, Any]) -> None:
    """Quality against remote share: the random diagonal, the router's curve, the policy's point."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from policies.evaluation import quality_curve
    from router.jsonl import DataError

    quality = quality_curve(scores, [e.local_score for e in examples], [e.remote_score for e in examples])
    share = np.linspace(0.0, 1.0, len(quality))
    fig = Figure(figsize=(6.4, 4.8), dpi=100)
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    ax.plot([0, 1], [quality[0], quality[-1]], "--", color="grey", label="random")
    ax.plot(share, quality, color="tab:blue", label=f"router (APGR {data['apgr']:.3f})")
    ax.plot(
        [data["policy_remote_share"]],
        [data["policy_quality"]],
        "o",
        color="tab:red",
        label=f"policy (threshold {data['threshold']:.2f})",
    )
    ax.set_xlabel("share of prompts sent remote")
    ax.set_ylabel("quality")
    ax.set_title(f"routing quality on {data['n']} prompts")
    ax.grid(alpha=0.3)
    ax.legend(loc="lower right")
    fig.tight_layout()
    try:
        fig.savefig(path, format="png")
    except OSError as exc:
        raise DataError(f"cannot write plot {path}: {exc.strerror}") from exc
