"""``hybrid-router eval privacy --data F.jsonl [--data G.jsonl ...] [--json] [--config FILE]``.

Runs the default sensitivity detector on labelled texts (privacy format of ``shared/data/README.md``) and
reports ``n``, ``recall``, ``false_sensitive_rate``, ``precision``, ``per_type`` and ``ms_per_prompt``
(definitions in ``classifiers.privacy.evaluation``). The types that make a text sensitive are the
configured ``policy.sensitive_types`` (default: every type the detector reports).
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from classifiers.privacy.evaluation import PrivacyReport


def add_parser(sub: Any, name: str) -> None:
    from router.cli import add_config_argument

    p: argparse.ArgumentParser = sub.add_parser(
        name,
        help="sensitivity detection quality on labelled data",
        description="Sensitivity detection quality on labelled data (privacy JSON Lines format).",
    )
    p.add_argument(
        "--data", action="append", required=True, metavar="FILE", help="privacy JSON Lines file (repeatable)"
    )
    p.add_argument("--json", action="store_true", help="print JSON")
    add_config_argument(p)
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from classifiers.privacy.evaluation import evaluate
    from classifiers.sensitivity import SensitivityDetector
    from router.config import load_settings
    from router.privacy_data import load_privacy_data

    settings = load_settings(args.config)
    items = load_privacy_data(args.data)
    configured = settings.policy.sensitive_types
    detector = SensitivityDetector()
    report = evaluate(detector, items, sensitive_types=frozenset(configured) if configured else None)
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
    else:
        print(format_report(report))
    return 0


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.3f}"


def format_report(r: PrivacyReport) -> str:
    """The human-readable table."""
    lines = [
        f"privacy detection on {r.n} texts ({r.n_sensitive} sensitive, {r.n_benign} not sensitive)",
        f"  {'recall (sensitive texts flagged)':<46} {_fmt(r.recall):>7}",
        f"  {'false-sensitive rate (other texts flagged)':<46} {_fmt(r.false_sensitive_rate):>7}",
        f"  {'precision (flagged texts that are sensitive)':<46} {_fmt(r.precision):>7}",
        f"  {'ms per prompt':<46} {r.ms_per_prompt:>7.3f}",
    ]
    if r.per_type:
        lines.append(f"  {'per type (span recall)':<30} {'recall':>7} {'spans':>7}")
        for kind, value in r.per_type.items():
            lines.append(f"    {kind:<28} {value:>7.3f} {r.per_type_n.get(kind, 0):>7}")
    return "\n".join(lines)
