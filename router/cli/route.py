"""``hybrid-router route "PROMPT"``: the decision and its reasons, without calling a model."""

from __future__ import annotations

import argparse
import json
from dataclasses import asdict
from typing import Any


def add_parser(sub: Any, name: str) -> None:
    from router.cli import add_config_argument

    p: argparse.ArgumentParser = sub.add_parser(name, help="show the routing decision for a prompt")
    add_config_argument(p)
    p.add_argument("prompt", help="the user message")
    p.add_argument("--model", default="auto", help="auto, local or remote")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    from router.config import load_settings
    from router.library import Router

    settings = load_settings(args.config, {"ledger": {"enabled": False}, "cache": {"enabled": False}})
    router = Router.from_config(settings=settings)
    decision = router.route(args.prompt, model=args.model)
    data = asdict(decision)
    data["sensitive_types"] = list(decision.sensitive_types)
    if args.json:
        print(json.dumps(data, indent=2))
    else:
        print(f"route:      {decision.route}{' (degraded)' if decision.degraded else ''}")
        print(f"reason:     {decision.reason}")
        print(
            f"difficulty: {decision.difficulty:.3f} "
            f"(threshold {decision.threshold:.3f}, policy {decision.policy})"
        )
        if decision.sensitive:
            print(f"sensitive:  {', '.join(decision.sensitive_types)}")
    return 0
