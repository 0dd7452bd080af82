"""``hybrid-router report``: spend, savings and routes from the ledger."""

from __future__ import annotations

import argparse
import json
from typing import Any


def add_parser(sub: Any, name: str) -> None:
    from router.cli import add_config_argument

    p: argparse.ArgumentParser = sub.add_parser(name, help="spend, savings and routes from the ledger")
    add_config_argument(p)
    p.add_argument("--since", help="only requests since a duration ago (24h, 7d) or an ISO date")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from router.config import load_settings
    from router.report import parse_since, summarize

    settings = load_settings(args.config)
    summary = summarize(settings.ledger_path(), parse_since(args.since))
    if args.json:
        print(json.dumps(summary, indent=2))
        return 0
    print(f"ledger: {summary['ledger']}")
    print(
        f"requests: {summary['requests']}  (cache hits {summary['cache_hits']}, "
        f"degraded {summary['degraded']}, errors {summary['errors']})"
    )
    print(f"{'route':<8} {'requests':>9} {'share':>7} {'spend USD':>12}")
    for route, row in summary["routes"].items():
        print(f"{route:<8} {row['requests']:>9} {row['share']:>7.1%} {row['cost_usd']:>12.6f}")
    print(f"spend:               {summary['cost_usd']:.6f} USD")
    print(f"all-remote would be: {summary['all_remote_cost_usd']:.6f} USD")
    print(f"savings:             {summary['savings_usd']:.6f} USD ({summary['savings_share']:.1%})")
    return 0
